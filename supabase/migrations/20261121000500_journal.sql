-- The audit journal: every insert, update, soft delete, restore and hard delete of a business
-- row, with who did it, from which device and through which sync mutation. Written only by
-- the trigger below; nobody updates or deletes journal entries through the API.

create table if not exists business.journal (
  id bigint generated always as identity primary key,
  organization_id uuid not null,
  site_id uuid,
  table_name text not null,
  row_id uuid not null,
  op text not null check (op in ('insert', 'update', 'delete', 'restore', 'purge')),
  actor_id uuid,
  actor_role text,
  device_id uuid,
  mutation_id uuid,
  reason text,
  at timestamptz not null default clock_timestamp(),
  txid xid8 not null default pg_current_xact_id(),
  -- For an update: only the fields that changed. For insert/purge: the whole row.
  changed text[] not null default '{}',
  before jsonb,
  after jsonb
);
create index if not exists journal_row_idx on business.journal (table_name, row_id, at);
create index if not exists journal_org_at_idx on business.journal (organization_id, at);
create index if not exists journal_site_idx on business.journal (site_id, at);
create index if not exists journal_actor_idx on business.journal (actor_id, at);

-- Device and mutation come from the sync functions (outpost.* settings) or, for direct API
-- writes, from the x-outpost-device request header PostgREST exposes.
create or replace function business.current_device_id() returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v text := nullif(current_setting('outpost.device_id', true), '');
begin
  if v is null then
    v := nullif(nullif(current_setting('request.headers', true), '')::jsonb ->> 'x-outpost-device', '');
  end if;
  return v::uuid;
exception when invalid_text_representation then
  return null;
end
$$;

create or replace function business.write_journal() returns trigger
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
      when old.deleted_at is null and new.deleted_at is not null then 'delete'
      when old.deleted_at is not null and new.deleted_at is null then 'restore'
      else 'update' end;
    select jsonb_object_agg(key, value) into b from jsonb_each(old_j) where key = any (changed);
    select jsonb_object_agg(key, value) into a from jsonb_each(new_j) where key = any (changed);
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
    business.current_device_id(),
    nullif(current_setting('outpost.mutation_id', true), '')::uuid,
    nullif(current_setting('outpost.reason', true), ''),
    changed,
    b,
    a);
  return null;
end
$$;

create or replace function business.install_journal_trigger(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('drop trigger if exists write_journal on %s', p_table);
  execute format(
    'create trigger write_journal after insert or update or delete on %s for each row execute function business.write_journal()',
    p_table);
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['clients', 'projects', 'sites', 'site_assignments', 'equipment',
                           'maintenance_logs', 'energy_production', 'invoices', 'carbon_credits'] loop
    perform business.install_journal_trigger(format('business.%I', t)::regclass);
  end loop;
end
$$;

alter table business.journal enable row level security;
drop policy if exists journal_select on business.journal;
create policy journal_select on business.journal for select to authenticated
  using (
    organization_id = any ((select public.my_organization_ids(array['admin', 'office', 'viewer']))::uuid[])
    or site_id = any ((select business.readable_site_ids())::uuid[])
  );
revoke all on business.journal from anon, authenticated;
grant select on business.journal to authenticated;
