-- Hosted Supabase grants ALL on every table, function and sequence created in `public` to
-- anon, authenticated and service_role (supabase/postgres default privileges). The tenancy
-- migration's grants were written as if nothing had been granted, so on hosted authenticated
-- also held INSERT, DELETE, TRUNCATE, REFERENCES and TRIGGER on the tenancy tables (TRUNCATE
-- ignores RLS). Revoke first, then grant what the API needs; and stop `public` objects created
-- by later migrations from being exposed before a migration grants them on purpose.

revoke all on public.organizations, public.organization_members, public.profiles
  from anon, authenticated;
grant select, update on public.organizations to authenticated;
grant select, insert, update, delete on public.organization_members to authenticated;
grant select, update (display_name) on public.profiles to authenticated;

alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
