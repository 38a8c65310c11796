-- Each step of a checklist template is checked as the devices read it
-- (src/shared/schema/tables.ts, templateStepSchema). Templates are written straight through
-- the API by the office; devices fetch the whole list and parse it, so one malformed step
-- (a label that is not text, "requires": "photo", a unit of 40 characters) made every
-- laptop of the organization refuse the list and raise orders with no checklist at all.
-- tests/integration/schema/template-steps.test.ts runs the same cases through both.

-- Text as zod trims it (String.trim), so that the server refuses whatever a device refuses:
-- its whitespace includes the no-break and other Unicode spaces. (zod measures length in
-- characters, as length() does; the test has a case above U+FFFF.)
create or replace function business_private.js_trim(p text) returns text
language sql
immutable
set search_path = ''
as $$
  select regexp_replace(p,
    '^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
    '', 'g')
$$;

-- The first thing wrong with a template's steps, in the words a person fixing it reads; null
-- when every step is one a device accepts. Keys a device does not read are ignored, as zod
-- ignores them.
create or replace function business_private.template_steps_problem(p_steps jsonb) returns text
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_steps) is distinct from 'array' then 'Steps must be a list'
    when jsonb_array_length(p_steps) = 0 then 'A template needs at least one step'
    when jsonb_array_length(p_steps) > 100 then 'A template has at most 100 steps'
    else (
      select format('Step %s: %s', s.n, s.problem)
      from (
        select e.n,
               case
                 when jsonb_typeof(e.step) <> 'object' then 'must be an object'
                 when jsonb_typeof(e.step -> 'label') is distinct from 'string' then 'Step is required'
                 when length(business_private.js_trim(e.step ->> 'label')) = 0 then 'Step is required'
                 when length(business_private.js_trim(e.step ->> 'label')) > 500
                   then 'Step can be at most 500 characters'
                 when e.step ? 'required' and jsonb_typeof(e.step -> 'required') <> 'boolean'
                   then 'required must be true or false'
                 when e.step ? 'requires' and coalesce(e.step ->> 'requires', '') not in ('check', 'number', 'text')
                   then 'requires must be check, number or text'
                 when e.step ? 'unit' and jsonb_typeof(e.step -> 'unit') not in ('null', 'string')
                   then 'unit must be text'
                 when jsonb_typeof(e.step -> 'unit') = 'string'
                      and length(e.step ->> 'unit') not between 1 and 20
                   then 'unit must be 1 to 20 characters'
               end as problem
        from jsonb_array_elements(p_steps) with ordinality as e (step, n)) s
      where s.problem is not null
      order by s.n
      limit 1)
  end
$$;

grant execute on function
  length(text),
  business_private.js_trim(text),
  business_private.template_steps_problem(jsonb)
  to authenticated, service_role;

alter table business.checklist_templates drop constraint if exists checklist_templates_steps_valid;
-- NOT VALID first: a database holding a malformed template still migrates; every new or
-- changed template is checked, and the existing ones are validated when they all pass.
alter table business.checklist_templates add constraint checklist_templates_steps_valid
  check (business_private.template_steps_problem(steps) is null) not valid;
do $$
begin
  alter table business.checklist_templates validate constraint checklist_templates_steps_valid;
exception when check_violation then
  raise notice 'checklist_templates holds steps devices cannot read; fix them, then validate checklist_templates_steps_valid';
end
$$;

-- The constraint's words: a BEFORE trigger raises the problem itself (23514, naming the
-- constraint), so the office's screen says which step is wrong and why.
create or replace function business_private.check_template_steps() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_problem text := business_private.template_steps_problem(new.steps);
begin
  if v_problem is not null then
    raise exception '%', v_problem using errcode = '23514', constraint = 'checklist_templates_steps_valid';
  end if;
  return new;
end
$$;

drop trigger if exists check_template_steps on business.checklist_templates;
create trigger check_template_steps before insert or update of steps on business.checklist_templates
  for each row execute function business_private.check_template_steps();
