-- Operations data. Every row carries the same bookkeeping columns:
--   id               uuid, made on the device when created offline
--   organization_id  the tenant; composite foreign keys keep references inside one tenant
--   created_at/_by, updated_at/_by   set by business.stamp_row(), never by the client
--   deleted_at       soft delete: rows are never removed, so deletions reach every device
--   txid             the writing transaction (xid8): the race-free sync cursor, see sync_pull

-- Sets the bookkeeping columns. updated_at comes from the database clock and strictly
-- increases per row (even if the server clock steps back), so it identifies a version.
create or replace function business.stamp_row() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
  ts timestamptz := clock_timestamp();
begin
  if tg_op = 'INSERT' then
    new.created_at := ts;
    new.created_by := coalesce(actor, new.created_by);
    new.updated_at := ts;
    new.updated_by := coalesce(actor, new.created_by);
  else
    if new.id is distinct from old.id then
      raise exception 'the id of a % row cannot change', tg_table_name using errcode = '23514';
    end if;
    if new.organization_id is distinct from old.organization_id then
      raise exception 'a % row cannot move to another organization', tg_table_name using errcode = '23514';
    end if;
    new.created_at := old.created_at;
    new.created_by := old.created_by;
    new.updated_at := greatest(ts, old.updated_at + interval '1 microsecond');
    new.updated_by := coalesce(actor, new.updated_by);
  end if;
  new.txid := pg_current_xact_id();
  return new;
end
$$;

-- Adds the bookkeeping columns' trigger to a table (idempotent).
create or replace function business.install_stamp_trigger(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('drop trigger if exists stamp_row on %s', p_table);
  execute format(
    'create trigger stamp_row before insert or update on %s for each row execute function business.stamp_row()',
    p_table);
end
$$;

create table if not exists business.clients (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  name text not null check (length(btrim(name)) between 1 and 200),
  contact_name text check (contact_name is null or length(contact_name) <= 200),
  contact_email text check (contact_email is null or contact_email ~ '^[^@\s]+@[^@\s]+$'),
  notes text check (notes is null or length(notes) <= 4000),
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  unique (id, organization_id)
);

create table if not exists business.projects (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  client_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  code text check (code is null or length(code) <= 40),
  status text not null default 'active'
    check (status in ('planned', 'active', 'on_hold', 'completed', 'cancelled')),
  start_date date,
  end_date date,
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  unique (id, organization_id),
  foreign key (client_id, organization_id) references business.clients (id, organization_id),
  check (end_date is null or start_date is null or end_date >= start_date)
);
create index if not exists projects_client_id_idx on business.projects (client_id);

create table if not exists business.sites (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  project_id uuid,
  client_id uuid,
  name text not null check (length(btrim(name)) between 1 and 200),
  code text check (code is null or code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
  status text not null default 'active'
    check (status in ('planned', 'commissioning', 'active', 'curtailed', 'offline', 'decommissioned')),
  latitude numeric(9, 6) check (latitude between -90 and 90),
  longitude numeric(9, 6) check (longitude between -180 and 180),
  county text check (county is null or length(county) <= 100),
  region text check (region is null or length(region) <= 100),
  country text not null default 'US' check (country ~ '^[A-Z]{2}$'),
  timezone text not null default 'UTC' check (length(timezone) between 1 and 64),
  capacity_kw numeric(12, 2) check (capacity_kw >= 0),
  notes text check (notes is null or length(notes) <= 4000),
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  unique (id, organization_id),
  foreign key (project_id, organization_id) references business.projects (id, organization_id),
  foreign key (client_id, organization_id) references business.clients (id, organization_id),
  check ((latitude is null) = (longitude is null))
);
create index if not exists sites_organization_id_idx on business.sites (organization_id);
create index if not exists sites_project_id_idx on business.sites (project_id);
create index if not exists sites_client_id_idx on business.sites (client_id);
create unique index if not exists sites_code_key on business.sites (organization_id, code)
  where deleted_at is null and code is not null;

create table if not exists business.site_assignments (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  -- Only members of the site's organization can be assigned to it.
  foreign key (organization_id, user_id)
    references public.organization_members (organization_id, user_id) on delete cascade
);
create unique index if not exists site_assignments_active_key on business.site_assignments (site_id, user_id)
  where deleted_at is null;
create index if not exists site_assignments_user_id_idx on business.site_assignments (user_id) where deleted_at is null;
create index if not exists site_assignments_org_user_idx on business.site_assignments (organization_id, user_id);

create table if not exists business.equipment (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  kind text not null check (kind in ('generator', 'miner', 'compressor', 'transformer', 'other')),
  name text not null check (length(btrim(name)) between 1 and 200),
  make text check (make is null or length(make) <= 100),
  model text check (model is null or length(model) <= 100),
  serial_number text check (serial_number is null or length(serial_number) between 1 and 100),
  asset_tag text check (asset_tag is null or length(asset_tag) between 1 and 64),
  status text not null default 'operational'
    check (status in ('operational', 'degraded', 'down', 'maintenance', 'retired')),
  runtime_hours numeric(12, 1) not null default 0 check (runtime_hours >= 0 and runtime_hours <= 1000000),
  rated_power_kw numeric(12, 2) check (rated_power_kw >= 0),
  installed_on date,
  notes text check (notes is null or length(notes) <= 4000),
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  unique (id, organization_id),
  foreign key (site_id, organization_id) references business.sites (id, organization_id)
);
create index if not exists equipment_site_id_idx on business.equipment (site_id, status);
create index if not exists equipment_serial_idx on business.equipment (organization_id, serial_number);
-- An asset tag names one live piece of equipment: the same unit registered twice offline
-- becomes a sync conflict on the existing row instead of a second row.
create unique index if not exists equipment_asset_tag_key on business.equipment (organization_id, asset_tag)
  where deleted_at is null and asset_tag is not null;

create table if not exists business.maintenance_logs (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  equipment_id uuid not null,
  kind text not null check (kind in ('preventive', 'corrective', 'inspection', 'emergency')),
  performed_at timestamptz not null,
  summary text not null check (length(btrim(summary)) between 1 and 500),
  details text check (details is null or length(details) <= 10000),
  downtime_hours numeric(8, 2) not null default 0 check (downtime_hours >= 0 and downtime_hours <= 8784),
  -- [{ "name": text, "part_number": text|null, "quantity": number > 0 }]
  parts jsonb not null default '[]'::jsonb check (jsonb_typeof(parts) = 'array'),
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  foreign key (equipment_id, organization_id) references business.equipment (id, organization_id)
);
create index if not exists maintenance_logs_site_idx on business.maintenance_logs (site_id, performed_at);
create index if not exists maintenance_logs_equipment_idx on business.maintenance_logs (equipment_id, performed_at);

create table if not exists business.energy_production (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  equipment_id uuid,
  period_start timestamptz not null,
  period_end timestamptz not null,
  energy_kwh numeric(14, 3) not null check (energy_kwh >= 0),
  gas_volume_mcf numeric(14, 3) check (gas_volume_mcf >= 0),
  runtime_hours numeric(8, 2) check (runtime_hours >= 0),
  source text not null default 'manual' check (source in ('manual', 'meter', 'scada', 'import', 'adjustment')),
  notes text check (notes is null or length(notes) <= 2000),
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  foreign key (equipment_id, organization_id) references business.equipment (id, organization_id),
  check (period_end > period_start),
  check (period_end - period_start <= interval '31 days'),
  check (runtime_hours is null or runtime_hours * interval '1 hour' <= period_end - period_start)
);
-- One live reading per site, equipment (or none: the site meter) and period start.
create unique index if not exists energy_production_reading_key
  on business.energy_production (site_id, equipment_id, period_start) nulls not distinct
  where deleted_at is null;
create index if not exists energy_production_site_period_idx on business.energy_production (site_id, period_start);
create index if not exists energy_production_equipment_idx on business.energy_production (equipment_id, period_start);

create table if not exists business.invoices (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  client_id uuid not null,
  site_id uuid,
  project_id uuid,
  invoice_number text not null check (length(btrim(invoice_number)) between 1 and 60),
  period_start date not null,
  period_end date not null,
  energy_kwh numeric(14, 3) check (energy_kwh >= 0),
  amount numeric(14, 2) not null check (amount >= 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  status text not null default 'draft' check (status in ('draft', 'issued', 'paid', 'void')),
  issued_on date,
  due_on date,
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (client_id, organization_id) references business.clients (id, organization_id),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  foreign key (project_id, organization_id) references business.projects (id, organization_id),
  check (period_end >= period_start),
  check (due_on is null or issued_on is null or due_on >= issued_on)
);
create unique index if not exists invoices_number_key on business.invoices (organization_id, invoice_number)
  where deleted_at is null;
create index if not exists invoices_client_id_idx on business.invoices (client_id);
create index if not exists invoices_site_period_idx on business.invoices (site_id, period_start);
create index if not exists invoices_project_id_idx on business.invoices (project_id);

create table if not exists business.carbon_credits (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  client_id uuid,
  period_start date not null,
  period_end date not null,
  registry text not null check (length(btrim(registry)) between 1 and 100),
  methane_destroyed_mcf numeric(14, 3) check (methane_destroyed_mcf >= 0),
  credits_tco2e numeric(14, 3) not null check (credits_tco2e >= 0),
  status text not null default 'estimated'
    check (status in ('estimated', 'pending_verification', 'verified', 'issued', 'retired')),
  serial_range text check (serial_range is null or length(serial_range) <= 200),
  verified_on date,
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  foreign key (client_id, organization_id) references business.clients (id, organization_id),
  check (period_end >= period_start)
);
create index if not exists carbon_credits_site_period_idx on business.carbon_credits (site_id, period_start);
create index if not exists carbon_credits_client_id_idx on business.carbon_credits (client_id);

do $$
declare
  t text;
begin
  foreach t in array array['clients', 'projects', 'sites', 'site_assignments', 'equipment',
                           'maintenance_logs', 'energy_production', 'invoices', 'carbon_credits'] loop
    perform business.install_stamp_trigger(format('business.%I', t)::regclass);
    execute format('create index if not exists %I on business.%I (organization_id)', t || '_organization_id_idx', t);
    execute format('create index if not exists %I on business.%I (txid, id)', t || '_txid_idx', t);
    execute format('create index if not exists %I on business.%I (created_by)', t || '_created_by_idx', t);
    execute format('create index if not exists %I on business.%I (updated_by)', t || '_updated_by_idx', t);
  end loop;
end
$$;
