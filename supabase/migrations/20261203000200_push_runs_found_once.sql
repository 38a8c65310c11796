-- sync_push faster around the runs of 20261203000100 (issue 17), same results:
--   * the request is converted to jsonb in one statement; only when some mutation cannot be
--     converted is each converted on its own (a subtransaction each), as before;
--   * the runs are found from one pass over the batch (table, operation, fields of an insert,
--     the last earlier mutation with the same id or row) instead of a growing jsonb set per run;
--   * push_set finds earlier results in one join (a retried batch of 500 compared every result
--     with every mutation), and writes rows and conflicts in statements of 50 rows: the
--     journal trigger reads outpost.push_rows once per row, and a shorter list costs less.

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
    while v_j <= v_count and v_j - v_i < c_run and v_eligible[v_j] and v_run_key[v_j] = v_run_key[v_i]
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
