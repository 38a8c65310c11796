-- The site-list helpers every RLS policy of a site table calls (as InitPlans, once per
-- statement) were SQL functions. A SECURITY DEFINER SQL function with its own search_path
-- cannot be inlined, and PostgreSQL plans the query of a non-inlined SQL function again on
-- every call; a push runs several statements per mutation, so this planning was the largest
-- single cost of sync_push (issue 17's profile: 42%). PL/pgSQL keeps the plan for the
-- session. Same query, same result, same privileges.

create or replace function business_private.site_ids_of(p_user uuid, p_org_wide_roles text[])
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg(s.id), '{}')
    from business.sites s
    join public.organization_members m on m.organization_id = s.organization_id and m.user_id = p_user
    where m.role = any (p_org_wide_roles)
       or (m.role = 'technician' and exists (
             select 1 from business.site_assignments a
             where a.site_id = s.id and a.user_id = m.user_id and a.deleted_at is null)));
end
$$;

create or replace function business_private.site_ids_for(p_org_wide_roles text[]) returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return business_private.site_ids_of(auth.uid(), p_org_wide_roles);
end
$$;

create or replace function business_private.my_organization_ids(p_roles text[] default null)
returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
    select coalesce(array_agg(m.organization_id), '{}')
    from public.organization_members m
    where m.user_id = auth.uid()
      and (p_roles is null or m.role = any (p_roles)));
end
$$;
