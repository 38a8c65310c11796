-- Demo data: the "10NetZero" organization with four users, six flare-gas sites, their
-- equipment, a year of daily energy readings, maintenance history, invoices and carbon
-- credits; and "Other Energy" with one technician, for isolation checks.
-- Every login's password is `outpost-demo`. Ids are fixed so tests and docs can name them.
-- Idempotent: running it twice changes nothing.

-- Token columns '' (not NULL) and one email identity per user: Supabase Auth refuses to sign in
-- a user row it cannot load ("Database error querying schema", supabase/auth#1940).
insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data,
  confirmation_token, recovery_token, email_change_token_new, email_change, phone_change, phone_change_token,
  email_change_token_current, reauthentication_token)
select u.id, 'authenticated', 'authenticated', u.email,
       extensions.crypt('outpost-demo', extensions.gen_salt('bf', 10)), now(),
       '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_build_object('display_name', u.display_name),
       '', '', '', '', '', '', '', ''
from (values
  ('00000000-0000-4000-8000-000000000001'::uuid, 'admin@outpost.test', 'Ada Admin'),
  ('00000000-0000-4000-8000-000000000002'::uuid, 'office@outpost.test', 'Olive Office'),
  ('00000000-0000-4000-8000-000000000003'::uuid, 'tech1@outpost.test', 'Tomás Tech'),
  ('00000000-0000-4000-8000-000000000004'::uuid, 'tech2@outpost.test', 'Tess Tech'),
  ('00000000-0000-4000-8000-000000000005'::uuid, 'tech@other.test', 'Otto Other')
) as u (id, email, display_name)
on conflict (id) do nothing;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
       'email', now(), now(), now()
from auth.users u
where u.id between '00000000-0000-4000-8000-000000000001' and '00000000-0000-4000-8000-000000000005'
on conflict (provider_id, provider) do nothing;

insert into public.organizations (id, name, slug) values
  ('10000000-0000-4000-8000-000000000001', '10NetZero', '10netzero'),
  ('10000000-0000-4000-8000-000000000002', 'Other Energy', 'other-energy')
on conflict (id) do nothing;

insert into public.organization_members (organization_id, user_id, role) values
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'admin'),
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'office'),
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000003', 'technician'),
  ('10000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000004', 'technician'),
  ('10000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000005', 'technician')
on conflict do nothing;

insert into business.clients (id, organization_id, name, contact_name, contact_email) values
  ('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'Permian Basin Operating', 'Dale Rivers', 'dale@permian.example'),
  ('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 'Bakken Midstream', 'Jo Lindqvist', 'jo@bakken.example'),
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002', 'Other Client', null, null)
on conflict (id) do nothing;

insert into business.projects (id, organization_id, client_id, name, code, status, start_date) values
  ('21000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'Permian flare capture', 'PFC', 'active', current_date - 400),
  ('21000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', 'Bakken stranded gas', 'BSG', 'active', current_date - 400),
  ('21000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000003', 'Other project', 'OTH', 'active', current_date - 400)
on conflict (id) do nothing;

-- Custom fields (issue 13), ids 6400…-0000000000NN: what miners, generators and sites carry
-- beyond the fixed columns. The other organization has a field of the same key of its own.
insert into business.custom_field_definitions (id, organization_id, applies_to, equipment_kind, key, label, type, unit, required, choices, position) values
  ('64000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'equipment', 'miner', 'hashrate_ths', 'Nominal hashrate', 'number', 'TH/s', false, null, 10),
  ('64000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 'equipment', 'miner', 'firmware', 'Firmware', 'text', null, false, null, 20),
  ('64000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000001', 'equipment', 'generator', 'fuel', 'Fuel', 'choice', null, false, '{flare gas,field gas,diesel}', 10),
  ('64000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000001', 'equipment', null, 'warranty_until', 'Warranty until', 'date', null, false, null, 90),
  ('64000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000001', 'site', null, 'lease_number', 'Lease number', 'text', null, false, null, 10),
  ('64000000-0000-4000-8000-000000000006', '10000000-0000-4000-8000-000000000001', 'site', null, 'h2s_present', 'H2S present', 'boolean', null, false, null, 20),
  ('64000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000002', 'equipment', 'miner', 'hashrate_ths', 'Hashrate', 'number', 'TH/s', false, null, 10)
on conflict (id) do nothing;

insert into business.sites (id, organization_id, project_id, client_id, name, code, status, latitude, longitude, county, region, timezone, capacity_kw) values
  ('30000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', '21000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'Mesa Verde 14-2', 'PB-MV14', 'active', 31.845600, -102.367600, 'Ector', 'TX', 'America/Chicago', 1200),
  ('30000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', '21000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'Coyote Draw 7', 'PB-CD07', 'active', 31.702100, -103.125300, 'Reeves', 'TX', 'America/Chicago', 800),
  ('30000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000001', '21000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'Red Bluff Battery', 'PB-RB01', 'curtailed', 31.921800, -103.902000, 'Loving', 'TX', 'America/Chicago', 600),
  ('30000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000001', '21000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000002', 'Tioga North Pad', 'BK-TN01', 'active', 48.397200, -102.938500, 'Williams', 'ND', 'America/Chicago', 1500),
  ('30000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000001', '21000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000002', 'Watford 22-9', 'BK-WF22', 'commissioning', 47.802500, -103.283000, 'McKenzie', 'ND', 'America/Chicago', 900),
  ('30000000-0000-4000-8000-000000000006', '10000000-0000-4000-8000-000000000001', '21000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000002', 'Killdeer East', 'BK-KE03', 'offline', 47.371900, -102.754100, 'Dunn', 'ND', 'America/Chicago', 700),
  ('30000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000002', '21000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000003', 'Other Site', 'OT-01', 'active', 35.000000, -101.000000, 'Potter', 'TX', 'America/Chicago', 500)
on conflict (id) do nothing;

update business.sites set custom_fields = jsonb_build_object('lease_number', 'LSE-' || code, 'h2s_present', code like 'BK-%')
where organization_id = '10000000-0000-4000-8000-000000000001' and custom_fields = '{}'::jsonb;

insert into business.site_assignments (id, organization_id, site_id, user_id) values
  ('31000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000003'),
  ('31000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'),
  ('31000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000004'),
  ('31000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000004'),
  ('31000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000007', '00000000-0000-4000-8000-000000000005')
on conflict (id) do nothing;

-- Per site: two generators, a compressor, a transformer and four miners. Equipment ids are
-- 4000…-0000000SSSKK (site SSS, unit KK).
insert into business.equipment (id, organization_id, site_id, kind, name, make, model, serial_number, asset_tag, status, runtime_hours, rated_power_kw, installed_on, status_reason, status_changed_at, custom_fields)
select
  format('40000000-0000-4000-8000-0000000%s%s', lpad(s.n::text, 3, '0'), lpad(e.k::text, 2, '0'))::uuid,
  s.organization_id, s.id, e.kind, e.name || ' ' || s.code, e.make, e.model,
  upper(left(e.kind, 3)) || '-' || s.code || '-' || lpad(e.k::text, 2, '0'),
  'OP-' || s.code || '-' || lpad(e.k::text, 2, '0'),
  case when s.status = 'offline' then 'down' when e.k = 5 and s.n = 2 then 'degraded' else 'operational' end,
  round((5000 + e.k * 731 + s.n * 1117)::numeric, 1),
  e.kw, current_date - 380,
  case when s.status = 'offline' then 'site shut in: no gas from the operator'
       when e.k = 5 and s.n = 2 then 'hashrate 15% under nominal' end,
  case when s.status = 'offline' then now() - interval '19 days'
       when e.k = 5 and s.n = 2 then now() - interval '5 days' end,
  case
    when e.kind = 'miner' and s.organization_id = '10000000-0000-4000-8000-000000000002' then '{"hashrate_ths": 340}'::jsonb
    when e.kind = 'miner' and s.organization_id = '10000000-0000-4000-8000-000000000001' then jsonb_build_object('hashrate_ths', case e.make when 'Bitmain' then 335 else 360 end, 'firmware', case e.make when 'Bitmain' then 'Braiins OS 24.06' else 'stock 20250214' end)
    when e.kind = 'generator' and s.organization_id = '10000000-0000-4000-8000-000000000001' then '{"fuel": "flare gas"}'::jsonb
    else '{}'::jsonb
  end
from (select row_number() over (order by id) as n, * from business.sites) s
cross join (values
  (1, 'generator', 'Generator A', 'Caterpillar', 'G3520H', 1500),
  (2, 'generator', 'Generator B', 'Waukesha', 'VHP L7044GSI', 1200),
  (3, 'compressor', 'Gas compressor', 'Ariel', 'JGK/4', null),
  (4, 'transformer', 'Step-down transformer', 'ABB', 'PadMount 2500', null),
  (5, 'miner', 'Miner rack 1', 'Bitmain', 'Antminer S21 Hydro', 5.36),
  (6, 'miner', 'Miner rack 2', 'Bitmain', 'Antminer S21 Hydro', 5.36),
  (7, 'miner', 'Miner rack 3', 'MicroBT', 'WhatsMiner M63S', 7.2),
  (8, 'miner', 'Miner rack 4', 'MicroBT', 'WhatsMiner M63S', 7.2)
) as e (k, kind, name, make, model, kw)
on conflict (id) do nothing;

-- A year of daily site-meter readings up to yesterday, site-local days. Deterministic
-- variation; two missing days at Coyote Draw and a slow decline at Red Bluff, so the
-- completeness and anomaly screens have something to show; yesterday at half at Coyote Draw
-- and the last two days missing at Tioga North, for the home screen.
insert into business.energy_production (organization_id, site_id, equipment_id, period_start, period_end, energy_kwh, gas_volume_mcf, runtime_hours, source)
select s.organization_id, s.id, null,
       (d::timestamp at time zone s.timezone),
       ((d + 1)::timestamp at time zone s.timezone),
       round((s.capacity_kw * 24 * (0.72 + (abs(hashtext(s.code || d::text)) % 200) / 1000.0)
              * case when s.code = 'PB-RB01' then greatest(0.4, 1 - (d - (current_date - 365)) / 900.0) else 1 end
              * case when s.status = 'offline' and d > current_date - 20 then 0 else 1 end
              -- Yesterday at Coyote Draw, at the site's own day: half the usual, for the home screen.
              * case when s.code = 'PB-CD07' and d = (now() at time zone s.timezone)::date - 1 then 0.5 else 1 end)::numeric, 3),
       round((s.capacity_kw * 24 * 0.0105 * (0.9 + (abs(hashtext(d::text || s.code)) % 100) / 500.0))::numeric, 3),
       case when s.status = 'offline' and d > current_date - 20 then 0
            else round((20 + (abs(hashtext(s.id::text || d::text)) % 30) / 10.0)::numeric, 2) end,
       'meter'
from business.sites s
cross join generate_series(current_date - 365, current_date - 1, interval '1 day') as g (day)
cross join lateral (select g.day::date as d) dd
where s.status <> 'commissioning'
  and not (s.code = 'PB-CD07' and d in (current_date - 40, current_date - 41))
  -- Tioga North has not reported yesterday (its own day) nor the day before.
  and not (s.code = 'BK-TN01' and d in ((now() at time zone s.timezone)::date - 1, (now() at time zone s.timezone)::date - 2))
on conflict do nothing;

insert into business.maintenance_logs (organization_id, site_id, equipment_id, kind, performed_at, summary, details, downtime_hours, parts)
select e.organization_id, e.site_id, e.id, m.kind,
       ((current_date - m.days_ago)::timestamp + interval '9 hours') at time zone 'America/Chicago',
       m.summary, m.details, m.downtime,
       m.parts::jsonb
from business.equipment e
join (values
  ('generator', 'preventive', 120, 'Oil and filter change at 2,000 h', 'Changed oil, oil filter and air filters; checked coolant.', 4.0, '[{"name": "Oil filter", "part_number": "1R-0749", "quantity": 2}, {"name": "Engine oil 15W-40", "part_number": null, "quantity": 60}]'),
  ('generator', 'inspection', 45, 'Monthly inspection', 'Belts, hoses and exhaust inspected. No findings.', 0.0, '[]'),
  ('compressor', 'corrective', 70, 'Replaced packing on stage 2', 'Leak at stage 2 rod packing; replaced packing rings.', 6.5, '[{"name": "Packing ring set", "part_number": "A-1146", "quantity": 1}]'),
  ('miner', 'corrective', 20, 'Swapped failed hashboard', 'Hashboard 2 reported 0 chips; replaced from spares.', 1.5, '[{"name": "Hashboard", "part_number": "S21H-HB", "quantity": 1}]'),
  ('transformer', 'inspection', 90, 'Thermal scan', 'IR scan of terminations; all within limits.', 0.0, '[]')
) as m (kind_of_equipment, kind, days_ago, summary, details, downtime, parts)
  on m.kind_of_equipment = e.kind
where not exists (select 1 from business.maintenance_logs l where l.equipment_id = e.id);

-- Monthly invoices and carbon credits for the last six whole months, mostly matching
-- production; one invoice billed short, one credit estimate missing, for reconciliation.
insert into business.invoices (organization_id, client_id, site_id, project_id, invoice_number, period_start, period_end, energy_kwh, amount, status, issued_on, due_on)
select s.organization_id, s.client_id, s.id, s.project_id,
       format('INV-%s-%s', s.code, to_char(mo, 'YYYYMM')),
       mo::date, (mo + interval '1 month - 1 day')::date,
       round(p.kwh * case when s.code = 'PB-CD07' and mo = date_trunc('month', current_date) - interval '2 months' then 0.9 else 1 end, 3),
       round(p.kwh * 0.045 * case when s.code = 'PB-CD07' and mo = date_trunc('month', current_date) - interval '2 months' then 0.9 else 1 end, 2),
       'issued', (mo + interval '1 month + 4 days')::date, (mo + interval '1 month + 34 days')::date
from business.sites s
cross join generate_series(date_trunc('month', current_date) - interval '6 months',
                           date_trunc('month', current_date) - interval '1 month', interval '1 month') as mo
cross join lateral (
  select coalesce(sum(ep.energy_kwh), 0) as kwh
  from business.energy_production ep
  where ep.site_id = s.id and ep.deleted_at is null
    and ep.period_start >= (mo::timestamp at time zone s.timezone)
    and ep.period_start < ((mo + interval '1 month')::timestamp at time zone s.timezone)
) p
where s.client_id is not null and p.kwh > 0
on conflict do nothing;

insert into business.carbon_credits (organization_id, site_id, client_id, period_start, period_end, registry, methane_destroyed_mcf, credits_tco2e, status)
select s.organization_id, s.id, s.client_id, mo::date, (mo + interval '1 month - 1 day')::date, 'Verra VCS',
       round(p.mcf, 3), round(p.mcf * 0.0192 * 28, 3),
       case when mo < date_trunc('month', current_date) - interval '3 months' then 'verified' else 'pending_verification' end
from business.sites s
cross join generate_series(date_trunc('month', current_date) - interval '6 months',
                           date_trunc('month', current_date) - interval '1 month', interval '1 month') as mo
cross join lateral (
  select coalesce(sum(ep.gas_volume_mcf), 0) as mcf
  from business.energy_production ep
  where ep.site_id = s.id and ep.deleted_at is null
    and ep.period_start >= (mo::timestamp at time zone s.timezone)
    and ep.period_start < ((mo + interval '1 month')::timestamp at time zone s.timezone)
) p
where p.mcf > 0
  and not (s.code = 'PB-MV14' and mo = date_trunc('month', current_date) - interval '1 month')
  and not exists (select 1 from business.carbon_credits c where c.site_id = s.id and c.period_start = mo::date);

-- Checklist templates and work orders (issue 13). Work order ids are 6000…-0000000000NN, their
-- steps 6100…-00000000NNPP (order NN, step PP), templates 6200…-0000000000NN. Due days are
-- relative to today, so there is always an overdue order, one due today and one due soon.
insert into business.checklist_templates (id, organization_id, name, equipment_kind, work_kind, steps) values
  ('62000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'Generator 2,000 h service', 'generator', 'preventive',
   '[{"label": "Lock out and tag out the unit", "required": true, "requires": "check", "unit": null},
     {"label": "Drain and replace engine oil", "required": true, "requires": "check", "unit": null},
     {"label": "Replace oil and air filters", "required": true, "requires": "check", "unit": null},
     {"label": "Oil pressure after restart", "required": true, "requires": "number", "unit": "psi"},
     {"label": "Anything unusual", "required": false, "requires": "text", "unit": null}]'),
  ('62000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 'Miner hashboard swap', 'miner', 'corrective',
   '[{"label": "Power down the rack", "required": true, "requires": "check", "unit": null},
     {"label": "Swap the failed hashboard", "required": true, "requires": "check", "unit": null},
     {"label": "Hashrate after restart", "required": true, "requires": "number", "unit": "TH/s"}]'),
  ('62000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000001', 'Monthly site inspection', null, 'inspection',
   '[{"label": "Belts and hoses", "required": true, "requires": "check", "unit": null},
     {"label": "Exhaust and flare stack", "required": true, "requires": "check", "unit": null},
     {"label": "Gas leaks (sniffer)", "required": true, "requires": "check", "unit": null},
     {"label": "Findings", "required": false, "requires": "text", "unit": null}]'),
  ('62000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000002', 'Other inspection', null, 'inspection',
   '[{"label": "Look around", "required": true, "requires": "check", "unit": null}]')
on conflict (id) do nothing;

insert into business.work_orders (id, organization_id, site_id, equipment_id, title, description, kind, priority, status,
                                  status_reason, assignee_id, due_on, origin, completed_at, openproject_work_package_id)
select w.id::uuid, s.organization_id, s.id, w.equipment_id::uuid, w.title, w.description, w.kind, w.priority, w.status,
       w.status_reason, w.assignee_id::uuid, current_date + w.due_in, w.origin,
       case when w.status = 'done' then now() - interval '10 days' end, w.op_wp
from (values
  ('60000000-0000-4000-8000-000000000001', 1, '40000000-0000-4000-8000-000000000101', 'Generator A: 2,000 h oil change',
   'Runtime passed the 2,000 h mark since the last service.', 'preventive', 'normal', 'open', null,
   '00000000-0000-4000-8000-000000000003', 3, 'manual', 4521),
  ('60000000-0000-4000-8000-000000000002', 1, '40000000-0000-4000-8000-000000000106', 'Miner rack 2: hashboard dropping out',
   'Board 3 drops to 0 chips every few hours.', 'corrective', 'high', 'in_progress', null,
   '00000000-0000-4000-8000-000000000003', -2, 'manual', null),
  ('60000000-0000-4000-8000-000000000003', 2, null, 'Monthly site inspection', null, 'inspection', 'normal', 'open', null,
   null, 0, 'manual', null),
  ('60000000-0000-4000-8000-000000000004', 2, '40000000-0000-4000-8000-000000000205', 'Miner rack 1: degraded hashrate',
   'Reported degraded: hashrate 15% under nominal.', 'corrective', 'urgent', 'open', 'degraded: hashrate 15% under nominal',
   '00000000-0000-4000-8000-000000000003', -5, 'equipment_down', null),
  ('60000000-0000-4000-8000-000000000005', 4, '40000000-0000-4000-8000-000000000403', 'Gas compressor: replace stage 1 valves',
   null, 'corrective', 'normal', 'on_hold', 'waiting for valve kit from Odessa',
   '00000000-0000-4000-8000-000000000004', 7, 'manual', null),
  ('60000000-0000-4000-8000-000000000006', 3, '40000000-0000-4000-8000-000000000304', 'Transformer: thermal scan', null,
   'inspection', 'low', 'done', null, '00000000-0000-4000-8000-000000000002', -10, 'manual', null),
  ('60000000-0000-4000-8000-000000000007', 7, null, 'Other inspection', null, 'inspection', 'normal', 'open', null,
   '00000000-0000-4000-8000-000000000005', 1, 'manual', null)
) as w (id, site_n, equipment_id, title, description, kind, priority, status, status_reason, assignee_id, due_in, origin, op_wp)
join business.sites s on s.id = format('30000000-0000-4000-8000-%s', lpad(w.site_n::text, 12, '0'))::uuid
on conflict (id) do nothing;

-- Maintenance schedules (6300…-0000000000NN) at Mesa Verde: Generator A (6,848 h on its
-- meter) is due at 6,000 h, Generator B (7,579 h) due soon at 7,600 h, and the compressor's
-- 90-day valve inspection is due today, so the home and the unit pages have each state.
insert into business.maintenance_schedules (id, organization_id, site_id, equipment_id, equipment_kind, title, description,
                                            every_hours, start_hours, every_days, starts_on, lead, priority, template_id)
values
  ('63000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
   '40000000-0000-4000-8000-000000000101', null, 'Oil and filter service', 'Engine oil, oil and air filters.',
   2000, 0, null, null, 200, 'normal', '62000000-0000-4000-8000-000000000001'),
  ('63000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
   '40000000-0000-4000-8000-000000000102', null, 'Spark plug change', null,
   1000, 6600, null, null, 50, 'normal', null),
  ('63000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001',
   null, 'compressor', 'Valve inspection', 'Stage 1 and 2 valves, by sound and temperature.',
   null, 0, 90, (now() at time zone 'America/Chicago')::date - 90, 14, 'high', null)
on conflict (id) do nothing;

-- Each order's checklist is its template's steps, copied; the order in progress has two done.
insert into business.work_order_steps (id, organization_id, site_id, work_order_id, position, label, required, requires, unit,
                                       done_at, value_number)
select format('61000000-0000-4000-8000-00000000%s%s', lpad(right(w.id::text, 2), 2, '0'), lpad(st.n::text, 2, '0'))::uuid,
       w.organization_id, w.site_id, w.id, st.n, st.step ->> 'label', (st.step ->> 'required')::boolean,
       st.step ->> 'requires', st.step ->> 'unit',
       case when w.status = 'done' or (w.status = 'in_progress' and st.n <= 2) then now() - interval '1 day' end,
       case when w.status = 'done' and st.step ->> 'requires' = 'number' then 0 end
from business.work_orders w
join (values
  ('60000000-0000-4000-8000-000000000001'::uuid, '62000000-0000-4000-8000-000000000001'::uuid),
  ('60000000-0000-4000-8000-000000000002', '62000000-0000-4000-8000-000000000002'),
  ('60000000-0000-4000-8000-000000000003', '62000000-0000-4000-8000-000000000003'),
  ('60000000-0000-4000-8000-000000000004', '62000000-0000-4000-8000-000000000002'),
  ('60000000-0000-4000-8000-000000000007', '62000000-0000-4000-8000-000000000004')
) as m (work_order_id, template_id) on m.work_order_id = w.id
join business.checklist_templates t on t.id = m.template_id
cross join lateral jsonb_array_elements(t.steps) with ordinality as st (step, n)
on conflict (id) do nothing;
