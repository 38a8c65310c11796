-- Work orders (issue 13): the work someone has to do at a site, received, worked and closed
-- offline on the same sync contract as the other site tables.
--
--   work_orders          one job: what, where, who, by when, how it stands, what it produced
--   work_order_steps     its checklist, one row per step, so two people ticking different
--                        steps offline both keep their ticks (a checklist held as one jsonb
--                        value would make every pair of ticks a conflict)
--   checklist_templates  the organization's lists of steps per equipment kind; copied onto a
--                        work order when it is created, never referenced afterwards, so a
--                        template edited later does not change work already issued
--
-- Rights follow the site tables: the back office the whole organization, technicians their
-- assigned sites, viewers read only. Templates are organization data: every member reads
-- them, admin and office write them.

-- Why a unit has its status and since when: the needs-attention list says "down 3 days:
-- coolant leak". The device sends the moment the technician changed it (a change made offline
-- on Monday and synced on Wednesday happened on Monday); a writer that changes the status
-- without it (an older app, SQL) gets the server's clock and its reason cleared.
alter table business.equipment
  add column if not exists status_reason text
    check (status_reason is null or length(status_reason) between 1 and 1000),
  add column if not exists status_changed_at timestamptz;

create or replace function business_private.stamp_equipment_status() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status_changed_at is not distinct from old.status_changed_at then
    new.status_changed_at := clock_timestamp();
    if new.status_reason is not distinct from old.status_reason then
      new.status_reason := null;
    end if;
  end if;
  return new;
end
$$;
drop trigger if exists stamp_equipment_status on business.equipment;
create trigger stamp_equipment_status before update of status on business.equipment
  for each row when (old.status is distinct from new.status)
  execute function business_private.stamp_equipment_status();
revoke execute on function business_private.stamp_equipment_status() from public, anon, authenticated;

-- A maintenance log is named by a work order of the same organization.
alter table business.maintenance_logs drop constraint if exists maintenance_logs_id_organization_id_key;
alter table business.maintenance_logs add constraint maintenance_logs_id_organization_id_key
  unique (id, organization_id);

create table if not exists business.work_orders (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  equipment_id uuid,
  title text not null check (length(btrim(title)) between 1 and 200),
  description text check (description is null or length(description) <= 10000),
  kind text not null default 'corrective' check (kind in ('corrective', 'preventive', 'inspection')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  status text not null default 'open'
    check (status in ('open', 'in_progress', 'on_hold', 'done', 'cancelled')),
  -- Why it is on hold or cancelled, or what the unit did when the order was raised.
  status_reason text check (status_reason is null or length(status_reason) between 1 and 1000),
  assignee_id uuid,
  -- The site-local day it is due; overdue is judged on the device against the site's day.
  due_on date,
  -- What raised it: a person, a unit reported down, a maintenance schedule.
  origin text not null default 'manual' check (origin in ('manual', 'equipment_down', 'schedule')),
  -- When the work was finished, as the technician says (may be days before it synced).
  completed_at timestamptz,
  -- The maintenance log completing it recorded (parts, downtime).
  maintenance_log_id uuid,
  -- References into the instance's other systems, shown as references and never read from
  -- here: an OpenProject work package and a FLRTS task.
  openproject_work_package_id integer check (openproject_work_package_id is null or openproject_work_package_id > 0),
  flrts_task_ref text check (flrts_task_ref is null or length(flrts_task_ref) between 1 and 500),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  unique (id, organization_id),
  -- Steps follow their work order's site.
  unique (id, site_id),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  foreign key (equipment_id, site_id) references business.equipment (id, site_id),
  foreign key (maintenance_log_id, organization_id) references business.maintenance_logs (id, organization_id),
  -- Only members of the organization can be assigned; a member who leaves is unassigned.
  foreign key (organization_id, assignee_id)
    references public.organization_members (organization_id, user_id) on delete set null (assignee_id),
  check (status <> 'done' or completed_at is not null),
  check (status not in ('on_hold', 'cancelled') or status_reason is not null)
);

create table if not exists business.work_order_steps (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  work_order_id uuid not null,
  position int not null check (position between 1 and 1000),
  label text not null check (length(btrim(label)) between 1 and 500),
  -- A required step must be done before its work order can be.
  required boolean not null default false,
  -- What ticking it records: nothing more, a number (with its unit), or words.
  requires text not null default 'check' check (requires in ('check', 'number', 'text')),
  unit text check (unit is null or length(unit) between 1 and 20),
  done_at timestamptz,
  value_number numeric(14, 3),
  value_text text check (value_text is null or length(value_text) between 1 and 2000),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  -- When the office re-files a work order at another site its steps go with it.
  foreign key (work_order_id, site_id) references business.work_orders (id, site_id) on update cascade,
  check (done_at is null or requires <> 'number' or value_number is not null),
  check (done_at is null or requires <> 'text' or value_text is not null)
);

create table if not exists business.checklist_templates (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- The kind of equipment it is for; null: any work order.
  equipment_kind text check (equipment_kind in ('generator', 'miner', 'compressor', 'transformer', 'other')),
  work_kind text not null default 'preventive' check (work_kind in ('corrective', 'preventive', 'inspection')),
  -- [{ "label": text, "required": bool, "requires": "check"|"number"|"text", "unit": text|null }]
  steps jsonb not null default '[]'::jsonb
    check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) between 1 and 100),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id()
);

create index if not exists work_orders_site_status_idx on business.work_orders (site_id, status);
create index if not exists work_orders_equipment_idx on business.work_orders (equipment_id);
create index if not exists work_orders_assignee_idx on business.work_orders (organization_id, assignee_id);
create index if not exists work_orders_maintenance_log_idx on business.work_orders (maintenance_log_id);
create index if not exists work_order_steps_work_order_idx on business.work_order_steps (work_order_id, site_id);
create index if not exists checklist_templates_organization_idx on business.checklist_templates (organization_id);

do $$
declare
  t text;
begin
  foreach t in array array['work_orders', 'work_order_steps', 'checklist_templates'] loop
    perform business.install_stamp_trigger(format('business.%I', t)::regclass);
    perform business.install_journal_trigger(format('business.%I', t)::regclass);
    execute format('create index if not exists %I on business.%I (txid, id)', t || '_txid_idx', t);
    execute format('alter table business.%I enable row level security', t);
  end loop;
  foreach t in array array['work_orders', 'work_order_steps'] loop
    execute format('create index if not exists %I on business.%I (site_id, txid, id)', t || '_site_txid_idx', t);
    execute format('create index if not exists %I on business.%I (organization_id)', t || '_organization_id_idx', t);
    execute format('drop policy if exists %I on business.%I', t || '_select', t);
    -- Organization-wide roles by organization, as sites_select: readable_site_ids() is
    -- computed once per statement, and the office must see the row it just inserted.
    execute format(
      'create policy %I on business.%I for select to authenticated using (
         organization_id = any ((select public.my_organization_ids(array[''admin'', ''office'', ''viewer'']))::uuid[])
         or site_id = any ((select business.readable_site_ids())::uuid[]))',
      t || '_select', t);
    execute format('drop policy if exists %I on business.%I', t || '_insert', t);
    execute format(
      'create policy %I on business.%I for insert to authenticated
         with check (site_id = any ((select business.writable_site_ids())::uuid[]))',
      t || '_insert', t);
    execute format('drop policy if exists %I on business.%I', t || '_update', t);
    execute format(
      'create policy %I on business.%I for update to authenticated
         using (site_id = any ((select business.writable_site_ids())::uuid[]))
         with check (site_id = any ((select business.writable_site_ids())::uuid[]))',
      t || '_update', t);
    execute format('drop trigger if exists record_move on business.%I', t);
    execute format(
      'create trigger record_move after update of site_id on business.%I for each row
         when (old.site_id is distinct from new.site_id) execute function business_private.record_move()', t);
  end loop;
end
$$;

drop policy if exists checklist_templates_select on business.checklist_templates;
create policy checklist_templates_select on business.checklist_templates for select to authenticated
  using (organization_id = any ((select public.my_organization_ids())::uuid[]));
drop policy if exists checklist_templates_insert on business.checklist_templates;
create policy checklist_templates_insert on business.checklist_templates for insert to authenticated
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));
drop policy if exists checklist_templates_update on business.checklist_templates;
create policy checklist_templates_update on business.checklist_templates for update to authenticated
  using (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]))
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));

revoke all on business.work_orders, business.work_order_steps, business.checklist_templates from anon, authenticated;
grant select, insert, update on business.work_orders, business.work_order_steps, business.checklist_templates
  to authenticated;
grant all on business.work_orders, business.work_order_steps, business.checklist_templates
  to service_role;

-- A work order is done only when its required steps are: checked in the database too, so a
-- device that skipped the check (or two devices that each saw a different checklist) cannot
-- close it. Read with the caller's rights is not enough (a technician cannot see steps of a
-- site they lost), so the check reads as the definer.
create or replace function business_private.guard_work_order_done() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_open text[];
begin
  select array_agg(s.label order by s.position) into v_open
  from business.work_order_steps s
  where s.work_order_id = new.id and s.required and s.done_at is null and s.deleted_at is null;
  if cardinality(v_open) > 0 then
    raise exception 'this work order cannot be done while % required step% of its checklist % open: %',
      cardinality(v_open), case when cardinality(v_open) = 1 then '' else 's' end,
      case when cardinality(v_open) = 1 then 'is' else 'are' end, array_to_string(v_open, '; ')
      using errcode = '23514', constraint = 'work_orders_required_steps_done';
  end if;
  return new;
end
$$;
drop trigger if exists guard_work_order_done on business.work_orders;
create trigger guard_work_order_done before insert or update of status on business.work_orders
  for each row when (new.status = 'done') execute function business_private.guard_work_order_done();
revoke execute on function business_private.guard_work_order_done() from public, anon, authenticated;

-- A unit with work orders, like one with history, stays at its site.
create or replace function business_private.guard_equipment_move() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from business.maintenance_logs l where l.equipment_id = old.id)
     or exists (select 1 from business.energy_production p where p.equipment_id = old.id)
     or exists (select 1 from business.work_orders w where w.equipment_id = old.id) then
    raise exception 'this unit has maintenance, readings or work orders at its site and cannot move: retire it there and register it at the new site'
      using errcode = '23503', constraint = 'equipment_id_site_id_key';
  end if;
  return new;
end
$$;

-- Moves of work orders and steps reach devices that lose sight of them.
drop policy if exists sync_moves_select on business.sync_moves;
create policy sync_moves_select on business.sync_moves for select to authenticated
  using (
    from_site_id = any ((select business.readable_site_ids())::uuid[])
    and case sync_moves.table_name
      when 'equipment' then not exists (select 1 from business.equipment t where t.id = sync_moves.row_id)
      when 'maintenance_logs' then not exists (select 1 from business.maintenance_logs t where t.id = sync_moves.row_id)
      when 'energy_production' then not exists (select 1 from business.energy_production t where t.id = sync_moves.row_id)
      when 'work_orders' then not exists (select 1 from business.work_orders t where t.id = sync_moves.row_id)
      when 'work_order_steps' then not exists (select 1 from business.work_order_steps t where t.id = sync_moves.row_id)
      else false
    end
  );

insert into business.sync_tables (table_name, position, site_column, client_writable) values
  ('work_orders', 8, 'site_id', true),
  ('work_order_steps', 9, 'site_id', true)
on conflict (table_name) do update
  set position = excluded.position, site_column = excluded.site_column,
      client_writable = excluded.client_writable;
