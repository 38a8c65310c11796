-- Custom fields (issue 13): what one kind of unit has and another has not (a miner's
-- hashrate, a generator's fuel), and a site's lease number, without a migration per field.
--
--   custom_field_definitions  the organization's registry: key, label, type, unit, required,
--                             for sites or for equipment (of one kind, or of every kind)
--   sites.custom_fields,      the values, one jsonb object per row keyed by definition key;
--   equipment.custom_fields   synced with the row like any other column
--   sites.production_drop_pct how far below its 7-day average a day's production must fall
--                             for the home to call it a drop (default 20 %)
--
-- The rules a value must keep are in business_private.custom_field_problem, word for word the
-- device's (src/shared/schema/custom-fields.ts): a test runs one table of cases through both.

create table if not exists business.custom_field_definitions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references public.organizations (id),
  applies_to text not null check (applies_to in ('site', 'equipment')),
  -- The kind of unit it is for; null: every unit (or a site field).
  equipment_kind text check (equipment_kind in ('generator', 'miner', 'compressor', 'transformer', 'other')),
  -- The name the value is stored under in custom_fields; never changes, so values keep their field.
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text not null check (length(btrim(label)) between 1 and 100),
  type text not null check (type in ('text', 'number', 'integer', 'boolean', 'date', 'choice')),
  unit text check (unit is null or length(unit) between 1 and 20),
  required boolean not null default false,
  choices text[],
  position int not null default 0 check (position between 0 and 10000),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  deleted_at timestamptz,
  txid xid8 not null default pg_current_xact_id(),
  constraint custom_field_definitions_kind_for_equipment
    check (equipment_kind is null or applies_to = 'equipment'),
  constraint custom_field_definitions_unit_for_numbers
    check (unit is null or type in ('number', 'integer')),
  -- A choice field has its choices (1 to 100, none null or blank), and only a choice field has any.
  constraint custom_field_definitions_choices
    check ((type = 'choice') = (choices is not null)
           and (choices is null or (cardinality(choices) between 1 and 100
                                    and array_position(choices, null) is null)))
);

-- One live field per key and target: two "firmware" fields for miners would store into one value.
create unique index if not exists custom_field_definitions_key
  on business.custom_field_definitions (organization_id, applies_to, key)
  where deleted_at is null;
create index if not exists custom_field_definitions_organization_idx
  on business.custom_field_definitions (organization_id);

select business.install_stamp_trigger('business.custom_field_definitions'::regclass);
select business.install_journal_trigger('business.custom_field_definitions'::regclass);
create index if not exists custom_field_definitions_txid_idx
  on business.custom_field_definitions (txid, id);
alter table business.custom_field_definitions enable row level security;

drop policy if exists custom_field_definitions_select on business.custom_field_definitions;
create policy custom_field_definitions_select on business.custom_field_definitions
  for select to authenticated
  using (organization_id = any ((select public.my_organization_ids())::uuid[]));
drop policy if exists custom_field_definitions_insert on business.custom_field_definitions;
create policy custom_field_definitions_insert on business.custom_field_definitions
  for insert to authenticated
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));
drop policy if exists custom_field_definitions_update on business.custom_field_definitions;
create policy custom_field_definitions_update on business.custom_field_definitions
  for update to authenticated
  using (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]))
  with check (organization_id = any ((select public.my_organization_ids(array['admin', 'office']))::uuid[]));

revoke all on business.custom_field_definitions from anon, authenticated;
grant select, insert, update on business.custom_field_definitions to authenticated;
grant all on business.custom_field_definitions to service_role;

-- What a field is (its key, type, target, organization) is fixed once values may exist: a
-- number field turned into a date field would leave every stored value wrong. Relabel it,
-- or remove it (soft delete) and add another.
create or replace function business_private.guard_custom_field_definition() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.key is distinct from old.key or new.type is distinct from old.type
     or new.applies_to is distinct from old.applies_to
     or new.organization_id is distinct from old.organization_id then
    raise exception 'a field''s key, type and what it is for cannot change; remove it and add another'
      using errcode = '23514', constraint = 'custom_field_definitions_fixed';
  end if;
  return new;
end
$$;
drop trigger if exists guard_custom_field_definition on business.custom_field_definitions;
create trigger guard_custom_field_definition before update on business.custom_field_definitions
  for each row execute function business_private.guard_custom_field_definition();

-- Why a value does not fit a field, in the words the form shows after the label; null: it fits.
-- Immutable (a pure function of its arguments), so the device-parity test can call it freely.
create or replace function business_private.custom_field_problem(p_type text, p_choices text[], p_value jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_text text;
  v_number numeric;
begin
  if p_value is null or jsonb_typeof(p_value) = 'null' then
    return 'cannot be empty; leave it out instead';
  end if;
  case p_type
    when 'text' then
      if jsonb_typeof(p_value) <> 'string' then
        return 'must be text';
      end if;
      v_text := p_value #>> '{}';
      if v_text ~ '^[ \t\n\r]*$' then
        return 'cannot be blank; leave it out instead';
      end if;
      if length(v_text) > 500 then
        return 'can be at most 500 characters';
      end if;
    when 'number', 'integer' then
      if jsonb_typeof(p_value) <> 'number' then
        return 'must be a number';
      end if;
      v_number := (p_value #>> '{}')::numeric;
      if p_type = 'integer' and v_number <> trunc(v_number) then
        return 'must be a whole number';
      end if;
      if abs(v_number) > 1000000000000 then
        return 'must be between -1,000,000,000,000 and 1,000,000,000,000';
      end if;
    when 'boolean' then
      if jsonb_typeof(p_value) <> 'boolean' then
        return 'must be yes or no';
      end if;
    when 'date' then
      v_text := case when jsonb_typeof(p_value) = 'string' then p_value #>> '{}' end;
      if v_text is null or v_text !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
        return 'must be a day (YYYY-MM-DD)';
      end if;
      begin
        perform make_date(substr(v_text, 1, 4)::int, substr(v_text, 6, 2)::int, substr(v_text, 9, 2)::int);
      exception when others then
        return 'must be a day (YYYY-MM-DD)';
      end;
    when 'choice' then
      if jsonb_typeof(p_value) <> 'string' or not (p_value #>> '{}') = any (p_choices) then
        return 'must be one of: ' || array_to_string(p_choices, ', ');
      end if;
    else
      return 'has a type this version does not know';
  end case;
  return null;
end
$$;

-- Values are checked against the registry when they are written. Only the keys a write adds
-- or changes are judged: a field made required, or removed, after values were stored does not
-- make every later edit of the row fail on a value it did not touch. Required fields are
-- judged on every write of custom_fields, so the form asks for them before anything is saved.
-- Reads the registry with the caller's rights: whoever may write the row is a member of its
-- organization and so reads its definitions.
create or replace function business_private.check_custom_fields() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_old jsonb := case when tg_op = 'UPDATE' then old.custom_fields else '{}'::jsonb end;
  v_kind text := case when tg_table_name = 'equipment' then to_jsonb(new) ->> 'kind' end;
  v_target text := case when tg_table_name = 'equipment' then 'equipment' else 'site' end;
  v_key text;
  v_value jsonb;
  v_def record;
  v_problem text;
  v_missing text[];
begin
  if jsonb_typeof(new.custom_fields) is distinct from 'object' then
    return new; -- the column's CHECK refuses it, in its own words
  end if;
  for v_key, v_value in select e.key, e.value from jsonb_each(new.custom_fields) e loop
    continue when v_old -> v_key is not distinct from v_value;
    select d.label, d.type, d.choices into v_def
      from business.custom_field_definitions d
     where d.organization_id = new.organization_id and d.applies_to = v_target
       and d.key = v_key and d.deleted_at is null
       and (d.equipment_kind is null or d.equipment_kind = v_kind);
    if not found then
      raise exception 'there is no field "%" for %', v_key,
        case v_target when 'site' then 'sites' else 'this kind of equipment' end
        using errcode = '23514', constraint = 'custom_fields_known';
    end if;
    v_problem := business_private.custom_field_problem(v_def.type, v_def.choices, v_value);
    if v_problem is not null then
      raise exception '% %', v_def.label, v_problem
        using errcode = '23514', constraint = 'custom_fields_valid';
    end if;
  end loop;
  select array_agg(d.label order by d.position, d.label) into v_missing
    from business.custom_field_definitions d
   where d.organization_id = new.organization_id and d.applies_to = v_target
     and d.required and d.deleted_at is null
     and (d.equipment_kind is null or d.equipment_kind = v_kind)
     and not new.custom_fields ? d.key;
  if v_missing is not null then
    raise exception 'required: %', array_to_string(v_missing, ', ')
      using errcode = '23514', constraint = 'custom_fields_required';
  end if;
  return new;
end
$$;

alter table business.sites add column if not exists custom_fields jsonb not null default '{}'::jsonb;
alter table business.equipment add column if not exists custom_fields jsonb not null default '{}'::jsonb;
alter table business.sites drop constraint if exists sites_custom_fields_object;
alter table business.sites add constraint sites_custom_fields_object
  check (jsonb_typeof(custom_fields) = 'object' and pg_column_size(custom_fields) <= 16384);
alter table business.equipment drop constraint if exists equipment_custom_fields_object;
alter table business.equipment add constraint equipment_custom_fields_object
  check (jsonb_typeof(custom_fields) = 'object' and pg_column_size(custom_fields) <= 16384);

do $$
declare
  t text;
begin
  foreach t in array array['sites', 'equipment'] loop
    execute format('drop trigger if exists check_custom_fields_insert on business.%I', t);
    execute format(
      'create trigger check_custom_fields_insert before insert on business.%I for each row
         execute function business_private.check_custom_fields()', t);
    execute format('drop trigger if exists check_custom_fields on business.%I', t);
    execute format(
      'create trigger check_custom_fields before update of custom_fields on business.%I for each row
         when (old.custom_fields is distinct from new.custom_fields)
         execute function business_private.check_custom_fields()', t);
  end loop;
end
$$;

alter table business.sites add column if not exists production_drop_pct numeric(5, 2) not null default 20;
alter table business.sites drop constraint if exists sites_production_drop_pct_range;
alter table business.sites add constraint sites_production_drop_pct_range
  check (production_drop_pct > 0 and production_drop_pct <= 100);
comment on column business.sites.production_drop_pct is
  'A day''s production this many percent below its 7-day average is a drop on the home.';

-- The threshold decides what the office is told about; office and admin set it, as they choose
-- the billing meter. Sessions without a user (seed, operators) may.
create or replace function business_private.guard_site_drop_threshold() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is not null
     and not new.organization_id = any (public.my_organization_ids(array['admin', 'office'])) then
    raise exception 'only office or admin staff can set when a site''s production counts as a drop'
      using errcode = '42501';
  end if;
  return new;
end
$$;
drop trigger if exists guard_site_drop_threshold on business.sites;
create trigger guard_site_drop_threshold before update of production_drop_pct on business.sites
  for each row when (old.production_drop_pct is distinct from new.production_drop_pct)
  execute function business_private.guard_site_drop_threshold();

revoke all on function business_private.guard_custom_field_definition() from public, anon, authenticated, service_role;
revoke all on function business_private.check_custom_fields() from public, anon, authenticated, service_role;
revoke all on function business_private.guard_site_drop_threshold() from public, anon, authenticated, service_role;
revoke all on function business_private.custom_field_problem(text, text[], jsonb) from public, anon, authenticated, service_role;
grant execute on function business_private.custom_field_problem(text, text[], jsonb) to authenticated, service_role;
