-- A closed month stays closed.
-- The month of a reading was computed from its site's *current* time zone, which a technician
-- could change to any string: a reading of a closed month could so be moved into an open one
-- and edited. Now:
--   * a site's time zone must be a name PostgreSQL knows (pg_timezone_names);
--   * only office and admin staff change it (it decides which month every reading is in);
--   * each reading stores its month (period_month, site-local, set by the database when the
--     reading is written or its period_start/site changes), and closes compare with that, so a
--     later change of the site's time zone moves no reading between months.

create or replace function business_private.guard_site_timezone() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.timezone is distinct from old.timezone then
    if not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.timezone) then
      raise exception 'unknown time zone "%": use an IANA name such as America/Denver', new.timezone
        using errcode = '23514', constraint = 'sites_timezone_check';
    end if;
  end if;
  if tg_op = 'UPDATE' and new.timezone is distinct from old.timezone and auth.uid() is not null
     and not new.organization_id = any (business_private.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can change a site''s time zone: it decides which month each reading belongs to'
      using errcode = '42501';
  end if;
  return new;
end
$$;

drop trigger if exists guard_site_timezone on business.sites;
create trigger guard_site_timezone before insert or update on business.sites
  for each row execute function business_private.guard_site_timezone();

alter table business.energy_production add column if not exists period_month date;

-- Existing readings get their month without being rewritten: no new updated_at or txid, no
-- journal entry, nothing for devices to pull again.
alter table business.energy_production disable trigger user;
update business.energy_production p
set period_month = date_trunc('month', p.period_start at time zone s.timezone)::date
from business.sites s
where s.id = p.site_id and p.period_month is null;
alter table business.energy_production enable trigger user;
alter table business.energy_production alter column period_month set not null;
alter table business.energy_production drop constraint if exists energy_production_period_month_check;
alter table business.energy_production add constraint energy_production_period_month_check
  check (extract(day from period_month) = 1);

create or replace function business_private.assert_month_open(
  p_site_id uuid, p_month date, p_source text, p_refusal text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if p_source <> 'adjustment' and business_private.is_period_closed(p_site_id, p_month) then
    raise exception using
      message = format('%s is closed for this site: %s. Enter a correction as an adjustment with a reason.',
                       to_char(p_month, 'FMMonth YYYY'), p_refusal),
      errcode = 'P0001', hint = 'period_closed';
  end if;
end
$$;

-- Sets period_month (clients cannot: whatever they send is replaced) and refuses writes into
-- closed months, judged by the month the reading was in and the month it goes to.
create or replace function business.guard_closed_period() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform business_private.assert_month_open(old.site_id, old.period_month, old.source,
                                               'readings in it cannot be changed');
    if tg_op = 'DELETE' then
      return old;
    end if;
  end if;
  if tg_op = 'INSERT' or new.period_start is distinct from old.period_start
     or new.site_id is distinct from old.site_id then
    new.period_month := business_private.reading_month(new.site_id, new.period_start);
  else
    new.period_month := old.period_month;
  end if;
  perform business_private.assert_month_open(new.site_id, new.period_month, new.source,
                                             'new readings cannot be added');
  return new;
end
$$;

drop function if exists business_private.assert_period_open(uuid, timestamptz, text, text);
drop function if exists business.reading_month(uuid, timestamptz);
drop function if exists business.is_period_closed(uuid, date);

-- period_month is the server's, like updated_at: devices never send it.
create or replace function business_private.client_columns(p_table text, p_op text) returns text[]
language sql
stable
set search_path = ''
as $$
  select coalesce(array_agg(a.attname::text order by a.attnum), '{}')
  from pg_attribute a
  where a.attrelid = format('business.%I', p_table)::regclass
    and a.attnum > 0
    and not a.attisdropped
    and a.attname not in ('id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at',
                          'txid', 'period_month')
    and (p_op = 'insert' or a.attname <> 'organization_id')
$$;
