-- A record's equipment belongs to the record's own site. The foreign keys were
-- (equipment_id, organization_id), so a log or reading at site A could name equipment of
-- site B, even one the writer cannot see.
alter table business.equipment drop constraint if exists equipment_id_site_id_key;
alter table business.equipment add constraint equipment_id_site_id_key unique (id, site_id);

alter table business.maintenance_logs drop constraint if exists maintenance_logs_equipment_site_fkey;
alter table business.maintenance_logs add constraint maintenance_logs_equipment_site_fkey
  foreign key (equipment_id, site_id) references business.equipment (id, site_id);
alter table business.energy_production drop constraint if exists energy_production_equipment_site_fkey;
alter table business.energy_production add constraint energy_production_equipment_site_fkey
  foreign key (equipment_id, site_id) references business.equipment (id, site_id);

-- The keys above also stop a unit with history from changing site (its readings were
-- produced, and billed, at the old one). Say so in words instead of a constraint name.
create or replace function business_private.guard_equipment_move() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from business.maintenance_logs l where l.equipment_id = old.id)
     or exists (select 1 from business.energy_production p where p.equipment_id = old.id) then
    raise exception 'this unit has maintenance or readings at its site and cannot move: retire it there and register it at the new site'
      using errcode = '23503', constraint = 'equipment_id_site_id_key';
  end if;
  return new;
end
$$;
drop trigger if exists guard_equipment_move on business.equipment;
create trigger guard_equipment_move before update of site_id on business.equipment
  for each row when (old.site_id is distinct from new.site_id)
  execute function business_private.guard_equipment_move();
