-- SECURITY DEFINER functions live only in business_private, which the API does not expose:
-- a definer function in `public` or `business` is callable by any caller of the REST API.
--
-- PostgreSQL grants EXECUTE on every new function to PUBLIC. A per-schema
-- `alter default privileges in schema … revoke … from public` cannot take that away (per-schema
-- defaults only add to the global ones), so the earlier migrations' revoke was a no-op and
-- anon could call trigger helpers. The global default is revoked here for the role that runs
-- migrations; 20261202001000_function_grants.sql then grants each function to whom it is for.
alter default privileges revoke execute on functions from public;

-- Membership lookup for RLS, now private. public.my_organization_ids stays as a plain
-- (invoker) wrapper because every policy refers to it; it returns only the caller's own rows.
create or replace function business_private.my_organization_ids(p_roles text[] default null)
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.organization_id), '{}')
  from public.organization_members m
  where m.user_id = auth.uid()
    and (p_roles is null or m.role = any (p_roles))
$$;

create or replace function public.my_organization_ids(p_roles text[] default null)
returns uuid[]
language sql
stable
security invoker
set search_path = ''
as $$
  select business_private.my_organization_ids(p_roles)
$$;

-- Sites a given user may reach with the given organization-wide roles (technicians: their
-- assigned sites). site_ids_for is the caller's; resolve_conflict asks it for the author of
-- a device edit.
create or replace function business_private.site_ids_of(p_user uuid, p_org_wide_roles text[])
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(s.id), '{}')
  from business.sites s
  join public.organization_members m on m.organization_id = s.organization_id and m.user_id = p_user
  where m.role = any (p_org_wide_roles)
     or (m.role = 'technician' and exists (
           select 1 from business.site_assignments a
           where a.site_id = s.id and a.user_id = m.user_id and a.deleted_at is null))
$$;

create or replace function business_private.site_ids_for(p_org_wide_roles text[]) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select business_private.site_ids_of(auth.uid(), p_org_wide_roles)
$$;

-- New auth users get a profile; the trigger function moves out of `public`.
create or replace function business_private.handle_new_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, display_name)
  values (new.id, new.email, coalesce(new.raw_user_meta_data ->> 'display_name', split_part(new.email, '@', 1)))
  on conflict (id) do nothing;
  return new;
end
$$;
drop trigger if exists on_auth_user_created on auth.users;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function business_private.handle_new_user();
drop function if exists public.handle_new_user();

-- The audit journal's trigger function, now private. The reason of an adjustment is read from
-- the row itself: a transaction-wide setting leaked one adjustment's reason onto every later
-- journal entry of the same push.
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

create or replace function business.install_journal_trigger(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('drop trigger if exists write_journal on %s', p_table);
  execute format(
    'create trigger write_journal after insert or update or delete on %s for each row execute function business_private.write_journal()',
    p_table);
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
drop function if exists business.write_journal();

-- The month a reading belongs to and whether a month is closed: private, so that no one can
-- ask another organization's site about its calendar or closes.
create or replace function business_private.reading_month(p_site_id uuid, p_period_start timestamptz)
returns date
language sql
stable
security definer
set search_path = ''
as $$
  select date_trunc('month', p_period_start at time zone s.timezone)::date
  from business.sites s where s.id = p_site_id
$$;

create or replace function business_private.is_period_closed(p_site_id uuid, p_month date) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from business.period_closes c
    where c.site_id = p_site_id and c.month = p_month and c.status = 'closed' and c.deleted_at is null)
$$;
