-- A derived insert merged into the row another laptop made first records no conflict for the
-- fields people changed since (docs/preventive-maintenance.md). Laptop a raised a scheduled
-- order and ticked its first step; laptop b, offline, raised the same order later and sends
-- the step as derived, unticked. Before this migration the server merged b's insert as an
-- update with no base, so the tick was a conflict (the server's side winning, by time) that
-- the office had to look at although nothing was in question.
--
--   * A device now sends a derived insert with its base: the values it derived (every device
--     derives the same ones). A merged insert is compared with the base it sends, as an update
--     is; an insert without one (every other insert) is merged as before, every differing
--     field decided by time.
--   * The field-by-field merge gains the rule of a three-way merge it lacked: a field the
--     device sends at its base value while the server's value differs was changed only on
--     the server, and the server's value stands, with no conflict. (Before, it was a conflict
--     decided by time. A device sends such a field only for a derived insert or when an edit
--     was changed back before it was pushed.)
--   * A derived insert is answered by the per-mutation path, not in a run: there are a few
--     per scheduled order, and push_set merges inserts without a base.


-- As 20261121000700, with the rule for a field only the server changed.
create or replace function business_private.merge_into_row(
  p_table text, p_op text, p_cur jsonb, p_base_updated_at timestamptz, p_client jsonb, p_base jsonb,
  p_changed_at timestamptz, p_mutation_id uuid, p_device_id uuid)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_row_id uuid := (p_cur ->> 'id')::uuid;
  v_server_ts timestamptz := (p_cur ->> 'updated_at')::timestamptz;
  v_client_wins boolean := p_changed_at > v_server_ts;
  v_apply jsonb := '{}'::jsonb;
  v_conflicts text[] := '{}';
  v_client jsonb;
  v_conflict_id uuid;
  v_row jsonb;
  k text;
begin
  if p_base_updated_at is not null and v_server_ts = p_base_updated_at then
    select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) into v_apply
    from jsonb_each(p_client) where value is distinct from p_cur -> key;
    v_row := business_private.update_row(p_table, v_row_id, v_apply);
    return jsonb_build_object('status', 'applied', 'row', v_row, 'conflict_id', null);
  end if;

  if p_cur ->> 'deleted_at' is not null and p_base ->> 'deleted_at' is null then
    -- Deleted on the server after the device's base: every device field conflicts with it.
    v_conflicts := array['deleted_at'] || array(select jsonb_object_keys(p_client));
    v_client := jsonb_build_object('deleted_at', null) || p_client;
    if v_client_wins then
      v_apply := v_client;
    end if;
  else
    for k in select jsonb_object_keys(p_client) loop
      if p_client -> k is not distinct from p_cur -> k then
        continue;  -- both sides agree already
      elsif p_base ? k and p_base -> k is not distinct from p_cur -> k then
        v_apply := v_apply || jsonb_build_object(k, p_client -> k);  -- only the device changed it
      elsif p_base ? k and p_base -> k is not distinct from p_client -> k then
        continue;  -- only the server changed it: its value stands
      else
        v_conflicts := v_conflicts || k;
        if v_client_wins then
          v_apply := v_apply || jsonb_build_object(k, p_client -> k);
        end if;
      end if;
    end loop;
    v_client := business_private.pick(p_client, v_conflicts);
  end if;

  v_row := business_private.update_row(p_table, v_row_id, v_apply);
  if cardinality(v_conflicts) = 0 then
    return jsonb_build_object('status', 'merged', 'row', v_row, 'conflict_id', null);
  end if;
  v_conflict_id := business_private.record_conflict(
    p_table, p_op, v_row, v_conflicts,
    business_private.pick(p_base, v_conflicts) - array(select k2 from unnest(v_conflicts) k2 where not p_base ? k2),
    business_private.pick(p_cur, v_conflicts),
    v_client,
    case when v_client_wins then 'client' else 'server' end,
    p_changed_at, v_server_ts, p_mutation_id, p_device_id);
  return jsonb_build_object('status', 'conflict', 'row', v_row, 'conflict_id', v_conflict_id);
end
$$;

-- As 20261203000100, with the same rule.
create or replace function business_private.merge_decision(
  p_op text, p_cur jsonb, p_base_updated_at timestamptz, p_client jsonb, p_base jsonb,
  p_changed_at timestamptz)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_server_ts timestamptz := (p_cur ->> 'updated_at')::timestamptz;
  v_client_wins boolean := p_changed_at > v_server_ts;
  v_apply jsonb := '{}'::jsonb;
  v_conflicts text[] := '{}';
  v_client jsonb;
  v_picked jsonb;
  v_base jsonb;
  v_server jsonb;
  k text;
begin
  if p_op = 'delete' then
    if p_cur ->> 'deleted_at' is not null then
      return jsonb_build_object('status', 'applied', 'apply', '{}'::jsonb);
    end if;
    if p_base_updated_at is not null and v_server_ts = p_base_updated_at then
      return jsonb_build_object('status', 'applied', 'apply', jsonb_build_object('deleted_at', clock_timestamp()));
    end if;
    return jsonb_build_object(
      'status', 'conflict',
      'apply', case when v_client_wins then jsonb_build_object('deleted_at', clock_timestamp()) else '{}'::jsonb end,
      'fields', jsonb_build_array('deleted_at'),
      'base', jsonb_build_object('deleted_at', null),
      'server', jsonb_build_object('deleted_at', null),
      'client', jsonb_build_object('deleted_at', p_changed_at),
      'winner', case when v_client_wins then 'client' else 'server' end,
      'server_ts', v_server_ts);
  end if;

  if p_base_updated_at is not null and v_server_ts = p_base_updated_at then
    select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) into v_apply
    from jsonb_each(p_client) where value is distinct from p_cur -> key;
    return jsonb_build_object('status', 'applied', 'apply', v_apply);
  end if;

  if p_cur ->> 'deleted_at' is not null and p_base ->> 'deleted_at' is null then
    v_conflicts := array['deleted_at'] || array(select jsonb_object_keys(p_client));
    v_client := jsonb_build_object('deleted_at', null) || p_client;
    if v_client_wins then
      v_apply := v_client;
    end if;
  else
    for k in select jsonb_object_keys(p_client) loop
      if p_client -> k is not distinct from p_cur -> k then
        continue;
      elsif p_base ? k and p_base -> k is not distinct from p_cur -> k then
        v_apply := v_apply || jsonb_build_object(k, p_client -> k);
      elsif p_base ? k and p_base -> k is not distinct from p_client -> k then
        continue;
      else
        v_conflicts := v_conflicts || k;
        if v_client_wins then
          v_apply := v_apply || jsonb_build_object(k, p_client -> k);
        end if;
      end if;
    end loop;
  end if;

  if cardinality(v_conflicts) = 0 then
    return jsonb_build_object('status', 'merged', 'apply', v_apply);
  end if;
  -- pick(p_client, …), pick(p_base, …) less the fields the base does not hold, pick(p_cur, …).
  select coalesce(jsonb_object_agg(x, p_client -> x), '{}'::jsonb),
         coalesce(jsonb_object_agg(x, p_base -> x) filter (where p_base ? x), '{}'::jsonb),
         coalesce(jsonb_object_agg(x, p_cur -> x), '{}'::jsonb)
    into v_picked, v_base, v_server
  from unnest(v_conflicts) x;
  return jsonb_build_object(
    'status', 'conflict',
    'apply', v_apply,
    'fields', to_jsonb(v_conflicts),
    'base', v_base,
    'server', v_server,
    'client', coalesce(v_client, v_picked),
    'winner', case when v_client_wins then 'client' else 'server' end,
    'server_ts', v_server_ts);
end
$$;

-- As 20261202000700, an insert merged into an existing row compared with the base it sent.
create or replace function business_private.apply_mutation(
  p_table text, p_op text, p_row_id uuid, p_base_updated_at timestamptz, p_data jsonb, p_base jsonb,
  p_changed_at timestamptz, p_mutation_id uuid, p_device_id uuid)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_allowed text[];
  v_unknown text[];
  v_client jsonb;
  v_base jsonb;
  v_cur jsonb;
  v_row jsonb;
  v_server_ts timestamptz;
  v_conflict_id uuid;
  v_alias uuid;
begin
  if not exists (select 1 from business.sync_tables where table_name = p_table and client_writable) then
    perform business_private.reject('unknown_table', format('"%s" is not a table devices can change', p_table));
  end if;
  if p_op not in ('insert', 'update', 'delete') then
    perform business_private.reject('invalid_mutation', format('unknown operation "%s"', p_op));
  end if;

  v_allowed := business_private.client_columns(p_table, p_op);
  select array_agg(k) into v_unknown from jsonb_object_keys(p_data) k where k <> all (v_allowed);
  if v_unknown is not null then
    perform business_private.reject('unknown_field',
      format('%s cannot be set on %s: %s', case when cardinality(v_unknown) = 1 then 'this field' else 'these fields' end,
             p_table, array_to_string(v_unknown, ', ')));
  end if;
  v_client := business_private.normalize(p_table, p_data);
  v_base := business_private.normalize(p_table, p_base - array(select k from jsonb_object_keys(p_base) k where k <> all (v_allowed || array['deleted_at'])));

  v_cur := business_private.row_json(p_table, p_row_id, true);
  if v_cur is null and p_op <> 'insert' then
    -- The row may have been created by an insert the server merged into an existing row (the
    -- same reading entered twice); later edits of it, queued before the device heard of the
    -- merge, follow it there.
    select (m.result -> 'row' ->> 'id')::uuid into v_alias
    from business.sync_mutations m
    where m.row_id = p_row_id and m.table_name = p_table and m.op = 'insert'
      and m.result -> 'row' ->> 'id' is distinct from p_row_id::text
    limit 1;
    if v_alias is not null then
      p_row_id := v_alias;
      v_cur := business_private.row_json(p_table, p_row_id, true);
    end if;
  end if;
  if v_cur is null and p_op <> 'insert' then
    if business_private.row_json(p_table, p_row_id, false) is not null then
      perform business_private.reject('forbidden', format('you may not change this %s row', p_table));
    end if;
    perform business_private.reject('not_found', format('this %s row does not exist or is no longer yours to see', p_table));
  end if;

  if p_op = 'insert' then
    if v_cur is null then
      v_row := business_private.insert_row(p_table, v_client || jsonb_build_object('id', p_row_id));
      if v_row is not null then
        return jsonb_build_object('status', 'applied', 'row', v_row, 'conflict_id', null);
      end if;
      -- Not inserted: the id is taken (by a push that committed while this one waited for it)
      -- or a unique key is (the same reading entered on two devices). Merge into that row as
      -- an update whose base is unknown; never a second row, never an error.
      v_cur := business_private.row_json(p_table, p_row_id, true);
      if v_cur is null and business_private.row_exists(p_table, p_row_id) then
        perform business_private.reject('forbidden', format('a %s row with this id exists and is not yours to change', p_table));
      end if;
      if v_cur is null then
        v_cur := business_private.find_collision(p_table, v_client);
      end if;
      if v_cur is null then
        perform business_private.reject('duplicate',
          format('a %s row with the same key already exists and is not visible to you', p_table));
      end if;
    end if;
    return business_private.merge_into_row(p_table, p_op, v_cur, null, v_client, v_base,
                                          p_changed_at, p_mutation_id, p_device_id);
  end if;

  if p_op = 'update' then
    return business_private.merge_into_row(p_table, p_op, v_cur, p_base_updated_at, v_client, v_base,
                                          p_changed_at, p_mutation_id, p_device_id);
  end if;

  -- delete: a soft delete, so the tombstone reaches every device.
  if v_cur ->> 'deleted_at' is not null then
    return jsonb_build_object('status', 'applied', 'row', v_cur, 'conflict_id', null);
  end if;
  v_server_ts := (v_cur ->> 'updated_at')::timestamptz;
  if p_base_updated_at is not null and v_server_ts = p_base_updated_at then
    v_row := business_private.update_row(p_table, p_row_id, jsonb_build_object('deleted_at', clock_timestamp()));
    return jsonb_build_object('status', 'applied', 'row', v_row, 'conflict_id', null);
  end if;
  -- Changed on the server since the device's base: delete against update, decided by time.
  if p_changed_at > v_server_ts then
    v_row := business_private.update_row(p_table, p_row_id, jsonb_build_object('deleted_at', clock_timestamp()));
  else
    v_row := v_cur;
  end if;
  v_conflict_id := business_private.record_conflict(
    p_table, p_op, v_row, array['deleted_at'], jsonb_build_object('deleted_at', null),
    jsonb_build_object('deleted_at', null), jsonb_build_object('deleted_at', p_changed_at),
    case when p_changed_at > v_server_ts then 'client' else 'server' end,
    p_changed_at, v_server_ts, p_mutation_id, p_device_id);
  return jsonb_build_object('status', 'conflict', 'row', v_row, 'conflict_id', v_conflict_id);
end
$$;

-- As 20261204000100, derived inserts kept out of runs.
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
               and jsonb_typeof(coalesce(u.m -> 'base', '{}'::jsonb)) = 'object'
               -- A derived insert (it sends a base) is rare and goes the per-mutation way.
               and not (u.m ->> 'op' = 'insert' and coalesce(u.m -> 'base', '{}'::jsonb) <> '{}'::jsonb) as eligible,
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
