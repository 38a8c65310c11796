-- Preventive maintenance (issue 13): schedules that say when a unit is due for work, and the
-- work orders they raise, exactly once whoever raises them.
--
--   maintenance_schedules  per unit, or per kind of unit at a site: every N runtime hours (from
--                          the unit's hour meter and the runtime of its readings since) or every
--                          N days from a first day; synced like the other site tables, so a
--                          device offline for days still knows what falls due
--   work_orders            gain the schedule and the due point ("2000 h", "2026-12-10") that
--                          raised them; one live order per schedule, unit and point
--
-- Due points are computed on the device (src/shared/maintenance/pm-due.ts), and the order for
-- one gets an id derived from schedule, unit and point: two devices raising it offline push
-- the same row, which the server merges (docs/sync-protocol.md, "Insert whose id exists");
-- the unique key catches a writer that does not derive the id.

-- When the hour meter was read. The device sends it with the reading; a writer that changes
-- the hours without it gets the server's clock. Null on rows from before: read when the unit
-- was registered.
alter table business.equipment
  add column if not exists runtime_hours_at timestamptz;

create or replace function business_private.stamp_equipment_hours() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.runtime_hours_at is not distinct from old.runtime_hours_at then
    new.runtime_hours_at := clock_timestamp();
  end if;
  return new;
end
$$;
drop trigger if exists stamp_equipment_hours on business.equipment;
create trigger stamp_equipment_hours before update of runtime_hours on business.equipment
  for each row when (old.runtime_hours is distinct from new.runtime_hours)
  execute function business_private.stamp_equipment_hours();
revoke execute on function business_private.stamp_equipment_hours() from public, anon, authenticated;

-- A schedule names a template of its own organization.
alter table business.checklist_templates drop constraint if exists checklist_templates_id_organization_id_key;
alter table business.checklist_templates add constraint checklist_templates_id_organization_id_key
  unique (id, organization_id);

create table if not exists business.maintenance_schedules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  -- One unit, or every unit of a kind at the site.
  equipment_id uuid,
  equipment_kind text check (equipment_kind in ('generator', 'miner', 'compressor', 'transformer', 'other')),
  title text not null check (length(btrim(title)) between 1 and 200),
  description text check (description is null or length(description) <= 10000),
  -- Every N runtime hours, due at start_hours + k·N; or every N days, due on starts_on + k·N.
  every_hours numeric(10, 1) check (every_hours is null or (every_hours > 0 and every_hours <= 100000)),
  start_hours numeric(12, 1) not null default 0 check (start_hours >= 0 and start_hours <= 1000000),
  every_days int check (every_days is null or every_days between 1 and 3660),
  starts_on date,
  -- How early it shows as due soon, in the schedule's unit (hours or days).
  lead numeric(10, 1) not null default 0 check (lead >= 0 and lead <= 100000),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  -- The checklist its orders get (copied when one is raised).
  template_id uuid,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  unique (id, site_id),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  foreign key (equipment_id, site_id) references business.equipment (id, site_id),
  foreign key (template_id, organization_id) references business.checklist_templates (id, organization_id),
  constraint maintenance_schedules_unit_or_kind check ((equipment_id is null) <> (equipment_kind is null)),
  constraint maintenance_schedules_hours_or_days check ((every_hours is null) <> (every_days is null)),
  constraint maintenance_schedules_first_day check (every_days is null or starts_on is not null)
);
create index if not exists maintenance_schedules_equipment_idx on business.maintenance_schedules (equipment_id);
create index if not exists maintenance_schedules_template_idx on business.maintenance_schedules (template_id);

alter table business.work_orders
  add column if not exists schedule_id uuid,
  add column if not exists schedule_point text
    check (schedule_point is null or schedule_point ~ '^([0-9]{1,7}(\.[0-9])? h|[0-9]{4}-[0-9]{2}-[0-9]{2})$');
alter table business.work_orders drop constraint if exists work_orders_schedule_fkey;
alter table business.work_orders add constraint work_orders_schedule_fkey
  foreign key (schedule_id, site_id) references business.maintenance_schedules (id, site_id);
alter table business.work_orders drop constraint if exists work_orders_schedule_point;
alter table business.work_orders add constraint work_orders_schedule_point
  check ((schedule_id is null) = (schedule_point is null));
-- One live order per schedule, unit and due point: a second one pushed under another id merges
-- into the first (a unique key the push merges into, as readings').
create unique index if not exists work_orders_schedule_point_key
  on business.work_orders (schedule_id, equipment_id, schedule_point) nulls not distinct
  where schedule_id is not null and deleted_at is null;

do $$
begin
  perform business.install_stamp_trigger('business.maintenance_schedules'::regclass);
  perform business.install_journal_trigger('business.maintenance_schedules'::regclass);
end
$$;
create index if not exists maintenance_schedules_txid_idx on business.maintenance_schedules (txid, id);
create index if not exists maintenance_schedules_site_txid_idx on business.maintenance_schedules (site_id, txid, id);
create index if not exists maintenance_schedules_organization_id_idx on business.maintenance_schedules (organization_id);
alter table business.maintenance_schedules enable row level security;

-- Everyone who sees a site sees its schedules (a technician needs them to know what is due);
-- only the back office sets them.
drop policy if exists maintenance_schedules_select on business.maintenance_schedules;
create policy maintenance_schedules_select on business.maintenance_schedules for select to authenticated
  using (
    organization_id = any ((select public.my_organization_ids(array['admin', 'office', 'viewer']))::uuid[])
    or site_id = any ((select business.readable_site_ids())::uuid[]));
drop policy if exists maintenance_schedules_insert on business.maintenance_schedules;
create policy maintenance_schedules_insert on business.maintenance_schedules for insert to authenticated
  with check (
    organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[])
    and site_id = any ((select business.writable_site_ids())::uuid[]));
drop policy if exists maintenance_schedules_update on business.maintenance_schedules;
create policy maintenance_schedules_update on business.maintenance_schedules for update to authenticated
  using (
    organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[])
    and site_id = any ((select business.writable_site_ids())::uuid[]))
  with check (
    organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[])
    and site_id = any ((select business.writable_site_ids())::uuid[]));

revoke all on business.maintenance_schedules from anon, authenticated;
grant select, insert, update on business.maintenance_schedules to authenticated;
grant all on business.maintenance_schedules to service_role;

-- A schedule stays at its site: the orders it raised are there, and a device that loses sight
-- of the site must not keep a schedule that moved away unseen.
create or replace function business_private.guard_schedule_site() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'a maintenance schedule stays at its site: end it there and create one at the other site'
    using errcode = '23514', constraint = 'maintenance_schedules_site_fixed';
end
$$;
drop trigger if exists guard_schedule_site on business.maintenance_schedules;
create trigger guard_schedule_site before update of site_id on business.maintenance_schedules
  for each row when (old.site_id is distinct from new.site_id)
  execute function business_private.guard_schedule_site();
revoke execute on function business_private.guard_schedule_site() from public, anon, authenticated;

insert into business.sync_tables (table_name, position, site_column, client_writable) values
  ('maintenance_schedules', 10, 'site_id', true)
on conflict (table_name) do update
  set position = excluded.position, site_column = excluded.site_column,
      client_writable = excluded.client_writable;

-- A unit with a schedule, like one with work orders, stays at its site.
create or replace function business_private.guard_equipment_move() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from business.maintenance_logs l where l.equipment_id = old.id)
     or exists (select 1 from business.energy_production p where p.equipment_id = old.id)
     or exists (select 1 from business.work_orders w where w.equipment_id = old.id)
     or exists (select 1 from business.maintenance_schedules s where s.equipment_id = old.id) then
    raise exception 'this unit has maintenance, readings, schedules or work orders at its site and cannot move: retire it there and register it at the new site'
      using errcode = '23503', constraint = 'equipment_id_site_id_key';
  end if;
  return new;
end
$$;
