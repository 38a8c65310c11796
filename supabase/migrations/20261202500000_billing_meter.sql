-- Which meter a site bills from. A reading without equipment is the site meter's; a unit's
-- readings are its own meter's. The billing (revenue) meter is the one invoices and carbon
-- credits are reconciled against; every other meter at the site is a sub-meter, whose sum is
-- set against the billing meter as a meter balance (unmetered load or a faulty meter is a
-- finding), never added to it. Summing both double-counted Mesa Verde's November.
--
-- billing_meter_id null: the site meter is the billing meter (every site until now).
-- Otherwise a unit of the same site, e.g. the only generator of a site without a site meter.
alter table business.sites add column if not exists billing_meter_id uuid;
alter table business.sites drop constraint if exists sites_billing_meter_fkey;
-- (id, site_id) is unique on equipment (20261202000400): the meter must be this site's own.
alter table business.sites add constraint sites_billing_meter_fkey
  foreign key (billing_meter_id, id) references business.equipment (id, site_id);
create index if not exists sites_billing_meter_idx on business.sites (billing_meter_id)
  where billing_meter_id is not null;

comment on column business.sites.billing_meter_id is
  'The unit whose meter bills this site; null: the site meter (readings without equipment).';

-- What a site bills from decides its invoices: office and admin choose it, not a technician
-- who may otherwise edit the site's details. Sessions without a user (seed, operators) may.
create or replace function business_private.guard_billing_meter() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is not null
     and not new.organization_id = any (public.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can choose the billing meter of a site'
      using errcode = '42501';
  end if;
  return new;
end
$$;
drop trigger if exists guard_billing_meter on business.sites;
create trigger guard_billing_meter before update of billing_meter_id on business.sites
  for each row when (old.billing_meter_id is distinct from new.billing_meter_id)
  execute function business_private.guard_billing_meter();
