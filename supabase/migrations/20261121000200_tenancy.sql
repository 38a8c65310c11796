-- Tenancy: organizations, their members and roles, user profiles.

create table if not exists public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists public.organization_members (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('admin', 'office', 'technician', 'viewer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index if not exists organization_members_user_id_idx on public.organization_members (user_id);

create table if not exists public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text check (display_name is null or length(display_name) <= 200),
  email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create or replace function public.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := clock_timestamp();
  return new;
end
$$;

drop trigger if exists touch_updated_at on public.organizations;
create trigger touch_updated_at before update on public.organizations
  for each row execute function public.touch_updated_at();
drop trigger if exists touch_updated_at on public.organization_members;
create trigger touch_updated_at before update on public.organization_members
  for each row execute function public.touch_updated_at();
drop trigger if exists touch_updated_at on public.profiles;
create trigger touch_updated_at before update on public.profiles
  for each row execute function public.touch_updated_at();

-- Every new auth user gets a profile (Supabase's usual pattern).
create or replace function public.handle_new_user() returns trigger
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
  for each row execute function public.handle_new_user();

-- Membership lookups for RLS. SECURITY DEFINER so that policies on the membership table
-- itself do not recurse; they read only the caller's own rows.
create or replace function public.my_organization_ids(p_roles text[] default null)
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

revoke execute on function public.my_organization_ids(text[]) from public, anon;
grant execute on function public.my_organization_ids(text[]) to authenticated, service_role;

alter table public.organizations enable row level security;
alter table public.organization_members enable row level security;
alter table public.profiles enable row level security;

drop policy if exists organizations_select on public.organizations;
create policy organizations_select on public.organizations for select to authenticated
  using (id = any ((select public.my_organization_ids())::uuid[]));
drop policy if exists organizations_update on public.organizations;
create policy organizations_update on public.organizations for update to authenticated
  using (id = any ((select public.my_organization_ids(array['admin']))::uuid[]))
  with check (id = any ((select public.my_organization_ids(array['admin']))::uuid[]));

drop policy if exists organization_members_select on public.organization_members;
create policy organization_members_select on public.organization_members for select to authenticated
  using (organization_id = any ((select public.my_organization_ids())::uuid[]));
drop policy if exists organization_members_insert on public.organization_members;
create policy organization_members_insert on public.organization_members for insert to authenticated
  with check (organization_id = any ((select public.my_organization_ids(array['admin']))::uuid[]));
drop policy if exists organization_members_update on public.organization_members;
create policy organization_members_update on public.organization_members for update to authenticated
  using (organization_id = any ((select public.my_organization_ids(array['admin']))::uuid[]))
  with check (organization_id = any ((select public.my_organization_ids(array['admin']))::uuid[]));
drop policy if exists organization_members_delete on public.organization_members;
create policy organization_members_delete on public.organization_members for delete to authenticated
  using (organization_id = any ((select public.my_organization_ids(array['admin']))::uuid[]));

drop policy if exists profiles_select on public.profiles;
create policy profiles_select on public.profiles for select to authenticated
  using (
    id = (select auth.uid())
    or exists (
      select 1 from public.organization_members m
      where m.user_id = profiles.id
        and m.organization_id = any ((select public.my_organization_ids())::uuid[])
    )
  );
drop policy if exists profiles_update on public.profiles;
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

revoke all on public.organizations, public.organization_members, public.profiles from anon;
grant select, update on public.organizations to authenticated;
grant select, insert, update, delete on public.organization_members to authenticated;
grant select, update (display_name) on public.profiles to authenticated;
grant all on public.organizations, public.organization_members, public.profiles to service_role;
grant select on public.organizations, public.organization_members, public.profiles
  to business_user, flrts_user, openproject_user;
