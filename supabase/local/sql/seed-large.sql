-- Bench data on top of the demo seed: the "Bench Energy" organization with an office user
-- and a technician assigned to half of its sites, N sites of eight units each, daily site
-- readings and maintenance history, for sync and UI performance work.
--   select business_seed.generate_large(sites => 50, readings => 2000);
-- Password of both logins: outpost-demo. Generating twice changes nothing.

create schema if not exists business_seed;
revoke all on schema business_seed from public;

create or replace function business_seed.generate_large(sites int, readings int) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_org constant uuid := '10000000-0000-4000-8000-0000000000be';
  v_office constant uuid := '00000000-0000-4000-8000-0000000000b1';
  v_tech constant uuid := '00000000-0000-4000-8000-0000000000b2';
  v_client constant uuid := '20000000-0000-4000-8000-0000000000be';
  v_project constant uuid := '21000000-0000-4000-8000-0000000000be';
begin
  if sites is null or sites < 1 or sites > 9999 then
    raise exception 'sites must be between 1 and 9999, got %', sites using errcode = '22023';
  end if;
  if readings is null or readings < 0 then
    raise exception 'readings must be zero or more, got %', readings using errcode = '22023';
  end if;
  if exists (select 1 from public.organizations where id = v_org) then
    raise notice 'Bench Energy is already seeded';
    return;
  end if;

  insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
                          raw_app_meta_data, raw_user_meta_data, confirmation_token,
                          recovery_token, email_change_token_new, email_change)
  select u.id, 'authenticated', 'authenticated', u.email,
         extensions.crypt('outpost-demo', extensions.gen_salt('bf', 10)), now(),
         '{"provider": "email", "providers": ["email"]}'::jsonb,
         jsonb_build_object('display_name', u.display_name), '', '', '', ''
  from (values
    (v_office, 'bench-office@outpost.test', 'Bea Bench'),
    (v_tech, 'bench-tech@outpost.test', 'Ben Bench')
  ) as u (id, email, display_name)
  on conflict (id) do nothing;

  insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
  select u.id::text, u.id,
         jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
         'email', now(), now(), now()
  from auth.users u
  where u.id in (select id from (values (v_office), (v_tech)) as v (id))
  on conflict (provider_id, provider) do nothing;

  insert into public.organizations (id, name, slug) values (v_org, 'Bench Energy', 'bench-energy');
  insert into public.organization_members (organization_id, user_id, role) values
    (v_org, v_office, 'office'),
    (v_org, v_tech, 'technician');
  insert into business.clients (id, organization_id, name, contact_name, contact_email)
  values (v_client, v_org, 'Bench Midstream', 'Pat Bench', 'pat@bench.example');
  insert into business.projects (id, organization_id, client_id, name, code, status, start_date)
  values (v_project, v_org, v_client, 'Bench flare capture', 'BFC', 'active', current_date - readings - 30);

  -- Three time zones, so day boundaries and DST changes differ between sites.
  insert into business.sites (id, organization_id, project_id, client_id, name, code, status,
                              latitude, longitude, region, timezone, capacity_kw)
  select format('32000000-0000-4000-8000-%s', lpad(n::text, 12, '0'))::uuid,
         v_org, v_project, v_client,
         'Bench site ' || n, 'BE-' || lpad(n::text, 4, '0'),
         case when n % 17 = 0 then 'curtailed' else 'active' end,
         round((29 + (n % 90) / 10.0)::numeric, 6), round((-104 + (n % 70) / 10.0)::numeric, 6),
         (array['TX', 'NM', 'ND'])[1 + n % 3],
         (array['America/Chicago', 'America/Denver', 'America/New_York'])[1 + n % 3],
         500 + (n * 37) % 1500
  from generate_series(1, sites) as n;

  insert into business.site_assignments (organization_id, site_id, user_id)
  select v_org, s.id, v_tech
  from business.sites s
  where s.organization_id = v_org and right(s.code, 4)::int % 2 = 1;

  insert into business.equipment (id, organization_id, site_id, kind, name, make, model,
                                  serial_number, asset_tag, status, runtime_hours, rated_power_kw,
                                  installed_on)
  select format('42000000-0000-4000-8000-%s%s', lpad(right(s.code, 4), 10, '0'), lpad(e.k::text, 2, '0'))::uuid,
         v_org, s.id, e.kind, e.name || ' ' || s.code, e.make, e.model,
         upper(left(e.kind, 3)) || '-' || s.code || '-' || lpad(e.k::text, 2, '0'),
         s.code || '-' || lpad(e.k::text, 2, '0'),
         case when (hashtext(s.code) + e.k) % 23 = 0 then 'degraded' else 'operational' end,
         round((1000 + abs(hashtext(s.code || e.k)) % 40000)::numeric, 1),
         e.kw, current_date - readings - 30
  from business.sites s
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
  where s.organization_id = v_org;

  -- Daily site-meter readings up to yesterday, site-local days. A day is 23 or 25 hours when
  -- the clocks change, and runtime may not exceed the period. Generated history has no actor
  -- or device to record, and journaling it would take a third of the seed's time.
  alter table business.energy_production disable trigger write_journal;
  insert into business.energy_production (organization_id, site_id, equipment_id, period_start,
                                          period_end, energy_kwh, gas_volume_mcf, runtime_hours, source)
  select s.organization_id, s.id, null, p.period_start, p.period_end,
         round((s.capacity_kw * p.hours * (0.70 + (abs(hashtext(s.code || d.day::text)) % 250) / 1000.0))::numeric, 3),
         round((s.capacity_kw * p.hours * 0.0004 * (0.9 + (abs(hashtext(d.day::text || s.code)) % 100) / 500.0))::numeric, 3),
         least(round((18 + (abs(hashtext(s.id::text || d.day::text)) % 70) / 10.0)::numeric, 2), p.hours),
         'meter'
  from business.sites s
  cross join generate_series(1, readings) as g (i)
  cross join lateral (select current_date - g.i as day) d
  cross join lateral (
    select (d.day::timestamp at time zone s.timezone) as period_start,
           ((d.day + 1)::timestamp at time zone s.timezone) as period_end
  ) b
  cross join lateral (
    select b.period_start, b.period_end,
           (extract(epoch from b.period_end - b.period_start) / 3600)::numeric as hours
  ) p
  where s.organization_id = v_org;

  alter table business.energy_production enable trigger write_journal;
  -- Maintenance: every unit about every four months over the same span.
  insert into business.maintenance_logs (organization_id, site_id, equipment_id, kind, performed_at,
                                         summary, details, downtime_hours, parts)
  select e.organization_id, e.site_id, e.id,
         case when m.i % 3 = 0 then 'corrective' when m.i % 5 = 0 then 'inspection' else 'preventive' end,
         ((current_date - m.i * 120 + e_off.days)::timestamp + interval '9 hours') at time zone 'America/Chicago',
         'Scheduled service #' || m.i || ' on ' || e.name,
         'Generated bench history.',
         round(((abs(hashtext(e.id::text || m.i)) % 80) / 10.0)::numeric, 2),
         case when e.kind = 'generator'
              then '[{"name": "Oil filter", "part_number": "1R-0749", "quantity": 2}]'::jsonb
              else '[]'::jsonb end
  from business.equipment e
  cross join lateral (select abs(hashtext(e.id::text)) % 60 as days) e_off
  cross join generate_series(1, greatest(readings / 120, 1)) as m (i)
  where e.organization_id = v_org;
end
$$;

revoke execute on function business_seed.generate_large(int, int) from public;
