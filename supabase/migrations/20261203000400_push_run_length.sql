-- sync_push's body bounded for batches in which many mutations stop their run (issue 17).
-- push_set reads and locks every row of its run before it knows where the run stops, and when
-- it finds that only after inserting, the run is undone and its first mutations inserted again.
-- With such a mutation every few rows (rows not found, ids held by rows the caller cannot see)
-- runs of 500 cost about n²/2k rows: 500 inserts with every ninth on an invisible id took 10.9 s,
-- past the 8 s hosted limit (1.8 s one at a time). After a run that stops early the next ones
-- are kept to twice what it kept (at least 16), growing back once a run is taken whole. Same
-- results.

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
      v_info := v_info || jsonb_build_object(v_table, business_private.push_table_info(v_table));
    end if;

    v_len := v_j - v_i;
    loop
      begin
        v_r := business_private.push_set(v_table, v_op, to_jsonb(v_items[v_i:v_i + v_len - 1]), v_info -> v_table);
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
