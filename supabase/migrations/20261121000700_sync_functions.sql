-- The sync contract: business.sync_pull, business.sync_push, business.resolve_conflict.
-- docs/sync-protocol.md is the prose version of this file; keep them together.
-- Every function runs as the caller (SECURITY INVOKER): RLS decides what is pulled and
-- what a push may change.

-- Raised for protocol-level rejections; the hint carries the machine-readable code.
create or replace function business_private.reject(p_code text, p_message text) returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using message = p_message, errcode = 'P0001', hint = p_code;
end
$$;

-- Columns a device may send for a table: everything but the bookkeeping the server owns.
-- organization_id is accepted on insert only.
create or replace function business_private.client_columns(p_table text, p_op text) returns text[]
language sql
stable
set search_path = ''
as $$
  select coalesce(array_agg(a.attname::text order by a.attnum), '{}')
  from pg_attribute a
  where a.attrelid = format('business.%I', p_table)::regclass
    and a.attnum > 0
    and not a.attisdropped
    and a.attname not in ('id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at', 'txid')
    and (p_op = 'insert' or a.attname <> 'organization_id')
$$;

-- A JSON object with its values passed through the table's column types, so that values
-- compare equal whatever their spelling ("12.5" and 12.50, "…Z" and "…+00:00").
create or replace function business_private.normalize(p_table text, p_values jsonb) returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  typed jsonb;
begin
  if p_values is null or p_values = '{}'::jsonb then
    return '{}'::jsonb;
  end if;
  execute format('select to_jsonb(jsonb_populate_record(null::business.%I, $1))', p_table)
    into typed using p_values;
  return (select coalesce(jsonb_object_agg(k, typed -> k), '{}'::jsonb) from jsonb_object_keys(p_values) k);
end
$$;

create or replace function business_private.row_json(p_table text, p_row_id uuid, p_lock boolean)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  r jsonb;
begin
  execute format('select to_jsonb(t) - ''txid'' from business.%I t where t.id = $1%s',
                 p_table, case when p_lock then ' for update' else '' end)
    into r using p_row_id;
  return r;
end
$$;

-- Sets the given columns of one row; returns the row as stored (after the triggers).
create or replace function business_private.update_row(p_table text, p_row_id uuid, p_values jsonb)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  assignments text;
  r jsonb;
begin
  if p_values is null or p_values = '{}'::jsonb then
    return business_private.row_json(p_table, p_row_id, false);
  end if;
  select string_agg(format('%I = v.%I', k, k), ', ') into assignments from jsonb_object_keys(p_values) k;
  execute format(
    'update business.%I t set %s from jsonb_populate_record(null::business.%I, $1) v where t.id = $2 returning to_jsonb(t) - ''txid''',
    p_table, assignments, p_table)
    into r using p_values, p_row_id;
  if r is null then
    perform business_private.reject('forbidden', format('you may not change this %s row', p_table));
  end if;
  return r;
end
$$;

-- The values of `p_keys` in a JSON object.
create or replace function business_private.pick(p_obj jsonb, p_keys text[]) returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(k, p_obj -> k), '{}'::jsonb) from unnest(p_keys) k
$$;

create or replace function business_private.site_of(p_table text, p_row jsonb) returns uuid
language sql
immutable
set search_path = ''
as $$
  select (case when p_table = 'sites' then p_row ->> 'id' else p_row ->> 'site_id' end)::uuid
$$;

create or replace function business_private.record_conflict(
  p_table text, p_op text, p_row jsonb, p_fields text[], p_base jsonb, p_server jsonb,
  p_client jsonb, p_winner text, p_changed_at timestamptz, p_server_updated_at timestamptz,
  p_mutation_id uuid, p_device_id uuid)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into business.sync_conflicts
    (organization_id, site_id, table_name, row_id, mutation_id, device_id, op, fields, base, server,
     client, winner, client_changed_at, server_updated_at)
  values
    ((p_row ->> 'organization_id')::uuid, business_private.site_of(p_table, p_row), p_table,
     (p_row ->> 'id')::uuid, p_mutation_id, p_device_id, p_op, p_fields, p_base, p_server, p_client,
     p_winner, p_changed_at, p_server_updated_at)
  returning id into v_id;
  return v_id;
end
$$;

-- Applies a device's field values to a locked server row, field by field.
--   p_base_updated_at = the row's updated_at: nobody else changed it, apply as is.
--   Otherwise a field the server left at its base value takes the device's value (merged);
--   a field changed on both sides to different values is a conflict, decided by the later
--   of the device's changed_at (clamped to now) and the row's updated_at; the loser is kept
--   in sync_conflicts. A device that does not know the base (p_base = {}) conflicts on
--   every differing field. A row deleted since the device's base counts as a conflict on
--   deleted_at, decided the same way (the device winning restores the row).
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

-- The row that unique index `p_index` says the values collide with, locked. The index's own
-- predicate (e.g. "deleted_at is null and source <> 'adjustment'") selects among candidates.
create or replace function business_private.find_colliding_row(p_table text, p_index text, p_values jsonb)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_cols text[];
  v_predicate text;
  v_where text;
  r jsonb;
begin
  select array_agg(a.attname::text order by k.ord), min(pg_get_expr(i.indpred, i.indrelid))
    into v_cols, v_predicate
  from pg_index i
  join pg_class c on c.oid = i.indexrelid
  cross join lateral unnest(i.indkey) with ordinality as k (attnum, ord)
  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
  where c.relname = p_index and c.relnamespace = 'business'::regnamespace;
  if v_cols is null then
    return null;
  end if;
  select string_agg(format('%I is not distinct from (jsonb_populate_record(null::business.%I, $1)).%I', col, p_table, col), ' and ')
    into v_where
  from unnest(v_cols) col;
  execute format('select to_jsonb(t) - ''txid'' from business.%I t where %s%s limit 1 for update',
                 p_table, v_where, coalesce(' and ' || v_predicate, ''))
    into r using p_values;
  return r;
end
$$;

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
    'insert into business.%I as t (%s) select %s from jsonb_populate_record(null::business.%I, $1) returning to_jsonb(t) - ''txid''',
    p_table, v_cols, v_cols, p_table)
    into r using p_values;
  return r;
end
$$;

-- One mutation, inside the caller's subtransaction. Returns {status,row,conflict_id}.
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
  v_index text;
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
    if v_cur is not null then
      -- The id is already there (an earlier insert under another mutation id): merge.
      return business_private.merge_into_row(p_table, p_op, v_cur, null, v_client, '{}'::jsonb,
                                            p_changed_at, p_mutation_id, p_device_id);
    end if;
    begin
      v_row := business_private.insert_row(p_table, v_client || jsonb_build_object('id', p_row_id));
      return jsonb_build_object('status', 'applied', 'row', v_row, 'conflict_id', null);
    exception when unique_violation then
      get stacked diagnostics v_index = constraint_name;
    end;
    if v_index = p_table || '_pkey' then
      perform business_private.reject('forbidden', format('a %s row with this id exists and is not yours to change', p_table));
    end if;
    -- The same thing entered twice (e.g. one reading on two devices): a conflict on the
    -- existing row, never a second row.
    v_cur := business_private.find_colliding_row(p_table, v_index, v_client);
    if v_cur is null then
      perform business_private.reject('duplicate',
        format('a %s row with the same %s already exists and is not visible to you', p_table, v_index));
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

create or replace function business.sync_push(p_mutations jsonb) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  m jsonb;
  results jsonb := '[]'::jsonb;
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
  v_state text;
  v_message text;
  v_hint text;
  v_constraint text;
begin
  if auth.uid() is null then
    raise exception 'sign in to push changes' using errcode = '42501';
  end if;
  if jsonb_typeof(p_mutations) is distinct from 'array' then
    raise exception 'p_mutations must be a JSON array of mutations' using errcode = '22023';
  end if;
  if jsonb_array_length(p_mutations) > 500 then
    raise exception 'at most 500 mutations per push, got %', jsonb_array_length(p_mutations) using errcode = '22023';
  end if;

  for m in select value from jsonb_array_elements(p_mutations) loop
    v_id := null;
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

      select result into v_prior from business.sync_mutations where id = v_id;
      if found then
        results := results || jsonb_build_array(v_prior || jsonb_build_object('status', 'duplicate'));
        continue;
      end if;

      -- Claimed first: a concurrent push of the same id waits here, then sees it as done.
      insert into business.sync_mutations (id, device_id, table_name, row_id, op, status, result, changed_at)
      values (v_id, v_device, v_table, v_row_id, v_op, 'pending', '{}'::jsonb, v_changed_at);

      perform set_config('outpost.mutation_id', v_id::text, true);
      perform set_config('outpost.device_id', coalesce(v_device::text, ''), true);
      v_result := business_private.apply_mutation(v_table, v_op, v_row_id, v_base_updated_at, v_data,
                                                  v_base, v_changed_at, v_id, v_device)
                  || jsonb_build_object('id', v_id, 'error', null);
      update business.sync_mutations set status = v_result ->> 'status', result = v_result where id = v_id;
      results := results || jsonb_build_array(v_result);
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_message = message_text,
                              v_hint = pg_exception_hint, v_constraint = constraint_name;
      if v_state = '23505' and v_constraint = 'sync_mutations_pkey' then
        select result into v_prior from business.sync_mutations where id = v_id;
        if found then
          results := results || jsonb_build_array(v_prior || jsonb_build_object('status', 'duplicate'));
          continue;
        end if;
      end if;
      results := results || jsonb_build_array(jsonb_build_object(
        'id', coalesce(v_id::text, m ->> 'id'), 'status', 'rejected', 'row', null, 'conflict_id', null,
        'error', jsonb_build_object('code', business_private.error_code(v_state, v_hint),
                                    'message', v_message, 'sqlstate', v_state)));
    end;
  end loop;
  perform set_config('outpost.mutation_id', '', true);
  perform set_config('outpost.device_id', '', true);
  return jsonb_build_object('results', results, 'server_time', clock_timestamp());
end
$$;

-- One table's page: rows after `p_after` (txid, id), up to `p_upto` when given, only of
-- transactions older than `p_xmin` (all committed or aborted: nothing can appear behind
-- the cursor later), optionally only of `p_sites`. Returns {rows, last, more}.
create or replace function business_private.pull_table(
  p_table text, p_site_column text, p_after jsonb, p_upto jsonb, p_xmin xid8, p_sites uuid[], p_limit int)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  r jsonb;
begin
  execute format($q$
    with page as (
      select t, t.txid, t.id, row_number() over (order by t.txid, t.id) as rn
      from (
        select * from business.%I t
        where (t.txid, t.id) > ($1::xid8, $2::uuid)
          and ($3::xid8 is null or (t.txid, t.id) <= ($3::xid8, $4::uuid))
          and t.txid < $5
          and ($6::uuid[] is null or t.%I = any ($6))
        order by t.txid, t.id
        limit $7 + 1
      ) t
    )
    select jsonb_build_object(
      'rows', coalesce(jsonb_agg(to_jsonb(p.t) - 'txid' order by p.rn) filter (where p.rn <= $7), '[]'::jsonb),
      'last', (array_agg(jsonb_build_object('x', p.txid::text, 'id', p.id) order by p.rn desc)
                 filter (where p.rn <= $7))[1],
      'more', count(*) > $7)
    from page p
  $q$, p_table, p_site_column)
  into r
  using coalesce(p_after ->> 'x', '0'), coalesce(p_after ->> 'id', '00000000-0000-0000-0000-000000000000'),
        p_upto ->> 'x', p_upto ->> 'id', p_xmin, p_sites, p_limit;
  return r;
end
$$;

create or replace function business.sync_pull(p_cursor jsonb default null, p_limit int default 1000)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_limit int := least(greatest(coalesce(p_limit, 1000), 1), 5000);
  -- Everything below this transaction id has finished; see pull_table.
  v_xmin xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_epoch uuid;
  v_cursor jsonb := p_cursor;
  v_reset boolean := false;
  v_scope uuid[];
  v_known uuid[];
  v_added uuid[];
  v_main jsonb := '{}'::jsonb;
  v_backfill jsonb;
  v_bf_sites uuid[];
  v_changes jsonb := '{}'::jsonb;
  v_remaining int := v_limit;
  v_more boolean := false;
  v_page jsonb;
  v_n int;
  t record;
begin
  if auth.uid() is null then
    raise exception 'sign in to sync' using errcode = '42501';
  end if;
  select epoch into v_epoch from business.sync_epoch;
  if v_cursor is not null and jsonb_typeof(v_cursor) <> 'null' then
    if jsonb_typeof(v_cursor) <> 'object' or v_cursor ->> 'v' is distinct from '1'
       or v_cursor ->> 'epoch' is distinct from v_epoch::text then
      v_reset := true;
      v_cursor := null;
    end if;
  else
    v_cursor := null;
  end if;

  v_scope := array(select s from unnest(business.readable_site_ids()) s order by 1);

  if v_cursor is not null then
    v_main := coalesce(v_cursor -> 'tables', '{}'::jsonb);
    v_backfill := v_cursor -> 'backfill';
    v_known := array(select jsonb_array_elements_text(coalesce(v_cursor -> 'scope', '[]'::jsonb))::uuid);
    v_added := array(select unnest(v_scope) except select unnest(v_known));
    v_bf_sites := array(
      select s::uuid from jsonb_array_elements_text(coalesce(v_backfill -> 'sites', '[]'::jsonb)) s
      intersect select unnest(v_scope));
    if cardinality(v_added) > 0 then
      -- Sites that came into scope: their rows may be older than the cursor, so they are
      -- read again from the start (together with any backfill still under way) before the
      -- main stream moves on. Re-sending a row is harmless; missing one is not.
      v_backfill := jsonb_build_object('sites', to_jsonb(array(select unnest(v_added || v_bf_sites) order by 1)),
                                       'tables', '{}'::jsonb);
    elsif v_backfill is not null then
      v_backfill := jsonb_set(v_backfill, '{sites}', to_jsonb(v_bf_sites));
      if cardinality(v_bf_sites) = 0 then
        v_backfill := null;
      end if;
    end if;
  end if;

  if v_backfill is not null then
    v_bf_sites := array(select jsonb_array_elements_text(v_backfill -> 'sites')::uuid);
    for t in select * from business.sync_tables order by position loop
      -- A table the main stream has not started on will deliver these sites' rows anyway.
      continue when v_main -> t.table_name is null or v_backfill -> 'done' ? t.table_name;
      if v_remaining = 0 then
        v_more := true;
        exit;
      end if;
      v_page := business_private.pull_table(t.table_name, t.site_column, v_backfill -> 'tables' -> t.table_name,
                                            v_main -> t.table_name, v_xmin, v_bf_sites, v_remaining);
      v_n := jsonb_array_length(v_page -> 'rows');
      if v_n > 0 then
        v_changes := jsonb_set(v_changes, array[t.table_name],
                               coalesce(v_changes -> t.table_name, '[]'::jsonb) || (v_page -> 'rows'));
        v_backfill := jsonb_set(v_backfill, array['tables', t.table_name], v_page -> 'last');
        v_remaining := v_remaining - v_n;
      end if;
      if (v_page ->> 'more')::boolean then
        v_more := true;
        exit;
      end if;
      v_backfill := jsonb_set(v_backfill, '{done}',
                              coalesce(v_backfill -> 'done', '[]'::jsonb) || to_jsonb(t.table_name));
    end loop;
    if not v_more then
      v_backfill := null;
    end if;
  end if;

  if v_backfill is null then
    for t in select * from business.sync_tables order by position loop
      if v_remaining = 0 then
        v_more := true;
        exit;
      end if;
      v_page := business_private.pull_table(t.table_name, t.site_column, v_main -> t.table_name, null,
                                            v_xmin, null, v_remaining);
      v_n := jsonb_array_length(v_page -> 'rows');
      if v_n > 0 then
        v_changes := jsonb_set(v_changes, array[t.table_name],
                               coalesce(v_changes -> t.table_name, '[]'::jsonb) || (v_page -> 'rows'));
        v_main := jsonb_set(v_main, array[t.table_name], v_page -> 'last');
        v_remaining := v_remaining - v_n;
      end if;
      if (v_page ->> 'more')::boolean then
        v_more := true;
        exit;
      end if;
    end loop;
  end if;

  return jsonb_build_object(
    'changes', v_changes,
    'cursor', jsonb_strip_nulls(jsonb_build_object(
      'v', 1, 'epoch', v_epoch, 'tables', v_main, 'scope', to_jsonb(v_scope), 'backfill', v_backfill)),
    'has_more', v_more,
    'server_time', clock_timestamp(),
    'scope', jsonb_build_object('site_ids', to_jsonb(v_scope)),
    'reset', v_reset);
end
$$;

-- Settles a conflict: keep the server's value, the device's, or set edited values. The row
-- is updated like any other write (journaled, pulled by every device); the conflict keeps
-- what was decided, by whom and when.
create or replace function business.resolve_conflict(p_conflict_id uuid, p_resolution jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  c business.sync_conflicts;
  v_choice text := p_resolution ->> 'choice';
  v_values jsonb;
  v_unknown text[];
  v_cur jsonb;
  v_apply jsonb;
  v_row jsonb;
begin
  if auth.uid() is null then
    raise exception 'sign in to resolve conflicts' using errcode = '42501';
  end if;
  select * into c from business.sync_conflicts where id = p_conflict_id;
  if not found then
    raise exception 'conflict % not found', p_conflict_id using errcode = 'P0002';
  end if;
  if not c.organization_id = any (public.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can resolve conflicts' using errcode = '42501';
  end if;
  select * into c from business.sync_conflicts where id = p_conflict_id for update;
  if c.status = 'resolved' then
    raise exception 'this conflict was already resolved at %', c.resolved_at using errcode = '55000';
  end if;
  v_values := case v_choice
    when 'server' then c.server
    when 'client' then c.client
    when 'custom' then coalesce(p_resolution -> 'values', '{}'::jsonb)
  end;
  if v_values is null or jsonb_typeof(v_values) <> 'object' then
    raise exception 'resolution must be {"choice": "server" | "client"} or {"choice": "custom", "values": {...}}'
      using errcode = '22023';
  end if;
  select array_agg(k) into v_unknown from jsonb_object_keys(v_values) k where k <> all (c.fields);
  if v_unknown is not null then
    raise exception 'only the conflicting fields can be set: %', array_to_string(v_unknown, ', ')
      using errcode = '22023';
  end if;

  v_cur := business_private.row_json(c.table_name, c.row_id, true);
  if v_cur is null then
    raise exception 'the % row of this conflict is not visible to you', c.table_name using errcode = '42501';
  end if;
  v_values := business_private.normalize(c.table_name, v_values);
  select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) into v_apply
  from jsonb_each(v_values) where value is distinct from v_cur -> key;
  perform set_config('outpost.reason', format('resolve conflict %s: keep %s', c.id, v_choice), true);
  v_row := business_private.update_row(c.table_name, c.row_id, v_apply);
  perform set_config('outpost.reason', '', true);

  update business.sync_conflicts
  set status = 'resolved',
      resolution = jsonb_build_object('choice', v_choice, 'values', v_values,
                                      'note', p_resolution ->> 'note'),
      resolved_by = auth.uid(),
      resolved_at = clock_timestamp()
  where id = c.id
  returning * into c;
  return jsonb_build_object('conflict', to_jsonb(c) - 'txid', 'row', v_row);
end
$$;

revoke execute on all functions in schema business_private from public, anon;
grant execute on all functions in schema business_private to authenticated, service_role;
revoke execute on function business.sync_pull(jsonb, int), business.sync_push(jsonb),
  business.resolve_conflict(uuid, jsonb) from public, anon;
grant execute on function business.sync_pull(jsonb, int), business.sync_push(jsonb),
  business.resolve_conflict(uuid, jsonb) to authenticated, service_role;
