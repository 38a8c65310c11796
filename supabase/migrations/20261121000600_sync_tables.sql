-- Sync bookkeeping: which tables sync, the database's sync epoch, processed mutations
-- (idempotency), and conflicts kept for back-office review.

-- Helpers the sync functions call; not in an API-exposed schema, so not callable as RPC.
create schema if not exists business_private;
revoke all on schema business_private from public;
grant usage on schema business_private to authenticated, service_role, business_user;

create table if not exists business.sync_tables (
  table_name text primary key,
  position int not null unique,
  -- The column naming the site a row belongs to: scope and backfill follow it.
  site_column text not null,
  -- Whether devices may push mutations for it (conflicts are pulled, never pushed).
  client_writable boolean not null
);
insert into business.sync_tables (table_name, position, site_column, client_writable) values
  ('sites', 1, 'id', true),
  ('equipment', 2, 'site_id', true),
  ('maintenance_logs', 3, 'site_id', true),
  ('energy_production', 4, 'site_id', true),
  ('sync_conflicts', 5, 'site_id', false)
on conflict (table_name) do update
  set position = excluded.position, site_column = excluded.site_column,
      client_writable = excluded.client_writable;

-- A database restored from a backup or re-created gets a new epoch, and every device's
-- cursor from before is answered with reset = true.
create table if not exists business.sync_epoch (
  singleton boolean primary key default true check (singleton),
  epoch uuid not null default gen_random_uuid()
);
insert into business.sync_epoch default values on conflict do nothing;

create table if not exists business.sync_conflicts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  table_name text not null,
  row_id uuid not null,
  mutation_id uuid,
  device_id uuid,
  op text not null check (op in ('insert', 'update', 'delete')),
  fields text[] not null check (cardinality(fields) > 0),
  -- Per field: the value both sides started from (absent when unknown), the server's, the
  -- device's. The loser of the automatic decision is kept here, never thrown away.
  base jsonb not null default '{}'::jsonb,
  server jsonb not null,
  client jsonb not null,
  winner text not null check (winner in ('server', 'client')),
  client_changed_at timestamptz,
  server_updated_at timestamptz,
  status text not null default 'open' check (status in ('open', 'resolved')),
  resolution jsonb,
  resolved_by uuid references auth.users (id) on delete set null,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  check ((status = 'resolved') = (resolved_at is not null))
);
create index if not exists sync_conflicts_open_idx on business.sync_conflicts (organization_id, status, created_at);
create index if not exists sync_conflicts_row_idx on business.sync_conflicts (table_name, row_id);
create index if not exists sync_conflicts_site_idx on business.sync_conflicts (site_id);
create index if not exists sync_conflicts_txid_idx on business.sync_conflicts (txid, id);
create index if not exists sync_conflicts_resolved_by_idx on business.sync_conflicts (resolved_by);
create index if not exists sync_conflicts_created_by_idx on business.sync_conflicts (created_by);
create index if not exists sync_conflicts_updated_by_idx on business.sync_conflicts (updated_by);
select business.install_stamp_trigger('business.sync_conflicts');
select business.install_journal_trigger('business.sync_conflicts');

-- Every mutation that changed (or deliberately did not change) server state, with its first
-- result. A retry of the same id is answered from here. Rejected mutations are not kept:
-- they changed nothing, so a retry after the cause is fixed must be free to apply.
create table if not exists business.sync_mutations (
  id uuid primary key,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  device_id uuid,
  table_name text not null,
  row_id uuid not null,
  op text not null,
  status text not null,
  result jsonb not null,
  changed_at timestamptz,
  received_at timestamptz not null default clock_timestamp()
);
create index if not exists sync_mutations_user_idx on business.sync_mutations (user_id, received_at);

-- Backfill of newly assigned sites reads by site, then in cursor order.
create index if not exists sites_txid_scope_idx on business.sites (id, txid);
create index if not exists equipment_site_txid_idx on business.equipment (site_id, txid, id);
create index if not exists maintenance_logs_site_txid_idx on business.maintenance_logs (site_id, txid, id);
create index if not exists energy_production_site_txid_idx on business.energy_production (site_id, txid, id);
create index if not exists sync_conflicts_site_txid_idx on business.sync_conflicts (site_id, txid, id);

alter table business.sync_tables enable row level security;
alter table business.sync_epoch enable row level security;
alter table business.sync_conflicts enable row level security;
alter table business.sync_mutations enable row level security;

drop policy if exists sync_tables_select on business.sync_tables;
create policy sync_tables_select on business.sync_tables for select to authenticated using (true);
drop policy if exists sync_epoch_select on business.sync_epoch;
create policy sync_epoch_select on business.sync_epoch for select to authenticated using (true);

drop policy if exists sync_conflicts_select on business.sync_conflicts;
create policy sync_conflicts_select on business.sync_conflicts for select to authenticated
  using (
    organization_id = any ((select public.my_organization_ids(array['admin', 'office', 'viewer']))::uuid[])
    or site_id = any ((select business.readable_site_ids())::uuid[])
  );
-- Conflicts are recorded by sync_push running as the device's user.
drop policy if exists sync_conflicts_insert on business.sync_conflicts;
create policy sync_conflicts_insert on business.sync_conflicts for insert to authenticated
  with check (site_id = any ((select business.writable_site_ids())::uuid[]) and status = 'open');
-- Only the back office resolves them.
drop policy if exists sync_conflicts_update on business.sync_conflicts;
create policy sync_conflicts_update on business.sync_conflicts for update to authenticated
  using (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]))
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));

drop policy if exists sync_mutations_select on business.sync_mutations;
create policy sync_mutations_select on business.sync_mutations for select to authenticated
  using (user_id = (select auth.uid()));
drop policy if exists sync_mutations_insert on business.sync_mutations;
create policy sync_mutations_insert on business.sync_mutations for insert to authenticated
  with check (user_id = (select auth.uid()));
drop policy if exists sync_mutations_update on business.sync_mutations;
create policy sync_mutations_update on business.sync_mutations for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

revoke all on business.sync_tables, business.sync_epoch, business.sync_conflicts, business.sync_mutations
  from anon, authenticated;
grant select on business.sync_tables, business.sync_epoch to authenticated;
grant select, insert on business.sync_conflicts to authenticated;
grant update (status, resolution, resolved_by, resolved_at) on business.sync_conflicts to authenticated;
grant select, insert, update on business.sync_mutations to authenticated;
grant all on business.sync_tables, business.sync_epoch, business.sync_conflicts, business.sync_mutations
  to service_role, business_user;
