-- One Supabase instance, one schema per application. `business` holds Outpost's operations
-- data; `flrts` and `openproject` are reserved for the sibling applications that share the
-- instance; `public` holds tenancy. Each application role reaches its own schema plus
-- `public` usage, nothing else.

create schema if not exists business;
create schema if not exists flrts;
create schema if not exists openproject;

do $$
declare
  r text;
begin
  foreach r in array array['business_user', 'flrts_user', 'openproject_user'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin', r);
    end if;
  end loop;
end
$$;

revoke all on schema business, flrts, openproject from public;

grant usage on schema public to business_user, flrts_user, openproject_user;
grant usage, create on schema business to business_user;
grant usage, create on schema flrts to flrts_user;
grant usage, create on schema openproject to openproject_user;

-- The API roles: the app reaches `business` through PostgREST (config.toml exposes it).
-- What a role may do with each row is decided by RLS; these grants only open the door.
grant usage on schema business to anon, authenticated, service_role;

alter default privileges in schema business grant all on tables to business_user, service_role;
alter default privileges in schema business grant all on sequences to business_user, service_role;
alter default privileges in schema business grant execute on functions to business_user, service_role;
alter default privileges in schema business revoke execute on functions from public;
alter default privileges in schema flrts grant all on tables to flrts_user;
alter default privileges in schema openproject grant all on tables to openproject_user;
