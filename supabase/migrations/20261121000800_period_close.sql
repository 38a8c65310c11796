-- Period close: once the office closes a month for a site, its energy readings are facts.
-- Readings of a closed month cannot be inserted, changed or deleted; a correction is a new
-- reading with source 'adjustment' (a signed kWh delta) and a reason, which the journal keeps.

create table if not exists business.period_closes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  site_id uuid not null,
  -- The first day of the closed month, in the site's time zone.
  month date not null check (extract(day from month) = 1),
  status text not null default 'closed' check (status in ('closed', 'reopened')),
  reason text check (reason is null or length(reason) <= 2000),
  closed_by uuid references auth.users (id) on delete set null,
  closed_at timestamptz not null default now(),
  reopened_by uuid references auth.users (id) on delete set null,
  reopened_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  updated_by uuid references auth.users (id) on delete set null,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  foreign key (site_id, organization_id) references business.sites (id, organization_id),
  check ((status = 'reopened') = (reopened_at is not null))
);
create unique index if not exists period_closes_site_month_key on business.period_closes (site_id, month)
  where deleted_at is null;
create index if not exists period_closes_org_idx on business.period_closes (organization_id);
create index if not exists period_closes_txid_idx on business.period_closes (txid, id);
create index if not exists period_closes_site_txid_idx on business.period_closes (site_id, txid, id);
create index if not exists period_closes_closed_by_idx on business.period_closes (closed_by);
create index if not exists period_closes_reopened_by_idx on business.period_closes (reopened_by);
create index if not exists period_closes_created_by_idx on business.period_closes (created_by);
create index if not exists period_closes_updated_by_idx on business.period_closes (updated_by);
select business.install_stamp_trigger('business.period_closes');
select business.install_journal_trigger('business.period_closes');

alter table business.period_closes enable row level security;
drop policy if exists period_closes_select on business.period_closes;
create policy period_closes_select on business.period_closes for select to authenticated
  using (site_id = any ((select business.readable_site_ids())::uuid[]));
drop policy if exists period_closes_insert on business.period_closes;
create policy period_closes_insert on business.period_closes for insert to authenticated
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));
drop policy if exists period_closes_update on business.period_closes;
create policy period_closes_update on business.period_closes for update to authenticated
  using (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]))
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));
revoke all on business.period_closes from anon, authenticated;
grant select on business.period_closes to authenticated;
grant all on business.period_closes to service_role, business_user;

-- Devices pull closes, so a form can say "this month is closed" before anything is queued.
insert into business.sync_tables (table_name, position, site_column, client_writable)
values ('period_closes', 6, 'site_id', false)
on conflict (table_name) do update
  set position = excluded.position, site_column = excluded.site_column,
      client_writable = excluded.client_writable;

-- Adjustments are signed deltas with a reason; they do not take the reading's unique slot.
alter table business.energy_production drop constraint if exists energy_production_energy_kwh_check;
alter table business.energy_production drop constraint if exists energy_production_energy_kwh_sign;
alter table business.energy_production add constraint energy_production_energy_kwh_sign
  check (energy_kwh >= 0 or source = 'adjustment');
alter table business.energy_production drop constraint if exists energy_production_adjustment_reason;
alter table business.energy_production add constraint energy_production_adjustment_reason
  check (source <> 'adjustment' or length(btrim(coalesce(notes, ''))) >= 3);
drop index if exists business.energy_production_reading_key;
create unique index if not exists energy_production_reading_key
  on business.energy_production (site_id, equipment_id, period_start) nulls not distinct
  where deleted_at is null and source <> 'adjustment';

-- The month (first day, site-local) a reading belongs to.
create or replace function business.reading_month(p_site_id uuid, p_period_start timestamptz) returns date
language sql
stable
security definer
set search_path = ''
as $$
  select date_trunc('month', p_period_start at time zone s.timezone)::date
  from business.sites s where s.id = p_site_id
$$;

create or replace function business.is_period_closed(p_site_id uuid, p_month date) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from business.period_closes c
    where c.site_id = p_site_id and c.month = p_month and c.status = 'closed' and c.deleted_at is null)
$$;

create or replace function business_private.assert_period_open(
  p_site_id uuid, p_period_start timestamptz, p_source text, p_refusal text)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_month date := business.reading_month(p_site_id, p_period_start);
begin
  if p_source <> 'adjustment' and business.is_period_closed(p_site_id, v_month) then
    raise exception using
      message = format('%s is closed for this site: %s. Enter a correction as an adjustment with a reason.',
                       to_char(v_month, 'FMMonth YYYY'), p_refusal),
      errcode = 'P0001', hint = 'period_closed';
  end if;
end
$$;

create or replace function business.guard_closed_period() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform business_private.assert_period_open(old.site_id, old.period_start, old.source,
                                                'readings in it cannot be changed');
    if tg_op = 'DELETE' then
      return old;
    end if;
  end if;
  perform business_private.assert_period_open(new.site_id, new.period_start, new.source,
                                              'new readings cannot be added');
  if new.source = 'adjustment' then
    perform set_config('outpost.reason', new.notes, true);
  end if;
  return new;
end
$$;

drop trigger if exists guard_closed_period on business.energy_production;
create trigger guard_closed_period before insert or update or delete on business.energy_production
  for each row execute function business.guard_closed_period();

-- Office and admin close and reopen months; both are journaled.
create or replace function business.close_period(p_site_id uuid, p_month date) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_row business.period_closes;
  v_org uuid;
begin
  if extract(day from p_month) <> 1 then
    raise exception 'a period is a whole month: pass its first day' using errcode = '22023';
  end if;
  select organization_id into v_org from business.sites where id = p_site_id;
  if v_org is null or not v_org = any (public.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can close a period' using errcode = '42501';
  end if;
  insert into business.period_closes (organization_id, site_id, month, closed_by, closed_at)
  values (v_org, p_site_id, p_month, auth.uid(), clock_timestamp())
  on conflict (site_id, month) where deleted_at is null do update
    set status = 'closed', closed_by = auth.uid(), closed_at = clock_timestamp(), reopened_by = null,
        reopened_at = null, reason = null
  returning * into v_row;
  return to_jsonb(v_row) - 'txid';
end
$$;

create or replace function business.reopen_period(p_site_id uuid, p_month date, p_reason text) returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_row business.period_closes;
begin
  if length(btrim(coalesce(p_reason, ''))) < 3 then
    raise exception 'say why the period is reopened' using errcode = '22023';
  end if;
  perform set_config('outpost.reason', p_reason, true);
  update business.period_closes
  set status = 'reopened', reopened_by = auth.uid(), reopened_at = clock_timestamp(), reason = p_reason
  where site_id = p_site_id and month = p_month and status = 'closed' and deleted_at is null
  returning * into v_row;
  if v_row.id is null then
    raise exception 'that period is not closed, or not yours to reopen' using errcode = 'P0002';
  end if;
  return to_jsonb(v_row) - 'txid';
end
$$;

revoke execute on function business_private.assert_period_open(uuid, timestamptz, text, text) from public, anon;
grant execute on function business_private.assert_period_open(uuid, timestamptz, text, text) to authenticated, service_role;
revoke execute on function business.close_period(uuid, date), business.reopen_period(uuid, date, text),
  business.reading_month(uuid, timestamptz), business.is_period_closed(uuid, date) from public, anon;
grant execute on function business.close_period(uuid, date), business.reopen_period(uuid, date, text),
  business.reading_month(uuid, timestamptz), business.is_period_closed(uuid, date) to authenticated, service_role;
grant update (status, reopened_by, reopened_at, reason, closed_by, closed_at) on business.period_closes to authenticated;
grant insert on business.period_closes to authenticated;
