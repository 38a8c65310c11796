-- The audit journal written once per statement instead of once per row (issue 17): a push's run
-- updates up to 500 rows with one statement, and the row trigger (a PL/pgSQL call, two
-- queries and an insert per row) was the largest part of it. Three statement triggers with
-- transition tables (PostgreSQL allows them on one event each) call one function, which
-- inserts every entry of the statement with one INSERT … SELECT, in the order the statement
-- wrote the rows. Every entry is what business_private.write_journal (the row trigger, kept
-- for comparison by tests/integration/db/push-set-based.test.ts) writes: the same actor, role,
-- device, mutation, reason, op, changed fields in the same order, before and after; an update
-- that changes nothing but updated_at/updated_by still writes nothing. The insert trigger keeps
-- the name write_journal (supabase/local/sql/seed-large.sql disables it by name for bulk
-- readings).

create or replace function business_private.write_journal_rows() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_rows text := coalesce(current_setting('outpost.push_rows', true), '');
  v_actor uuid := auth.uid();
  v_role text := coalesce(auth.role(), current_user);
  v_device uuid;
  v_mutation uuid := nullif(current_setting('outpost.mutation_id', true), '')::uuid;
  v_reason text := nullif(current_setting('outpost.reason', true), '');
  v_map jsonb := '{}'::jsonb;
begin
  -- Settings do not change within a statement: read once what the row trigger read per row.
  v_device := business.current_device_id();
  if v_rows <> '' then
    select coalesce(jsonb_object_agg(split_part(e, '=', 1),
                                     jsonb_build_array(nullif(split_part(split_part(e, '=', 2), ':', 1), ''),
                                                       nullif(split_part(e, ':', 2), ''))), '{}'::jsonb)
      into v_map
    from regexp_split_to_table(v_rows, ';') e
    where e <> '';
  end if;

  if tg_op = 'INSERT' then
    insert into business.journal
      (organization_id, site_id, table_name, row_id, op, actor_id, actor_role, device_id, mutation_id,
       reason, changed, before, after)
    select (n.j ->> 'organization_id')::uuid,
           case tg_table_name when 'sites' then (n.j ->> 'id')::uuid else (n.j ->> 'site_id')::uuid end,
           tg_table_name, (n.j ->> 'id')::uuid, 'insert', v_actor, v_role,
           coalesce((v_map -> (n.j ->> 'id') ->> 1)::uuid, v_device),
           coalesce((v_map -> (n.j ->> 'id') ->> 0)::uuid, v_mutation),
           coalesce(v_reason, case when tg_table_name = 'energy_production' and n.j ->> 'source' = 'adjustment'
                                   then n.j ->> 'notes' end),
           '{}', null, n.j
    from (select row_number() over () as i, to_jsonb(r) - 'txid' as j from new_rows r) n
    order by n.i;
  elsif tg_op = 'DELETE' then
    insert into business.journal
      (organization_id, site_id, table_name, row_id, op, actor_id, actor_role, device_id, mutation_id,
       reason, changed, before, after)
    select (o.j ->> 'organization_id')::uuid,
           case tg_table_name when 'sites' then (o.j ->> 'id')::uuid else (o.j ->> 'site_id')::uuid end,
           tg_table_name, (o.j ->> 'id')::uuid, 'purge', v_actor, v_role,
           coalesce((v_map -> (o.j ->> 'id') ->> 1)::uuid, v_device),
           coalesce((v_map -> (o.j ->> 'id') ->> 0)::uuid, v_mutation),
           v_reason, '{}', o.j, null
    from (select row_number() over () as i, to_jsonb(r) - 'txid' as j from old_rows r) o
    order by o.i;
  else
    -- Old and new rows paired by id (which stamp_row keeps), each row's JSON built once.
    with n as materialized (
           select row_number() over () as i, r.id, to_jsonb(r) - 'txid' as j from new_rows r),
         o as materialized (
           select r.id, to_jsonb(r) - 'txid' as j from old_rows r)
    insert into business.journal
      (organization_id, site_id, table_name, row_id, op, actor_id, actor_role, device_id, mutation_id,
       reason, changed, before, after)
    select (n.j ->> 'organization_id')::uuid,
           case tg_table_name when 'sites' then (n.j ->> 'id')::uuid else (n.j ->> 'site_id')::uuid end,
           tg_table_name, (n.j ->> 'id')::uuid,
           case when o.j ->> 'deleted_at' is null and n.j ->> 'deleted_at' is not null then 'delete'
                when o.j ->> 'deleted_at' is not null and n.j ->> 'deleted_at' is null then 'restore'
                else 'update' end,
           v_actor, v_role,
           coalesce((v_map -> (n.j ->> 'id') ->> 1)::uuid, v_device),
           coalesce((v_map -> (n.j ->> 'id') ->> 0)::uuid, v_mutation),
           coalesce(v_reason, case when tg_table_name = 'energy_production' and n.j ->> 'source' = 'adjustment'
                                   then n.j ->> 'notes' end),
           c.changed, c.b, c.a
    from n
    join o on o.id = n.id
    cross join lateral (
      select array_agg(e.key order by e.k) as changed,
             jsonb_object_agg(e.key, o.j -> e.key) as b,
             jsonb_object_agg(e.key, e.value) as a
      from jsonb_each(n.j) with ordinality as e (key, value, k)
      where e.key not in ('updated_at', 'updated_by') and e.value is distinct from o.j -> e.key) c
    where c.changed is not null
    order by n.i;
  end if;
  return null;
end
$$;

create or replace function business.install_journal_trigger(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('drop trigger if exists write_journal on %s', p_table);
  execute format('drop trigger if exists write_journal_update on %s', p_table);
  execute format('drop trigger if exists write_journal_delete on %s', p_table);
  execute format(
    'create trigger write_journal after insert on %s referencing new table as new_rows
     for each statement execute function business_private.write_journal_rows()', p_table);
  execute format(
    'create trigger write_journal_update after update on %s referencing old table as old_rows new table as new_rows
     for each statement execute function business_private.write_journal_rows()', p_table);
  execute format(
    'create trigger write_journal_delete after delete on %s referencing old table as old_rows
     for each statement execute function business_private.write_journal_rows()', p_table);
end
$$;

do $$
declare
  t regclass;
begin
  for t in
    select distinct tg.tgrelid::regclass from pg_trigger tg
    where tg.tgname = 'write_journal' and not tg.tgisinternal
  loop
    perform business.install_journal_trigger(t);
  end loop;
end
$$;
