-- sync_push applies runs of mutations with a few statements instead of a few per mutation
-- (issue 17): one lookup of earlier results, one claim insert into sync_mutations, one
-- `select … for update`, one insert or update of the table, one insert into sync_conflicts and
-- one settle of sync_mutations for up to 500 mutations of one table and operation. Each of
-- those statements pays the site-rights InitPlans of row-level security once, not once per
-- mutation, and the table's columns and unique keys are read once per table per call.
--
-- Every outcome stays as the per-mutation path (business_private.push_mutation, unchanged)
-- decides it: a run stops before the first mutation that needs anything else (a rejection, a
-- row not found or locked elsewhere, an alias of a merged insert, a change of a unique key,
-- a second edit of the same row or the same mutation id), which is then answered by the
-- per-mutation path, and the run goes on after it. An error inside a run (a CHECK, a closed
-- month, a foreign key, a value that does not convert) undoes the run, which is then pushed
-- through the per-mutation path in runs of 50 as before, so one bad mutation still never fails
-- the others. Runs are applied in input order (rows inserted and updated in that order), so
-- the journal and the unique keys see the same sequence as one mutation at a time.
--
-- The journal trigger stays per row; the device and mutation of each row written by a
-- multi-row statement come from `outpost.push_rows`, set by the push for that statement only,
-- so every entry carries the same values as before.
--
-- Around the runs:
--   * the request is converted to jsonb in one statement; only when some mutation cannot be
--     converted is each converted on its own (a subtransaction each), as before;
--   * the runs are found from one pass over the batch (table, operation, fields of an insert,
--     the last earlier mutation with the same id or row);
--   * push_set finds earlier results in one join, and writes rows and conflicts in statements
--     of 50 rows: the journal trigger reads outpost.push_rows once per row, and a shorter list
--     costs less;
--   * push_set reads and locks every row of its run before it knows where the run stops, so
--     after a run that stops early the next ones are kept to twice what it kept (at least 16),
--     growing back once a run is taken whole: with a stopping mutation every few rows, runs
--     of 500 would cost about n²/2k rows (500 inserts with every ninth on an id the caller
--     cannot see took 10.9 s, past the 8 s hosted limit);
--   * merge_decision picks a conflict's values in one query: business_private.pick, a SQL
--     function that is not inlined, would be planned again three times per conflict.

-- The journal entry of a row: as 20261202000100, plus the mutation and device of the row from
-- `outpost.push_rows` ("<row id>=<mutation id>:<device id or nothing>;" per row) when a push
-- writes several rows with one statement.
create or replace function business_private.write_journal() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_j jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) - 'txid' end;
  new_j jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) - 'txid' end;
  src jsonb := coalesce(new_j, old_j);
  changed text[] := '{}';
  op text;
  b jsonb;
  a jsonb;
  k text;
  v_rows text := current_setting('outpost.push_rows', true);
  v_entry text;
  v_mutation uuid;
  v_device uuid;
begin
  if tg_op = 'INSERT' then
    op := 'insert';
    a := new_j;
  elsif tg_op = 'DELETE' then
    op := 'purge';
    b := old_j;
  else
    for k in select jsonb_object_keys(new_j) loop
      if k not in ('updated_at', 'updated_by') and new_j -> k is distinct from old_j -> k then
        changed := changed || k;
      end if;
    end loop;
    if cardinality(changed) = 0 then
      return null;
    end if;
    op := case
      when old_j ->> 'deleted_at' is null and new_j ->> 'deleted_at' is not null then 'delete'
      when old_j ->> 'deleted_at' is not null and new_j ->> 'deleted_at' is null then 'restore'
      else 'update' end;
    select jsonb_object_agg(key, value) into b from jsonb_each(old_j) where key = any (changed);
    select jsonb_object_agg(key, value) into a from jsonb_each(new_j) where key = any (changed);
  end if;
  if v_rows <> '' then
    -- split_part works on bytes; substr would count characters from the start of the text.
    v_entry := left(split_part(v_rows, (src ->> 'id') || '=', 2), 74);
    if v_entry <> '' then
      v_mutation := left(v_entry, 36)::uuid;
      v_device := nullif(split_part(substr(v_entry, 38), ';', 1), '')::uuid;
    end if;
  end if;
  insert into business.journal
    (organization_id, site_id, table_name, row_id, op, actor_id, actor_role, device_id, mutation_id,
     reason, changed, before, after)
  values (
    (src ->> 'organization_id')::uuid,
    case tg_table_name when 'sites' then (src ->> 'id')::uuid else (src ->> 'site_id')::uuid end,
    tg_table_name,
    (src ->> 'id')::uuid,
    op,
    auth.uid(),
    coalesce(auth.role(), current_user),
    coalesce(v_device, business.current_device_id()),
    coalesce(v_mutation, nullif(current_setting('outpost.mutation_id', true), '')::uuid),
    coalesce(
      nullif(current_setting('outpost.reason', true), ''),
      case when tg_table_name = 'energy_production' and new_j ->> 'source' = 'adjustment'
           then new_j ->> 'notes' end),
    changed,
    b,
    a);
  return null;
end
$$;

-- What a push needs to know of a table, read once per table per call: the columns a device
-- may send on insert and on update, and the unique keys other than the primary key (columns
-- and predicate, in the order find_collision tries them).
create or replace function business_private.push_table_info(p_table text) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'insert', to_jsonb(business_private.client_columns(p_table, 'insert')),
    'update', to_jsonb(business_private.client_columns(p_table, 'update')),
    'keys', coalesce((
      select jsonb_agg(jsonb_build_object('columns', to_jsonb(k.columns), 'predicate', k.predicate)
                       order by k.index_name)
      from business_private.unique_keys(p_table) k), '[]'::jsonb),
    -- Every column those keys read, in their columns or their predicates.
    'key_columns', coalesce((
      select jsonb_agg(distinct c.name) from (
      select x as name from business_private.unique_keys(p_table) k cross join unnest(k.columns) x
      union all
      select a.attname::text
      from pg_index i
      join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = i.indexrelid
                      and d.refclassid = 'pg_class'::regclass and d.refobjid = i.indrelid and d.refobjsubid > 0
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = d.refobjsubid
      where i.indrelid = format('business.%I', p_table)::regclass and i.indisunique and not i.indisprimary) c),
      '[]'::jsonb))
$$;

-- What merge_into_row (update, insert into an existing row) or apply_mutation's delete branch
-- would do with a locked row, without doing it: the status, the values to write (`apply`) and,
-- for a conflict, what record_conflict would keep.
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

-- The caller's earlier results of these mutation ids, and which ids someone else used.
create or replace function business_private.prior_results(p_ids uuid[])
returns table (id uuid, result jsonb, mine boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select m.id, case when m.user_id = auth.uid() then m.result end, m.user_id = auth.uid()
  from business.sync_mutations m
  where m.id = any (p_ids)
$$;

-- claim_mutation for several mutations ({id, device_id, table, row_id, op, changed_at}), in order.
create or replace function business_private.claim_mutations(p_claims jsonb) returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into business.sync_mutations (id, user_id, device_id, table_name, row_id, op, status, result, changed_at)
  select (c ->> 'id')::uuid, auth.uid(), (c ->> 'device_id')::uuid, c ->> 'table', (c ->> 'row_id')::uuid,
         c ->> 'op', 'pending', '{}'::jsonb, (c ->> 'changed_at')::timestamptz
  from jsonb_array_elements(p_claims) with ordinality as e (c, n)
  order by e.n
$$;

-- settle_mutation for several results.
create or replace function business_private.settle_mutations(p_results jsonb) returns void
language sql
volatile
security definer
set search_path = ''
as $$
  update business.sync_mutations m set status = r.result ->> 'status', result = r.result
  from (select (e ->> 'id')::uuid as id, e as result from jsonb_array_elements(p_results) e) r
  where m.id = r.id and m.user_id = auth.uid()
$$;

-- record_conflict for several conflicts, in order, with ids chosen by the caller
-- ({conflict_id, table, op, row, fields, base, server, client, winner, changed_at, server_ts,
-- mutation_id, device_id}); the server's author found in the journal as record_conflict does.
create or replace function business_private.record_conflicts(p_conflicts jsonb) returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into business.sync_conflicts
    (id, organization_id, site_id, table_name, row_id, mutation_id, device_id, op, fields, base, server,
     client, winner, client_changed_at, server_updated_at, server_updated_by)
  select (c ->> 'conflict_id')::uuid, (c -> 'row' ->> 'organization_id')::uuid,
         business_private.site_of(c ->> 'table', c -> 'row'), c ->> 'table', (c -> 'row' ->> 'id')::uuid,
         (c ->> 'mutation_id')::uuid, (c ->> 'device_id')::uuid, c ->> 'op', f.fields, c -> 'base',
         c -> 'server', c -> 'client', c ->> 'winner', (c ->> 'changed_at')::timestamptz,
         (c ->> 'server_ts')::timestamptz,
         (select j.actor_id
          from business.journal j
          where j.table_name = c ->> 'table' and j.row_id = (c -> 'row' ->> 'id')::uuid
            and j.mutation_id is distinct from (c ->> 'mutation_id')::uuid
            and (j.op = 'insert' or j.changed && f.fields)
          order by j.id desc
          limit 1)
  from jsonb_array_elements(p_conflicts) with ordinality as e (c, n)
  cross join lateral (select array(select jsonb_array_elements_text(c -> 'fields')) as fields) f
  order by e.n
$$;

-- Mutations p_from..p_to the way sync_push applied them before this migration: runs of up to
-- 50 sharing a subtransaction, a mutation that raises answered alone (20261202900200).
create or replace function business_private.push_classic(
  p_items jsonb[], p_ids text[], p_errors text[], p_from int, p_to int)
returns jsonb[]
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_group constant int := 50;
  v_results jsonb[] := '{}';
  v_run jsonb[];
  v_i int := p_from;
  v_k int;
  v_end int;
  v_stop int;
  v_state text;
  v_message text;
  v_hint text;
  v_constraint text;
begin
  while v_i <= p_to loop
    if v_i = v_stop then
      if p_items[v_i] is null or v_state in ('40001', '40P01')
         or (v_state = '23505' and v_constraint = 'sync_mutations_pkey') then
        v_results := array_append(v_results, business_private.push_alone(p_items[v_i], p_ids[v_i], p_errors[v_i]));
      else
        v_results := array_append(v_results, business_private.refusal(
          coalesce(p_ids[v_i], p_items[v_i] ->> 'id'), v_state, v_message, v_hint));
      end if;
      v_i := v_i + 1;
      v_stop := null;
      continue;
    end if;
    v_end := least(v_i + c_group - 1, p_to, coalesce(v_stop - 1, p_to));
    v_run := '{}';
    v_k := v_i;
    begin
      while v_k <= v_end loop
        if p_items[v_k] is null then
          raise exception 'unparsed mutation' using errcode = '22P05';
        end if;
        v_run := array_append(v_run, business_private.push_mutation(p_items[v_k]));
        v_k := v_k + 1;
      end loop;
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
                              v_hint = pg_exception_hint, v_constraint = constraint_name;
      v_stop := v_k;
      continue;
    end;
    v_results := v_results || v_run;
    v_i := v_end + 1;
  end loop;
  return v_results;
end
$$;

-- A run of mutations of one table and one operation (update, delete or insert; distinct
-- mutation ids and row ids; inserts sending the same fields), applied with one statement per
-- step. Returns {"handled": h, "results": [...]}: the results of the first h mutations, which
-- are applied; mutation h + 1, if any, needs the per-mutation path. Raises SQLSTATE OPR01 with
-- the message h + 1 when that is found after rows of later mutations were written (the caller
-- undoes the run and pushes its first h mutations again); any other error means the run must
-- go through the per-mutation path.
create or replace function business_private.push_set(p_table text, p_op text, p_items jsonb, p_info jsonb)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_piece constant int := 50;
  v_n int := jsonb_array_length(p_items);
  v_cols text[] := array(select jsonb_array_elements_text(p_info -> case when p_op = 'insert' then 'insert' else 'update' end));
  v_cut int := v_n + 1;
  m jsonb;
  v_id uuid[] := '{}';
  v_row uuid[] := '{}';
  v_bts timestamptz[] := '{}';
  v_data jsonb[] := '{}';
  v_base jsonb[] := '{}';
  v_chg timestamptz[] := '{}';
  v_dev uuid[] := '{}';
  v_dup jsonb[];
  v_mine boolean[];
  v_part int[];
  v_client jsonb[];
  v_cur jsonb[];
  v_dec jsonb[];
  v_out jsonb[];
  v_target uuid[];
  v_locked jsonb;
  v_inserted jsonb;
  v_updated jsonb;
  v_todo int[];
  v_miss int[];
  v_list jsonb;
  v_sql text;
  v_cut2 int;
  v_key jsonb;
  v_kcols text[];
  v_pattern text;
  v_found jsonb;
  v_claims jsonb := '[]'::jsonb;
  v_conflicts jsonb[] := '{}';
  v_settle jsonb[] := '{}';
  v_results jsonb[] := '{}';
  v_set text;
  v_hash text;
  v_merge text;
  v_cid uuid;
  v_r jsonb;
  k int;
  v_p int;
begin
  perform set_config('outpost.mutation_id', '', true);
  perform set_config('outpost.device_id', '', true);
  perform set_config('outpost.reason', '', true);

  -- Shape, as push_mutation reads it (a value that does not convert raises: per-mutation path).
  for k in 1..v_n loop
    m := p_items -> (k - 1);
    v_id[k] := (m ->> 'id')::uuid;
    v_row[k] := (m ->> 'row_id')::uuid;
    v_bts[k] := (m ->> 'base_updated_at')::timestamptz;
    v_data[k] := coalesce(m -> 'data', '{}'::jsonb);
    v_base[k] := coalesce(m -> 'base', '{}'::jsonb);
    v_chg[k] := least(coalesce((m ->> 'changed_at')::timestamptz, clock_timestamp()), clock_timestamp());
    v_dev[k] := (m ->> 'device_id')::uuid;
    if v_id[k] is null or v_row[k] is null or m ->> 'table' is null or m ->> 'op' is null
       or jsonb_typeof(v_data[k]) <> 'object' or jsonb_typeof(v_base[k]) <> 'object' then
      v_cut := k;
      exit;
    end if;
  end loop;
  -- A mutation id or row seen before in the run.
  v_cut := least(v_cut, coalesce((
    select min(s.k) from (
      select u.k, row_number() over (partition by u.x order by u.k) as n
      from (select k2 as k, v_id[k2]::text as x from generate_series(1, v_cut - 1) k2
            union all
            select k2, 'r' || v_row[k2] from generate_series(1, v_cut - 1) k2) u) s
    where s.n > 1), v_cut));
  if v_cut = 1 then
    return jsonb_build_object('handled', 0, 'results', '[]'::jsonb);
  end if;

  -- Earlier results (duplicate), ids someone else used (per-mutation path: forbidden).
  v_dup := array_fill(null::jsonb, array[v_n]);
  select array_agg(p.result order by u.n), array_agg(coalesce(p.mine, true) order by u.n) into v_dec, v_mine
  from unnest(v_id[1:v_cut - 1]) with ordinality as u (id, n)
  left join business_private.prior_results(v_id[1:v_cut - 1]) p on p.id = u.id;
  for k in 1..v_cut - 1 loop
    if not v_mine[k] then
      v_cut := k;
      exit;
    end if;
    if v_dec[k] is not null then
      v_dup[k] := v_dec[k] || jsonb_build_object('status', 'duplicate');
    end if;
  end loop;

  -- Fields a device may not send.
  for k in 1..v_cut - 1 loop
    if v_dup[k] is null and exists (select 1 from jsonb_object_keys(v_data[k]) x where x <> all (v_cols)) then
      v_cut := k;
      exit;
    end if;
  end loop;

  -- Values through the column types (normalize), device values and bases.
  v_client := array_fill(null::jsonb, array[v_n]);
  v_cur := array_fill(null::jsonb, array[v_n]);
  v_dec := array_fill(null::jsonb, array[v_n]);
  v_out := array_fill(null::jsonb, array[v_n]);
  v_target := array_fill(null::uuid, array[v_n]);
  select coalesce(jsonb_agg(jsonb_build_object('k', k2, 'd', v_data[k2],
                                               'b', v_base[k2] - array(select x from jsonb_object_keys(v_base[k2]) x
                                                                       where x <> all (v_cols || array['deleted_at'])))),
                  '[]'::jsonb)
    into v_list
  from generate_series(1, v_cut - 1) k2 where v_dup[k2] is null;
  execute format($f$
    select coalesce(jsonb_object_agg(e.v ->> 'k', jsonb_build_array(
             (select coalesce(jsonb_object_agg(x, d.t -> x), '{}'::jsonb) from jsonb_object_keys(e.v -> 'd') x),
             (select coalesce(jsonb_object_agg(x, b.t -> x), '{}'::jsonb) from jsonb_object_keys(e.v -> 'b') x))),
             '{}'::jsonb)
    from jsonb_array_elements($1) as e (v)
    cross join lateral (select to_jsonb(jsonb_populate_record(null::business.%1$I, e.v -> 'd')) as t) d
    cross join lateral (select to_jsonb(jsonb_populate_record(null::business.%1$I, e.v -> 'b')) as t) b
  $f$, p_table) into v_found using v_list;
  for k in 1..v_cut - 1 loop
    if v_dup[k] is null then
      v_client[k] := v_found -> k::text -> 0;
      v_base[k] := v_found -> k::text -> 1;
    end if;
  end loop;

  -- The rows, locked; a row locked elsewhere or not visible goes the per-mutation way.
  execute format($f$
    select coalesce(jsonb_object_agg(s.id, s.r), '{}'::jsonb)
    from (select t.id, to_jsonb(t) - 'txid' as r from business.%I t where t.id = any ($1)
          for update of t skip locked) s
  $f$, p_table) into v_locked using v_row[1:v_cut - 1];
  for k in 1..v_cut - 1 loop
    if v_dup[k] is null then
      v_cur[k] := v_locked -> v_row[k]::text;
      if v_cur[k] is null and p_op <> 'insert' then
        v_cut := k;
        exit;
      end if;
      if v_cur[k] is not null then
        v_target[k] := v_row[k];
        v_dec[k] := business_private.merge_decision(
          case when p_op = 'insert' then 'update' else p_op end, v_cur[k],
          case when p_op = 'insert' then null else v_bts[k] end, v_client[k],
          case when p_op = 'insert' then '{}'::jsonb else v_base[k] end, v_chg[k]);
      end if;
    end if;
  end loop;
  if p_op <> 'insert' then
    v_cut := least(v_cut, business_private.push_key_change(p_table, p_op, p_info, v_cur[1:v_cut - 1], v_dec[1:v_cut - 1]));
  end if;
  if v_cut = 1 then
    return jsonb_build_object('handled', 0, 'results', '[]'::jsonb);
  end if;

  -- Claimed, as claim_mutation does, before anything is written.
  select coalesce(jsonb_agg(jsonb_build_object('id', v_id[k2], 'device_id', v_dev[k2], 'table', p_table,
                                               'row_id', v_row[k2], 'op', p_op, 'changed_at', v_chg[k2]) order by k2),
                  '[]'::jsonb)
    into v_claims
  from generate_series(1, v_cut - 1) k2 where v_dup[k2] is null;
  perform business_private.claim_mutations(v_claims);

  if p_op = 'insert' then
    v_cut2 := v_cut;
    -- Rows whose id is free: one insert, in input order; a row not inserted merges below.
    v_todo := array(select k2 from generate_series(1, v_cut - 1) k2 where v_dup[k2] is null and v_cur[k2] is null order by k2);
    if cardinality(v_todo) > 0 then
      select string_agg(format('%I', x), ', ') into v_set
      from jsonb_object_keys(v_client[v_todo[1]] || jsonb_build_object('id', v_row[v_todo[1]])) x;
      v_inserted := '{}'::jsonb;
      for v_p in 0..(cardinality(v_todo) - 1) / c_piece loop
        v_part := v_todo[v_p * c_piece + 1:(v_p + 1) * c_piece];
        perform set_config('outpost.push_rows',
          (select string_agg(format('%s=%s:%s;', v_row[k2], v_id[k2], coalesce(v_dev[k2]::text, '')), '' order by n)
           from unnest(v_part) with ordinality as u (k2, n)), true);
        execute format($f$
          with ins as (
            insert into business.%1$I as t (%2$s)
            select %3$s from unnest($1::jsonb[]) with ordinality as u (v, n)
            cross join lateral jsonb_populate_record(null::business.%1$I, u.v) r
            order by u.n
            on conflict do nothing
            returning t.id, to_jsonb(t) - 'txid' as r)
          select $2 || coalesce(jsonb_object_agg(ins.id, ins.r), '{}'::jsonb) from ins
        $f$, p_table, v_set, (select string_agg(format('r.%I', x), ', ')
                              from jsonb_object_keys(v_client[v_todo[1]] || jsonb_build_object('id', v_row[v_todo[1]])) x))
          into v_inserted
          using array(select v_client[k2] || jsonb_build_object('id', v_row[k2]) from unnest(v_part) with ordinality u (k2, n) order by n),
                v_inserted;
      end loop;
      perform set_config('outpost.push_rows', '', true);
      for k in select unnest(v_todo) loop
        if v_inserted ? v_row[k]::text then
          v_out[k] := v_inserted -> v_row[k]::text;
          v_dec[k] := jsonb_build_object('status', 'inserted');
        end if;
      end loop;

      -- Not inserted: the id was taken meanwhile (merge into it) or a unique key is.
      v_miss := array(select k2 from unnest(v_todo) k2 where v_out[k2] is null order by k2);
      if cardinality(v_miss) > 0 then
        execute format($f$
          select coalesce(jsonb_object_agg(s.id, s.r), '{}'::jsonb)
          from (select t.id, to_jsonb(t) - 'txid' as r from business.%I t where t.id = any ($1)
                for update of t skip locked) s
        $f$, p_table) into v_locked using array(select v_row[k2] from unnest(v_miss) k2);
        for k in select unnest(v_miss) loop
          if v_locked ? v_row[k]::text then
            v_cur[k] := v_locked -> v_row[k]::text;
            v_target[k] := v_row[k];
          elsif business_private.row_exists(p_table, v_row[k]) then
            v_cut2 := least(v_cut2, k);
          end if;
        end loop;
        -- The unique keys in find_collision's order; one statement per key and pattern of nulls.
        for v_key in select value from jsonb_array_elements(p_info -> 'keys') loop
          v_todo := array(select k2 from unnest(v_miss) k2 where v_cur[k2] is null and k2 < v_cut2 order by k2);
          exit when cardinality(v_todo) = 0;
          v_kcols := array(select jsonb_array_elements_text(v_key -> 'columns'));
          for v_pattern in
            select distinct p.pattern from (
              select string_agg(case when coalesce(jsonb_typeof(v_client[k2] -> x), 'null') = 'null' then '0' else '1' end, '' order by o) as pattern
              from unnest(v_todo) k2 cross join unnest(v_kcols) with ordinality as cc (x, o) group by k2) p
          loop
            select string_agg(case when substr(v_pattern, o::int, 1) = '0' then format('t.%I is null', x)
                                   else format('t.%1$I = (jsonb_populate_record(null::business.%2$I, u.v)).%1$I', x, p_table) end,
                              ' and ' order by o)
              into v_sql
            from unnest(v_kcols) with ordinality as cc (x, o);
            execute format($f$
              select coalesce(jsonb_object_agg(u.k, l.r), '{}'::jsonb)
              from jsonb_to_recordset($1) as u (k int, v jsonb)
              cross join lateral (select to_jsonb(t) - 'txid' as r from business.%I t
                                  where %s%s limit 1 for update of t skip locked) l
            $f$, p_table, v_sql, coalesce(' and ' || (v_key ->> 'predicate'), ''))
              into v_found
              using (select jsonb_agg(jsonb_build_object('k', k2, 'v', v_client[k2]))
                     from unnest(v_todo) k2
                     where (select string_agg(case when coalesce(jsonb_typeof(v_client[k2] -> x), 'null') = 'null' then '0' else '1' end, '' order by o)
                            from unnest(v_kcols) with ordinality as cc (x, o)) = v_pattern);
            for k in select unnest(v_todo) loop
              if v_found ? k::text then
                v_cur[k] := v_found -> k::text;
                v_target[k] := (v_cur[k] ->> 'id')::uuid;
              end if;
            end loop;
          end loop;
        end loop;
        for k in select unnest(v_miss) loop
          if v_cur[k] is null then
            v_cut2 := least(v_cut2, k);  -- a key taken by a row the caller cannot see: duplicate
          end if;
        end loop;
        -- Two mutations merging into one row: the later one goes the per-mutation way.
        v_cut2 := least(v_cut2, coalesce((
          select min(s.k) from (
            select k2 as k, row_number() over (partition by v_target[k2] order by k2) as n
            from generate_series(1, v_cut2 - 1) k2
            where v_target[k2] is not null and v_dup[k2] is null and v_out[k2] is null) s
          where s.n > 1), v_cut2));
        for k in select unnest(v_miss) loop
          if k < v_cut2 and v_cur[k] is not null then
            v_dec[k] := business_private.merge_decision('update', v_cur[k], null, v_client[k], '{}'::jsonb, v_chg[k]);
          end if;
        end loop;
      end if;
    end if;
    -- A merge that would change a unique key of its row (or restore it) goes the per-mutation way.
    v_cut2 := least(v_cut2, business_private.push_key_change(p_table, p_op, p_info,
                                                             v_cur[1:v_cut2 - 1], v_dec[1:v_cut2 - 1]));
    if v_cut2 < v_cut then
      raise exception '%', v_cut2 using errcode = 'OPR01';
    end if;
  end if;

  -- One update of every row that changes, in input order (so its journal entries are too).
  v_todo := array(select k2 from generate_series(1, v_cut - 1) k2
                  where v_dec[k2] is not null and v_dec[k2] ->> 'status' <> 'inserted'
                    and v_dec[k2] -> 'apply' <> '{}'::jsonb order by k2);
  if cardinality(v_todo) > 0 then
    select string_agg(format('%1$I = case when v.a ? %2$L then (v.r).%1$I else t.%1$I end', x, x), ', ')
      into v_set
    from (select distinct jsonb_object_keys(v_dec[k2] -> 'apply') as x from unnest(v_todo) k2) s;
    v_hash := current_setting('enable_hashjoin');
    v_merge := current_setting('enable_mergejoin');
    perform set_config('enable_hashjoin', 'off', true);
    perform set_config('enable_mergejoin', 'off', true);
    -- In pieces of c_piece rows: the journal trigger reads outpost.push_rows once per row.
    v_updated := '{}'::jsonb;
    for v_p in 0..(cardinality(v_todo) - 1) / c_piece loop
      v_part := v_todo[v_p * c_piece + 1:(v_p + 1) * c_piece];
      perform set_config('outpost.push_rows',
        (select string_agg(format('%s=%s:%s;', v_target[k2], v_id[k2], coalesce(v_dev[k2]::text, '')), '' order by n)
         from unnest(v_part) with ordinality as u (k2, n)), true);
      execute format($f$
        with upd as (
          update business.%1$I as t set %2$s
          from (select x.id, x.a, r from unnest($1::uuid[], $2::jsonb[]) with ordinality as x (id, a, n)
                cross join lateral jsonb_populate_record(null::business.%1$I, x.a) r
                order by x.n) v
          where t.id = v.id
          returning t.id, to_jsonb(t) - 'txid' as r)
        select $3 || coalesce(jsonb_object_agg(upd.id, upd.r), '{}'::jsonb) from upd
      $f$, p_table, v_set)
        into v_updated
        using array(select v_target[k2] from unnest(v_part) with ordinality u (k2, n) order by n),
              array(select v_dec[k2] -> 'apply' from unnest(v_part) with ordinality u (k2, n) order by n),
              v_updated;
    end loop;
    perform set_config('outpost.push_rows', '', true);
    perform set_config('enable_hashjoin', v_hash, true);
    perform set_config('enable_mergejoin', v_merge, true);
    for k in select unnest(v_todo) loop
      v_out[k] := v_updated -> v_target[k]::text;
      if v_out[k] is null then
        raise exception 'a locked % row was not updated', p_table using errcode = '42501';
      end if;
    end loop;
  end if;

  -- Conflicts, results, settled claims.
  for k in 1..v_cut - 1 loop
    if v_dup[k] is not null then
      v_results := array_append(v_results, v_dup[k]);
      continue;
    end if;
    if v_out[k] is null then
      v_out[k] := v_cur[k];
    end if;
    v_cid := null;
    if v_dec[k] ->> 'status' = 'conflict' then
      v_cid := gen_random_uuid();
      v_conflicts := array_append(v_conflicts, jsonb_build_object(
        'conflict_id', v_cid, 'table', p_table, 'op', p_op, 'row', v_out[k],
        'fields', v_dec[k] -> 'fields', 'base', v_dec[k] -> 'base', 'server', v_dec[k] -> 'server',
        'client', v_dec[k] -> 'client', 'winner', v_dec[k] -> 'winner', 'changed_at', v_chg[k],
        'server_ts', v_dec[k] -> 'server_ts', 'mutation_id', v_id[k], 'device_id', v_dev[k]));
    end if;
    v_r := jsonb_build_object(
      'status', case when v_dec[k] ->> 'status' = 'inserted' then 'applied' else v_dec[k] ->> 'status' end,
      'row', v_out[k], 'conflict_id', v_cid, 'id', v_id[k], 'error', null);
    v_results := array_append(v_results, v_r);
    v_settle := array_append(v_settle, v_r);
  end loop;
  for v_p in 0..(cardinality(v_conflicts) - 1) / c_piece loop
    exit when cardinality(v_conflicts) = 0;
    perform set_config('outpost.push_rows',
      (select string_agg(format('%s=%s:%s;', c2 ->> 'conflict_id', c2 ->> 'mutation_id', coalesce(c2 ->> 'device_id', '')), '' order by n)
       from unnest(v_conflicts[v_p * c_piece + 1:(v_p + 1) * c_piece]) with ordinality as u (c2, n)), true);
    perform business_private.record_conflicts(to_jsonb(v_conflicts[v_p * c_piece + 1:(v_p + 1) * c_piece]));
  end loop;
  perform set_config('outpost.push_rows', '', true);
  if cardinality(v_settle) > 0 then
    perform business_private.settle_mutations(to_jsonb(v_settle));
  end if;
  return jsonb_build_object('handled', v_cut - 1, 'results', to_jsonb(v_results));
end
$$;

-- The first of these mutations (1-based; cardinality + 1 if none) whose write would change a
-- unique key's entry for its row: its columns, or whether the row is in a partial key. Such a
-- write can collide with, or free a key for, another mutation of the same run, which only the
-- per-mutation order decides. A delete (the row leaving a key) is allowed, except for inserts.
create or replace function business_private.push_key_change(
  p_table text, p_op text, p_info jsonb, p_cur jsonb[], p_dec jsonb[])
returns int
language plpgsql
stable
set search_path = ''
as $$
declare
  v_first int := coalesce(cardinality(p_cur), 0) + 1;
  v_list jsonb;
  v_key jsonb;
  v_entry text;
  v_k int;
begin
  select jsonb_agg(jsonb_build_object('k', k, 'b', p_cur[k], 'a', p_cur[k] || (p_dec[k] -> 'apply')))
    into v_list
  from generate_subscripts(p_cur, 1) k
  where p_cur[k] is not null and p_dec[k] -> 'apply' <> '{}'::jsonb
    and (p_dec[k] -> 'apply') ?| array(select jsonb_array_elements_text(p_info -> 'key_columns'));
  if v_list is null then
    return v_first;
  end if;
  for v_key in select value from jsonb_array_elements(p_info -> 'keys') loop
    v_entry := format('case when %s then jsonb_build_array(%s) end', coalesce(v_key ->> 'predicate', 'true'),
                      (select string_agg(format('%I', x), ', ') from jsonb_array_elements_text(v_key -> 'columns') x));
    execute format($f$
      select min(u.k) from jsonb_to_recordset($1) as u (k int, b jsonb, a jsonb)
      cross join lateral (select %1$s as e from jsonb_populate_record(null::business.%2$I, u.b)) eb
      cross join lateral (select %1$s as e from jsonb_populate_record(null::business.%2$I, u.a)) ea
      where eb.e is distinct from ea.e and not ($2 and ea.e is null)
    $f$, v_entry, p_table) into v_k using v_list, p_op <> 'insert';
    v_first := least(v_first, coalesce(v_k, v_first));
  end loop;
  return v_first;
end
$$;

-- The push: runs of one table and operation through push_set, everything else (and every run
-- push_set cannot take whole) through the per-mutation path, results in input order.
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

grant execute on function
  business_private.push_table_info(text),
  business_private.merge_decision(text, jsonb, timestamptz, jsonb, jsonb, timestamptz),
  business_private.prior_results(uuid[]),
  business_private.claim_mutations(jsonb),
  business_private.settle_mutations(jsonb),
  business_private.record_conflicts(jsonb),
  business_private.push_classic(jsonb[], text[], text[], int, int),
  business_private.push_set(text, text, jsonb, jsonb),
  business_private.push_key_change(text, text, jsonb, jsonb[], jsonb[])
  to authenticated, service_role;
