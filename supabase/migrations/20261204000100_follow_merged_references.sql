-- A reference to a row that one of the caller's inserts was merged into another row follows it
-- there. Two laptops register the same new unit (one asset tag) or raise the same work order;
-- the second laptop's insert is merged into the first's row, which has another id, but the
-- logs, readings or checklist steps it made offline name its own id. Before this migration
-- those were refused with foreign_key_violation and waited for a person who could not fix
-- them; now, in the same push or any later one, a reference to the merged id is read as the
-- id of the row it was merged into. The device re-points its own copies when it hears of the
-- merge (src/shared/sync/plan-push.ts); this covers what it sent before it heard.
--
-- Only the caller's own merges are followed: business.sync_mutations is read as the caller
-- (row-level security, user_id = auth.uid()), and only inserts whose recorded result names
-- another row. A merged id is a random UUID of the device's, never a row of anyone else's.

-- The columns of a table devices push that name a row of one (by that row's id):
-- {"equipment_id": "equipment", …}, from the foreign keys. Empty for a table that is not one.
create or replace function business_private.push_table_refs(p_table text) returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(a.attname, t.relname), '{}'::jsonb)
  from pg_constraint c
  join pg_class t on t.oid = c.confrelid
  join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'business'
  join business.sync_tables s on s.table_name = t.relname::text and s.client_writable
  cross join lateral unnest(c.conkey, c.confkey) as k (src, dst)
  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.src
  join pg_attribute d on d.attrelid = c.confrelid and d.attnum = k.dst and d.attname = 'id'
  where c.conrelid = to_regclass(format('business.%I', p_table)) and c.contype = 'f'
$$;

-- p_items (mutations, as pushed) with each reference in `data` (p_refs: push_table_refs) to an
-- id the caller's insert was merged away from replaced by the id of the row it was merged into.
-- Values that are not UUIDs are left for the push to refuse.
create or replace function business_private.follow_merges(p_items jsonb, p_refs jsonb) returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_map jsonb;
begin
  if p_refs is null or p_refs = '{}'::jsonb or jsonb_typeof(p_items) <> 'array' then
    return p_items;
  end if;
  select jsonb_object_agg(m.row_id::text, m.result -> 'row' ->> 'id')
    into v_map
  from (
    select distinct r.value #>> '{}' as tab,
           case when lower(i -> 'data' ->> r.key) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then (i -> 'data' ->> r.key)::uuid end as ref
    from jsonb_array_elements(p_items) i
    cross join jsonb_each(p_refs) r
    where jsonb_typeof(i -> 'data') = 'object' and jsonb_typeof(i -> 'data' -> r.key) = 'string') x
  join business.sync_mutations m on m.row_id = x.ref and m.table_name = x.tab
  where m.op = 'insert' and m.result -> 'row' ->> 'id' is not null
    and m.result -> 'row' ->> 'id' <> m.row_id::text;
  if v_map is null then
    return p_items;
  end if;
  return (
    select jsonb_agg(
             case when jsonb_typeof(i -> 'data') = 'object'
                       and exists (select 1 from jsonb_each(i -> 'data') d
                                   where p_refs ? d.key and v_map ? lower(d.value #>> '{}'))
               then jsonb_set(i, '{data}', (
                 select jsonb_object_agg(d.key,
                          case when p_refs ? d.key and v_map ? lower(d.value #>> '{}')
                               then v_map -> lower(d.value #>> '{}') else d.value end)
                 from jsonb_each(i -> 'data') d))
               else i end
             order by e.n)
    from jsonb_array_elements(p_items) with ordinality as e (i, n));
end
$$;

grant execute on function
  business_private.push_table_refs(text),
  business_private.follow_merges(jsonb, jsonb)
  to authenticated, service_role;

-- As 20261202000700, with the references followed first.
create or replace function business_private.push_mutation(m jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_id uuid;
  v_table text;
  v_op text;
  v_row_id uuid;
  v_base_updated_at timestamptz;
  v_data jsonb;
  v_base jsonb;
  v_changed_at timestamptz;
  v_device uuid;
  v_prior jsonb;
  v_result jsonb;
begin
  if jsonb_typeof(m) is distinct from 'object' then
    perform business_private.reject('invalid_mutation', 'a mutation must be a JSON object');
  end if;
  v_id := (m ->> 'id')::uuid;
  v_table := m ->> 'table';
  v_op := m ->> 'op';
  v_row_id := (m ->> 'row_id')::uuid;
  v_base_updated_at := (m ->> 'base_updated_at')::timestamptz;
  v_data := coalesce(m -> 'data', '{}'::jsonb);
  v_base := coalesce(m -> 'base', '{}'::jsonb);
  v_changed_at := least(coalesce((m ->> 'changed_at')::timestamptz, clock_timestamp()), clock_timestamp());
  v_device := (m ->> 'device_id')::uuid;
  if v_id is null or v_table is null or v_op is null or v_row_id is null then
    perform business_private.reject('invalid_mutation', 'a mutation needs id, table, op and row_id');
  end if;
  if jsonb_typeof(v_data) <> 'object' or jsonb_typeof(v_base) <> 'object' then
    perform business_private.reject('invalid_mutation', 'data and base must be JSON objects');
  end if;

  -- A reference to a row this user's insert was merged into another row follows it there.
  v_data := business_private.follow_merges(jsonb_build_array(jsonb_build_object('data', v_data)),
                                           business_private.push_table_refs(v_table)) -> 0 -> 'data';

  v_prior := business_private.prior_result(v_id);
  if v_prior is not null then
    return v_prior || jsonb_build_object('status', 'duplicate');
  end if;
  perform business_private.claim_mutation(v_id, v_device, v_table, v_row_id, v_op, v_changed_at);

  perform set_config('outpost.mutation_id', v_id::text, true);
  perform set_config('outpost.device_id', coalesce(v_device::text, ''), true);
  perform set_config('outpost.reason', '', true);
  v_result := business_private.apply_mutation(v_table, v_op, v_row_id, v_base_updated_at, v_data,
                                              v_base, v_changed_at, v_id, v_device)
              || jsonb_build_object('id', v_id, 'error', null);
  perform business_private.settle_mutation(v_id, v_result);
  return v_result;
end
$$;

-- As 20261203000100, with each run's references followed before it is applied.
create or replace function business_private.sync_push_core(json) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  c_run constant int := 500;
  p_mutations json;
  v_count int;
  v_items jsonb[] := '{}';
  v_ids text[] := '{}';
  v_errors text[] := '{}';
  v_results jsonb[] := '{}';
  v_elem json;
  v_writable text[];
  v_info jsonb := '{}'::jsonb;
  v_i int := 1;
  v_j int;
  v_len int;
  v_handled int;
  v_limit int := c_run;
  v_end int;
  v_table text;
  v_op text;
  v_eligible boolean[];
  v_run_key text[];
  v_prev int[];
  v_r jsonb;
  m jsonb;
begin
  if auth.uid() is null then
    raise exception 'sign in to push changes' using errcode = '42501';
  end if;
  p_mutations := business_private.mutations_of($1);
  if json_typeof(p_mutations) is distinct from 'array' then
    raise exception 'p_mutations must be a JSON array of mutations' using errcode = '22023';
  end if;
  v_count := json_array_length(p_mutations);
  if v_count > 500 then
    raise exception 'at most 500 mutations per push, got %', v_count using errcode = '22023';
  end if;
  -- A row locked by another session is waited for 1 s at most, then that mutation is answered
  -- `retry`: the push stays far inside the 8 s statement limit.
  perform set_config('lock_timeout', '1s', true);

  -- Every mutation converted at once; when one cannot be, each on its own as before.
  begin
    select coalesce(array_agg(e.value::jsonb order by e.n), '{}'), coalesce(array_agg(e.value ->> 'id' order by e.n), '{}'),
           array_fill(null::text, array[v_count])
      into v_items, v_ids, v_errors
    from json_array_elements(p_mutations) with ordinality as e (value, n);
  exception when others then
    v_items := '{}';
    v_ids := '{}';
    v_errors := '{}';
    for v_elem in select value from json_array_elements(p_mutations) loop
      v_ids := array_append(v_ids, business_private.json_id(v_elem));
      begin
        v_items := array_append(v_items, v_elem::jsonb);
        v_errors := array_append(v_errors, null::text);
      exception when others then
        v_items := array_append(v_items, null::jsonb);
        v_errors := array_append(v_errors, sqlerrm);
      end;
    end loop;
  end;
  v_writable := array(select t.table_name from business.sync_tables t where t.client_writable);
  -- Per mutation: whether a run may hold it, its run key (table, op and, for an insert, the
  -- fields it sends), and the last earlier mutation with the same id or row.
  select coalesce(array_agg(x.eligible order by x.n), '{}'), coalesce(array_agg(x.run order by x.n), '{}'),
         coalesce(array_agg(x.prev order by x.n), '{}')
    into v_eligible, v_run_key, v_prev
  from (
    select y.n, y.eligible, y.run,
           greatest(coalesce(lag(y.n) over (partition by y.mid order by y.n), 0),
                    coalesce(lag(y.n) over (partition by y.rid order by y.n), 0)) as prev
    from (
      select u.n,
             u.m is not null and jsonb_typeof(u.m) = 'object' and coalesce(u.m ->> 'table' = any (v_writable), false)
               and coalesce(u.m ->> 'op' in ('insert', 'update', 'delete'), false)
               and jsonb_typeof(coalesce(u.m -> 'data', '{}'::jsonb)) = 'object'
               and jsonb_typeof(coalesce(u.m -> 'base', '{}'::jsonb)) = 'object' as eligible,
             case when jsonb_typeof(u.m) = 'object' then
               concat_ws('/', u.m ->> 'table', u.m ->> 'op',
                 case when u.m ->> 'op' = 'insert' and jsonb_typeof(u.m -> 'data') = 'object' then
                   (select string_agg(x, ',' order by x) from jsonb_object_keys(u.m -> 'data') x) end) end as run,
             case when jsonb_typeof(u.m) = 'object' then lower(coalesce(u.m ->> 'id', '')) end as mid,
             case when jsonb_typeof(u.m) = 'object' then lower(coalesce(u.m ->> 'row_id', '')) end as rid
      from unnest(v_items) with ordinality as u (m, n)) y) x;

  while v_i <= v_count loop
    m := v_items[v_i];
    if not v_eligible[v_i] then
      v_results := v_results || business_private.push_classic(v_items, v_ids, v_errors, v_i, v_i);
      v_i := v_i + 1;
      continue;
    end if;
    -- The run: same table and operation, no mutation id or row twice, inserts sending the same fields.
    v_table := m ->> 'table';
    v_op := m ->> 'op';
    v_j := v_i + 1;
    while v_j <= v_count and v_j - v_i < v_limit and v_eligible[v_j] and v_run_key[v_j] = v_run_key[v_i]
          and v_prev[v_j] < v_i loop
      v_j := v_j + 1;
    end loop;
    if not v_info ? v_table then
      v_info := v_info || jsonb_build_object(v_table, business_private.push_table_info(v_table)
                                                       || jsonb_build_object('refs', business_private.push_table_refs(v_table)));
    end if;

    v_len := v_j - v_i;
    loop
      begin
        v_r := business_private.push_set(v_table, v_op,
                 business_private.follow_merges(to_jsonb(v_items[v_i:v_i + v_len - 1]), v_info -> v_table -> 'refs'),
                 v_info -> v_table);
        exit;
      exception
        when sqlstate 'OPR01' then
          -- Undone: its first mutations go again alone, up to the one that needs the per-mutation path.
          v_len := sqlerrm::int - 1;
          if v_len = 0 then
            v_r := jsonb_build_object('handled', 0, 'results', '[]'::jsonb);
            exit;
          end if;
        when others then
          v_r := null;
          exit;
      end;
    end loop;
    if v_r is null then
      -- An error inside the run: undone, and pushed one mutation at a time, as before.
      v_results := v_results || business_private.push_classic(v_items, v_ids, v_errors, v_i, v_j - 1);
      v_i := v_j;
      continue;
    end if;
    v_handled := (v_r ->> 'handled')::int;
    -- A run that stops early has read (and, when undone, written) all of its rows; while runs
    -- stop early, later ones are kept short (twice what the last one kept, at least 16), so
    -- that a batch with many such mutations costs a few times its length, not its square. A
    -- run taken whole lets them grow back.
    if v_handled < v_j - v_i then
      v_limit := greatest(16, 2 * v_handled);
    else
      v_limit := least(c_run, 2 * v_limit);
    end if;
    v_results := v_results || array(select e from jsonb_array_elements(v_r -> 'results') e);
    v_i := v_i + v_handled;
    if v_i < v_j then
      -- The mutation that stopped the run goes the per-mutation way; after a short run, the next
      -- ones too, so that a batch needing it often does not try a run again after each of them.
      v_end := case when v_handled < 8 then least(v_i + 49, v_j - 1) else v_i end;
      v_results := v_results || business_private.push_classic(v_items, v_ids, v_errors, v_i, v_end);
      v_i := v_end + 1;
    end if;
  end loop;
  perform set_config('outpost.mutation_id', '', true);
  perform set_config('outpost.device_id', '', true);
  return jsonb_build_object('results', coalesce(to_jsonb(v_results), '[]'::jsonb), 'server_time', clock_timestamp());
end
$$;
