-- sync_push, hardened:
--   * a value JSON allows and PostgreSQL's jsonb/text refuse (U+0000, an unpaired surrogate, a
--     number beyond numeric) made PostgreSQL refuse the whole argument, HTTP 400 for the batch,
--     and the device retried it forever. The function now takes the request body as is, as one
--     unnamed `json` parameter (PostgREST passes the body of such a function untouched; named
--     arguments go through json_to_record, which de-escapes every string of the body and fails
--     on the first bad one). Each mutation is converted on its own; one that cannot be is
--     rejected alone (`invalid_value`).
--   * transient errors (deadlock, serialization failure, lock timeout) are retried in place and
--     then answered `retry` (nothing changed, send again), never parked as `rejected`;
--   * an insert whose id or unique key is taken, even by a concurrent push, merges instead of
--     failing: INSERT … ON CONFLICT DO NOTHING, then the row is looked up through its index
--     (the old lookup compared with IS NOT DISTINCT FROM and scanned every visible row: 500
--     colliding readings took 132 s, far past hosted Supabase's 8 s statement limit);
--   * runs of up to 50 mutations share a subtransaction (a failing one is answered alone): a
--     subtransaction per mutation overflowed PostgreSQL's 64-entry subtransaction cache on
--     every large push, which slows every other session's snapshots;
--   * results are collected in an array (the old `results || …` was quadratic).

-- Unique keys of a table other than its primary key: columns in index order and predicate.
create or replace function business_private.unique_keys(p_table text)
returns table (index_name text, columns text[], predicate text)
language sql
stable
set search_path = ''
as $$
  select c.relname::text, array_agg(a.attname::text order by k.ord), pg_get_expr(i.indpred, i.indrelid)
  from pg_index i
  join pg_class c on c.oid = i.indexrelid
  cross join lateral unnest(i.indkey) with ordinality as k (attnum, ord)
  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
  where i.indrelid = format('business.%I', p_table)::regclass and i.indisunique and not i.indisprimary
  group by c.relname, i.indpred, i.indrelid
  order by c.relname
$$;

-- The visible row that one of the table's unique keys says `p_values` collides with, locked.
-- One equality per column (IS NULL for a null value: the keys treat nulls as equal), plus the
-- key's predicate, so the lookup is an index scan.
create or replace function business_private.find_collision(p_table text, p_values jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  k record;
  v_where text;
  r jsonb;
begin
  for k in select * from business_private.unique_keys(p_table) loop
    select string_agg(
             case when coalesce(jsonb_typeof(p_values -> col), 'null') = 'null' then format('t.%I is null', col)
                  else format('t.%I = (jsonb_populate_record(null::business.%I, $1)).%I', col, p_table, col) end,
             ' and ')
      into v_where
    from unnest(k.columns) col;
    execute format('select to_jsonb(t) - ''txid'' from business.%I t where %s%s limit 1 for update of t',
                   p_table, v_where, coalesce(' and ' || k.predicate, ''))
      into r using p_values;
    if r is not null then
      return r;
    end if;
  end loop;
  return null;
end
$$;

-- Inserts a row unless its id or a unique key is taken; returns the row, or null if not inserted.
create or replace function business_private.insert_row(p_table text, p_values jsonb) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_cols text;
  r jsonb;
begin
  select string_agg(format('%I', k), ', ') into v_cols from jsonb_object_keys(p_values) k;
  execute format(
    'insert into business.%I as t (%s) select %s from jsonb_populate_record(null::business.%I, $1)
     on conflict do nothing returning to_jsonb(t) - ''txid''',
    p_table, v_cols, v_cols, p_table)
    into r using p_values;
  return r;
end
$$;

-- Whether a row with this id exists at all, visible to the caller or not.
create or replace function business_private.row_exists(p_table text, p_row_id uuid) returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v boolean;
begin
  execute format('select exists (select 1 from business.%I where id = $1)', p_table) into v using p_row_id;
  return v;
end
$$;

drop function if exists business_private.find_colliding_row(text, text, jsonb);

-- One mutation. Returns {status,row,conflict_id}; raises for a rejection (the caller's
-- subtransaction undoes what it did).
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
    return business_private.merge_into_row(p_table, p_op, v_cur, null, v_client, '{}'::jsonb,
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

create or replace function business_private.error_code(p_sqlstate text, p_hint text) returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when p_sqlstate = 'P0001' and p_hint ~ '^[a-z_]+$' then p_hint
    when p_sqlstate in ('40001', '40P01', '55P03') then 'transient'
    when p_sqlstate = '42501' then 'forbidden'
    when p_sqlstate = '23514' then 'check_violation'
    when p_sqlstate = '23502' then 'not_null_violation'
    when p_sqlstate = '23503' then 'foreign_key_violation'
    when p_sqlstate = '23505' then 'unique_violation'
    when p_sqlstate like '22%' then 'invalid_value'
    when p_sqlstate like '42%' then 'invalid_mutation'
    else 'rejected'
  end
$$;

-- The whole of one mutation: shape, idempotency, claim, effect, recorded result. Raises for a
-- rejection, so that a group of mutations sharing a subtransaction is undone together.
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

-- One mutation in its own subtransaction, never raising: its outcome, a rejection or `retry`.
create or replace function business_private.push_alone(m jsonb, p_id text, p_parse_error text) returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_state text;
  v_message text;
  v_hint text;
  v_constraint text;
  v_prior jsonb;
  v_code text;
begin
  if m is null then
    return jsonb_build_object(
      'id', p_id, 'status', 'rejected', 'row', null, 'conflict_id', null,
      'error', jsonb_build_object(
        'code', 'invalid_value', 'sqlstate', '22P05',
        'message', format('this change holds a value the database cannot store (%s); correct or discard it', p_parse_error)));
  end if;
  for attempt in 1..3 loop
    begin
      return business_private.push_mutation(m);
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
                              v_hint = pg_exception_hint, v_constraint = constraint_name;
    end;
    if v_state = '23505' and v_constraint = 'sync_mutations_pkey' then
      -- The same id, pushed concurrently, committed while this push waited for it.
      v_prior := business_private.prior_result((m ->> 'id')::uuid);
      if v_prior is not null then
        return v_prior || jsonb_build_object('status', 'duplicate');
      end if;
      v_state := '42501';
      v_message := 'this mutation id is already used by someone else';
    end if;
    v_code := business_private.error_code(v_state, v_hint);
    -- A deadlock or serialization failure usually clears at once; a lock held elsewhere does
    -- not, and waiting again would eat the statement's time.
    exit when v_state not in ('40001', '40P01');
  end loop;
  return jsonb_build_object(
    'id', coalesce(p_id, m ->> 'id'),
    'status', case when v_code = 'transient' then 'retry' else 'rejected' end,
    'row', null, 'conflict_id', null,
    'error', jsonb_build_object('code', v_code, 'message', v_message, 'sqlstate', v_state));
end
$$;

-- The id of an element that may not convert to jsonb, if it has a readable one. Reading any
-- field de-escapes the whole object, so the escapes text cannot hold (U+0000, unpaired
-- surrogates) are cut out first; this text only serves to find the id.
create or replace function business_private.json_id(p_elem json) returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  begin
    return p_elem ->> 'id';
  exception when others then
    null;
  end;
  return regexp_replace(p_elem::text, '\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})', '', 'g')::json ->> 'id';
exception when others then
  return null;
end
$$;

-- The mutations array of a request body: `{"p_mutations": [...]}` as supabase-js sends
-- `rpc('sync_push', { p_mutations })`, or the array itself. Read as text because reading a field
-- of a json value de-escapes all of it (json_array_elements, which splits the array, does not).
create or replace function business_private.mutations_of(p_body json) returns json
language plpgsql
immutable
set search_path = ''
as $$
declare
  ws constant text := E' \t\n\r';
  t text;
begin
  if json_typeof(p_body) = 'array' then
    return p_body;
  end if;
  t := btrim(p_body::text, ws);
  if left(t, 1) = '{' and right(t, 1) = '}' then
    t := btrim(substr(t, 2, length(t) - 2), ws);
    if left(t, 13) = '"p_mutations"' then
      t := ltrim(substr(t, 14), ws);
      if left(t, 1) = ':' then
        return ltrim(substr(t, 2), ws)::json;
      end if;
    end if;
  end if;
  raise exception 'send {"p_mutations": [mutation, ...]}' using errcode = '22023';
exception when invalid_text_representation then
  raise exception 'send {"p_mutations": [mutation, ...]} and nothing else' using errcode = '22023';
end
$$;

drop function if exists business.sync_push(jsonb);

create or replace function business.sync_push(json) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  c_group constant int := 50;
  p_mutations json;
  v_count int;
  v_items jsonb[] := '{}';
  v_ids text[] := '{}';
  v_errors text[] := '{}';
  v_results jsonb[] := '{}';
  v_run jsonb[];
  v_elem json;
  v_i int := 1;
  v_k int;
  v_end int;
  -- A mutation known to fail, answered on its own once the mutations before it are applied.
  v_stop int;
  v_state text;
  v_message text;
  v_hint text;
  v_constraint text;
  v_code text;
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

  -- Runs of up to c_group mutations share one subtransaction. When one raises, the run is
  -- undone (plpgsql variables are not, so v_k still names the mutation that raised); the
  -- mutations before it run again as a run, and it is answered alone: from the error itself
  -- when that is final (nothing of it remains), or by running it alone when the error may not
  -- repeat (deadlock, serialization, a concurrent push of the same id).
  while v_i <= v_count loop
    if v_i = v_stop then
      v_code := business_private.error_code(v_state, v_hint);
      if v_items[v_i] is null or v_state in ('40001', '40P01')
         or (v_state = '23505' and v_constraint = 'sync_mutations_pkey') then
        v_results := array_append(v_results, business_private.push_alone(v_items[v_i], v_ids[v_i], v_errors[v_i]));
      else
        v_results := array_append(v_results, jsonb_build_object(
          'id', coalesce(v_ids[v_i], v_items[v_i] ->> 'id'),
          'status', case when v_code = 'transient' then 'retry' else 'rejected' end,
          'row', null, 'conflict_id', null,
          'error', jsonb_build_object('code', v_code, 'message', v_message, 'sqlstate', v_state)));
      end if;
      v_i := v_i + 1;
      v_stop := null;
      continue;
    end if;
    v_end := least(v_i + c_group - 1, v_count, coalesce(v_stop - 1, v_count));
    v_run := '{}';
    v_k := v_i;
    begin
      while v_k <= v_end loop
        if v_items[v_k] is null then
          raise exception 'unparsed mutation' using errcode = '22P05';
        end if;
        v_run := array_append(v_run, business_private.push_mutation(v_items[v_k]));
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
  perform set_config('outpost.mutation_id', '', true);
  perform set_config('outpost.device_id', '', true);
  return jsonb_build_object('results', coalesce(to_jsonb(v_results), '[]'::jsonb), 'server_time', clock_timestamp());
end
$$;
