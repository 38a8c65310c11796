-- Which migrations this database has applied, readable by every API role, so a client can
-- tell the schema it talks to (and an operator can check a restore) without database access.
-- Only version and name: the statements column holds the migrations' full SQL.
-- `supabase db push` creates supabase_migrations.schema_migrations before the first migration.

grant usage on schema supabase_migrations to anon, authenticated, service_role;
grant select (version, name) on supabase_migrations.schema_migrations
  to anon, authenticated, service_role;

create view public.applied_migrations
  with (security_invoker = true)
  as select version, name from supabase_migrations.schema_migrations;

comment on view public.applied_migrations is
  'Migrations applied to this database (supabase/migrations), newest version = schema version.';

grant select on public.applied_migrations to anon, authenticated, service_role;
