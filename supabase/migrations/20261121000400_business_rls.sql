-- Who sees and writes what. RLS decides; the app never filters for security.
--   admin, office  the whole organization, read and write
--   viewer         the whole organization, read only
--   technician     only the sites assigned to them (and those sites' equipment, logs,
--                  readings), read and write; the organization's clients and projects, read
--   anon           nothing
-- Rows are never hard-deleted through the API: there is no DELETE policy on business
-- tables, so a delete is an UPDATE of deleted_at and reaches every device as a tombstone.

-- Helpers policies call; not in an API-exposed schema, so not callable as RPC.
create schema if not exists business_private;
revoke all on schema business_private from public;
grant usage on schema business_private to authenticated, service_role, business_user;

-- Sites the caller may read / write: every site of their organization for the roles given,
-- and for technicians only the sites assigned to them. SECURITY DEFINER so they read
-- memberships and assignments without recursing through those tables' own policies.
create or replace function business_private.site_ids_for(p_org_wide_roles text[]) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(s.id), '{}')
  from business.sites s
  join public.organization_members m on m.organization_id = s.organization_id and m.user_id = auth.uid()
  where m.role = any (p_org_wide_roles)
     or (m.role = 'technician' and exists (
           select 1 from business.site_assignments a
           where a.site_id = s.id and a.user_id = m.user_id and a.deleted_at is null))
$$;

create or replace function business.readable_site_ids() returns uuid[]
language sql
stable
set search_path = ''
as $$
  select business_private.site_ids_for(array['admin', 'office', 'viewer'])
$$;

create or replace function business.writable_site_ids() returns uuid[]
language sql
stable
set search_path = ''
as $$
  select business_private.site_ids_for(array['admin', 'office'])
$$;

revoke execute on function business_private.site_ids_for(text[]) from public, anon;
grant execute on function business_private.site_ids_for(text[]) to authenticated, service_role;
revoke execute on function business.readable_site_ids(), business.writable_site_ids() from public, anon;
grant execute on function business.readable_site_ids(), business.writable_site_ids()
  to authenticated, service_role;

-- Tables scoped by site: sites (by id), equipment, maintenance_logs, energy_production.
do $$
declare
  t text;
  col text;
begin
  foreach t in array array['sites', 'equipment', 'maintenance_logs', 'energy_production'] loop
    col := case when t = 'sites' then 'id' else 'site_id' end;
    execute format('alter table business.%I enable row level security', t);
    execute format('drop policy if exists %I on business.%I', t || '_select', t);
    execute format(
      'create policy %I on business.%I for select to authenticated using (%I = any ((select business.readable_site_ids())::uuid[]))',
      t || '_select', t, col);
    execute format('drop policy if exists %I on business.%I', t || '_update', t);
    execute format(
      'create policy %I on business.%I for update to authenticated
         using (%I = any ((select business.writable_site_ids())::uuid[]))
         with check (%I = any ((select business.writable_site_ids())::uuid[]))',
      t || '_update', t, col, col);
    if t <> 'sites' then
      execute format('drop policy if exists %I on business.%I', t || '_insert', t);
      execute format(
        'create policy %I on business.%I for insert to authenticated with check (%I = any ((select business.writable_site_ids())::uuid[]))',
        t || '_insert', t, col);
    end if;
  end loop;
end
$$;

-- Organization-wide roles read sites by organization, not through readable_site_ids(): that
-- list is computed once per statement, before an INSERT ... RETURNING adds the new site, and
-- would hide the office's own new site from it.
drop policy if exists sites_select on business.sites;
create policy sites_select on business.sites for select to authenticated
  using (
    organization_id = any ((select public.my_organization_ids(array['admin', 'office', 'viewer']))::uuid[])
    or id = any ((select business.readable_site_ids())::uuid[])
  );

-- New sites are the office's job.
drop policy if exists sites_insert on business.sites;
create policy sites_insert on business.sites for insert to authenticated
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));

-- Clients and projects: every member reads; office and admin write.
do $$
declare
  t text;
begin
  foreach t in array array['clients', 'projects'] loop
    execute format('alter table business.%I enable row level security', t);
    execute format('drop policy if exists %I on business.%I', t || '_select', t);
    execute format(
      'create policy %I on business.%I for select to authenticated using (organization_id = any ((select public.my_organization_ids())::uuid[]))',
      t || '_select', t);
  end loop;
  -- Invoices and carbon credits are the back office's: technicians do not see them.
  foreach t in array array['invoices', 'carbon_credits'] loop
    execute format('alter table business.%I enable row level security', t);
    execute format('drop policy if exists %I on business.%I', t || '_select', t);
    execute format(
      'create policy %I on business.%I for select to authenticated
         using (organization_id = any ((select public.my_organization_ids(array[''admin'', ''office'', ''viewer'']))::uuid[]))',
      t || '_select', t);
  end loop;
  foreach t in array array['clients', 'projects', 'invoices', 'carbon_credits'] loop
    execute format('drop policy if exists %I on business.%I', t || '_insert', t);
    execute format(
      'create policy %I on business.%I for insert to authenticated
         with check (organization_id = any ((select public.my_organization_ids(array[''admin'', ''office'']))::uuid[]))',
      t || '_insert', t);
    execute format('drop policy if exists %I on business.%I', t || '_update', t);
    execute format(
      'create policy %I on business.%I for update to authenticated
         using (organization_id = any ((select public.my_organization_ids(array[''admin'', ''office'']))::uuid[]))
         with check (organization_id = any ((select public.my_organization_ids(array[''admin'', ''office'']))::uuid[]))',
      t || '_update', t);
  end loop;
end
$$;

-- Assignments: a technician sees their own; office and admin see the organization's; only
-- admin assigns and unassigns (soft delete).
alter table business.site_assignments enable row level security;
drop policy if exists site_assignments_select on business.site_assignments;
create policy site_assignments_select on business.site_assignments for select to authenticated
  using (
    user_id = (select auth.uid())
    or organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[])
  );
drop policy if exists site_assignments_insert on business.site_assignments;
create policy site_assignments_insert on business.site_assignments for insert to authenticated
  with check (organization_id = any ((select public.my_organization_ids(array['admin']))::uuid[]));
drop policy if exists site_assignments_update on business.site_assignments;
create policy site_assignments_update on business.site_assignments for update to authenticated
  using (organization_id = any ((select public.my_organization_ids(array['admin']))::uuid[]))
  with check (organization_id = any ((select public.my_organization_ids(array['admin']))::uuid[]));

revoke all on all tables in schema business from anon;
grant select, insert, update on
  business.clients, business.projects, business.sites, business.site_assignments, business.equipment,
  business.maintenance_logs, business.energy_production, business.invoices, business.carbon_credits
  to authenticated;
grant all on all tables in schema business to service_role, business_user;
