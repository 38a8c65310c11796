import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'

let db: TestDatabase
const actors: Record<string, Actor> = {}

beforeAll(async () => {
  db = await createTestDatabase()
  for (const [name, email] of Object.entries(EMAIL)) actors[name] = await actorFor(db.pool, email)
  // A read-only member of 10NetZero.
  const viewer = randomUUID()
  await db.pool.query(
    `insert into auth.users (id, email, aud, role) values ($1, 'viewer@outpost.test', 'authenticated', 'authenticated')`,
    [viewer],
  )
  await db.pool.query(
    `insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'viewer')`,
    [ORG.tenNetZero, viewer],
  )
  actors.viewer = { role: 'authenticated', sub: viewer, email: 'viewer@outpost.test' }
  actors.anon = { role: 'anon' }
  // A unit with no maintenance or readings yet: one with history cannot change site.
  await db.pool.query(
    `insert into business.equipment (id, organization_id, site_id, kind, name) values ($1, $2, $3, 'miner', 'Spare miner')`,
    [SPARE, ORG.tenNetZero, site(1)],
  )
})
const SPARE = randomUUID()
// Schedules beside the seeded one at Mesa Verde: one at Tioga North (not tech1's) and one of
// the other organization.
const SCHEDULE_SITE4 = randomUUID()
const SCHEDULE_OTHER_ORG = randomUUID()
beforeAll(async () => {
  await db.pool.query(
    `insert into business.maintenance_schedules (id, organization_id, site_id, equipment_kind, title, every_days, starts_on)
     values ($1, $2, $3, 'miner', 'Filters', 30, current_date), ($4, $5, $6, 'miner', 'Filters', 30, current_date)`,
    [SCHEDULE_SITE4, ORG.tenNetZero, site(4), SCHEDULE_OTHER_ORG, ORG.other, site(7)],
  )
})
afterAll(() => db.drop())

type Who = 'admin' | 'office' | 'tech1' | 'viewer' | 'otherTech' | 'anon'
const WHO: Who[] = ['admin', 'office', 'tech1', 'viewer', 'otherTech', 'anon']

async function attempt(
  actor: Actor,
  sql: string,
  params: readonly unknown[] = [],
): Promise<'ok' | 'none' | 'denied'> {
  try {
    const result = await asActor(db.pool, actor, (c: pg.PoolClient) => c.query(sql, [...params]))
    return (result.rowCount ?? 0) > 0 ? 'ok' : 'none'
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return 'denied'
    throw error
  }
}

/** Site ids a role sees in a site-scoped table. */
async function visibleSites(actor: Actor, table: string): Promise<string[]> {
  const col = table === 'sites' ? 'id' : 'site_id'
  try {
    return await asActor(db.pool, actor, async (c) => {
      const { rows } = await c.query<{ s: string }>(
        `select distinct ${col}::text as s from business.${table} order by 1`,
      )
      return rows.map((r) => r.s)
    })
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return []
    throw error
  }
}

const ORG_SITES = [1, 2, 3, 4, 5, 6].map(site)

describe('row-level security', () => {
  it.each(['sites', 'equipment', 'maintenance_logs', 'energy_production'])(
    'who reads %s',
    async (table) => {
      const seen: Record<string, string[]> = {}
      for (const who of WHO) seen[who] = await visibleSites(actors[who]!, table)
      const withData = (sites: string[]) =>
        table === 'energy_production'
          ? sites.filter((s) => s !== site(5)) // the commissioning site has no readings yet
          : sites
      expect(seen).toEqual({
        admin: withData(ORG_SITES),
        office: withData(ORG_SITES),
        viewer: withData(ORG_SITES),
        tech1: [site(1), site(2)],
        otherTech: [site(7)],
        anon: [],
      })
    },
  )

  it.each([
    // Seeded orders at sites 1–4 and 7; checklists on those at sites 1, 2 and 7.
    ['work_orders', [1, 2, 3, 4]],
    ['work_order_steps', [1, 2]],
  ] as const)('who reads %s', async (table, orgSites) => {
    const seen: Record<string, string[]> = {}
    for (const who of WHO) seen[who] = await visibleSites(actors[who]!, table)
    expect(seen).toEqual({
      admin: orgSites.map(site),
      office: orgSites.map(site),
      viewer: orgSites.map(site),
      tech1: [site(1), site(2)],
      otherTech: [site(7)],
      anon: [],
    })
  })

  it.each([
    'clients',
    'projects',
    'invoices',
    'carbon_credits',
    'journal',
    'site_assignments',
    'checklist_templates',
    'custom_field_definitions',
  ])('who reads %s, never across organizations', async (table) => {
    const orgs: Record<string, string[]> = {}
    for (const who of WHO) {
      orgs[who] = await asActor(db.pool, actors[who]!, async (c) => {
        const { rows } = await c.query<{ o: string }>(
          `select distinct organization_id::text as o from business.${table} order by 1`,
        )
        return rows.map((r) => r.o)
      }).catch((error: { code?: string }) => {
        if (error.code === '42501') return []
        throw error
      })
    }
    const backOffice = table === 'invoices' || table === 'carbon_credits'
    expect(orgs.admin).toEqual([ORG.tenNetZero])
    expect(orgs.office).toEqual([ORG.tenNetZero])
    expect(orgs.viewer).toEqual(table === 'site_assignments' ? [] : [ORG.tenNetZero])
    expect(orgs.tech1).toEqual(backOffice ? [] : [ORG.tenNetZero])
    expect(orgs.otherTech).toEqual(backOffice ? [] : [ORG.other])
    expect(orgs.anon).toEqual([])
  })

  it('who reads conflicts and who wrote their sides; nobody writes them through the API', async () => {
    // Recorded by a superuser as sync_push would: one per site of two organizations.
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into business.sync_conflicts (organization_id, site_id, table_name, row_id, op, fields, server, client, winner, created_by, server_updated_by)
       select s.organization_id, s.id, 'sites', s.id, 'update', '{name}', '{"name": "a"}', '{"name": "b"}', 'client', $1, $2
       from business.sites s where s.id = any ($3) returning id`,
      [actors.office!.sub, actors.tech1!.sub, [site(1), site(3), site(7)]],
    )
    const ids = rows.map((r) => r.id)
    const seen: Record<string, string[]> = {}
    for (const who of WHO) {
      seen[who] = await asActor(db.pool, actors[who]!, async (c) => {
        const { rows: visible } = await c.query<{ s: string; by: string }>(
          `select site_id::text as s, server_updated_by::text as by from business.sync_conflicts where id = any ($1) order by 1`,
          [ids],
        )
        expect(visible.every((v) => v.by === actors.tech1!.sub)).toBe(true)
        return visible.map((v) => v.s)
      }).catch((error: { code?: string }) => {
        if (error.code === '42501') return []
        throw error
      })
    }
    expect(seen).toEqual({
      admin: [site(1), site(3)],
      office: [site(1), site(3)],
      viewer: [site(1), site(3)],
      tech1: [site(1)],
      otherTech: [site(7)],
      anon: [],
    })
    for (const who of WHO) {
      expect(
        await attempt(
          actors[who]!,
          'update business.sync_conflicts set server_updated_by = null where id = any ($1)',
          [ids],
        ),
      ).toBe('denied')
    }
    await db.pool.query('delete from business.sync_conflicts where id = any ($1)', [ids])
  })

  it('lets a technician see only their own assignments and journal entries of their sites', async () => {
    const assignments = await asActor(db.pool, actors.tech1!, (c) =>
      c.query('select user_id from business.site_assignments'),
    )
    expect(new Set(assignments.rows.map((r: { user_id: string }) => r.user_id))).toEqual(
      new Set([actors.tech1!.sub]),
    )
    const journal = await asActor(db.pool, actors.tech1!, (c) =>
      c.query<{ s: string | null }>('select distinct site_id::text as s from business.journal'),
    )
    const sites = journal.rows.map((r) => r.s)
    expect(sites.every((s) => s === site(1) || s === site(2))).toBe(true)
  })

  const newEquipment = (siteId: string, org: string = ORG.tenNetZero) =>
    [
      `insert into business.equipment (id, organization_id, site_id, kind, name) values ($1, $2, $3, 'miner', 'RLS probe')`,
      [randomUUID(), org, siteId],
    ] as const

  it('decides who writes site-scoped rows', async () => {
    const results: Record<string, Record<string, string>> = {}
    for (const who of WHO) {
      const a = actors[who]!
      results[who] = {
        insertAssigned: await attempt(a, ...newEquipment(site(1))),
        insertOther: await attempt(a, ...newEquipment(site(4))),
        insertForeignOrg: await attempt(a, ...newEquipment(site(7), ORG.other)),
        updateAssigned: await attempt(
          a,
          `update business.equipment set notes = 'x' where id = $1`,
          [equipment(1, 1)],
        ),
        updateOther: await attempt(a, `update business.equipment set notes = 'x' where id = $1`, [
          equipment(4, 1),
        ]),
        moveToForeignSite: await attempt(
          a,
          `update business.equipment set site_id = $2 where id = $1`,
          [SPARE, site(4)],
        ),
        hardDelete: await attempt(a, `delete from business.equipment where id = $1`, [
          equipment(1, 1),
        ]),
        newSite: await attempt(
          a,
          `insert into business.sites (organization_id, name) values ($1, 'New pad')`,
          [ORG.tenNetZero],
        ),
      }
    }
    expect(results).toEqual({
      admin: {
        insertAssigned: 'ok',
        insertOther: 'ok',
        insertForeignOrg: 'denied',
        updateAssigned: 'ok',
        updateOther: 'ok',
        moveToForeignSite: 'ok',
        hardDelete: 'denied',
        newSite: 'ok',
      },
      office: {
        insertAssigned: 'ok',
        insertOther: 'ok',
        insertForeignOrg: 'denied',
        updateAssigned: 'ok',
        updateOther: 'ok',
        moveToForeignSite: 'ok',
        hardDelete: 'denied',
        newSite: 'ok',
      },
      tech1: {
        insertAssigned: 'ok',
        insertOther: 'denied',
        insertForeignOrg: 'denied',
        updateAssigned: 'ok',
        updateOther: 'none',
        moveToForeignSite: 'denied',
        hardDelete: 'denied',
        newSite: 'denied',
      },
      viewer: {
        insertAssigned: 'denied',
        insertOther: 'denied',
        insertForeignOrg: 'denied',
        updateAssigned: 'none',
        updateOther: 'none',
        moveToForeignSite: 'none',
        hardDelete: 'denied',
        newSite: 'denied',
      },
      otherTech: {
        insertAssigned: 'denied',
        insertOther: 'denied',
        insertForeignOrg: 'ok',
        updateAssigned: 'none',
        updateOther: 'none',
        moveToForeignSite: 'none',
        hardDelete: 'denied',
        newSite: 'denied',
      },
      anon: {
        insertAssigned: 'denied',
        insertOther: 'denied',
        insertForeignOrg: 'denied',
        updateAssigned: 'denied',
        updateOther: 'denied',
        moveToForeignSite: 'denied',
        hardDelete: 'denied',
        newSite: 'denied',
      },
    })
  })

  it('decides who writes work orders, their checklists and the checklist templates', async () => {
    const WO_SITE1 = '60000000-0000-4000-8000-000000000001'
    const WO_SITE4 = '60000000-0000-4000-8000-000000000005'
    const STEP_SITE1 = '61000000-0000-4000-8000-000000000101'
    const TEMPLATE = '62000000-0000-4000-8000-000000000001'
    const newOrder = (siteId: string, org: string = ORG.tenNetZero) =>
      [
        `insert into business.work_orders (id, organization_id, site_id, title) values ($1, $2, $3, 'RLS probe')`,
        [randomUUID(), org, siteId],
      ] as const
    const results: Record<string, Record<string, string>> = {}
    for (const who of WHO) {
      const a = actors[who]!
      results[who] = {
        insertAssigned: await attempt(a, ...newOrder(site(1))),
        insertOther: await attempt(a, ...newOrder(site(4))),
        insertForeignOrg: await attempt(a, ...newOrder(site(7), ORG.other)),
        updateAssigned: await attempt(
          a,
          `update business.work_orders set priority = 'high' where id = $1`,
          [WO_SITE1],
        ),
        updateOther: await attempt(
          a,
          `update business.work_orders set priority = 'high' where id = $1`,
          [WO_SITE4],
        ),
        moveToUnassignedSite: await attempt(
          a,
          `update business.work_orders set site_id = $2, equipment_id = null where id = $1`,
          [WO_SITE1, site(4)],
        ),
        tickStep: await attempt(
          a,
          `update business.work_order_steps set done_at = now() where id = $1`,
          [STEP_SITE1],
        ),
        addStepOther: await attempt(
          a,
          `insert into business.work_order_steps (organization_id, site_id, work_order_id, position, label)
           values ($1, $2, $3, 9, 'probe')`,
          [ORG.tenNetZero, site(4), WO_SITE4],
        ),
        hardDelete: await attempt(a, `delete from business.work_orders where id = $1`, [WO_SITE1]),
        newTemplate: await attempt(
          a,
          `insert into business.checklist_templates (organization_id, name, steps)
           values ($1, 'Probe', '[{"label": "x", "required": false, "requires": "check", "unit": null}]')`,
          [ORG.tenNetZero],
        ),
        editTemplate: await attempt(
          a,
          `update business.checklist_templates set name = name || '.' where id = $1`,
          [TEMPLATE],
        ),
      }
      // The move, when allowed, is put back so the next actor meets the same rows.
      await db.pool.query(
        `update business.work_orders set site_id = $2, equipment_id = $3 where id = $1 and site_id <> $2`,
        [WO_SITE1, site(1), equipment(1, 1)],
      )
    }
    const backOffice = {
      insertAssigned: 'ok',
      insertOther: 'ok',
      insertForeignOrg: 'denied',
      updateAssigned: 'ok',
      updateOther: 'ok',
      moveToUnassignedSite: 'ok',
      tickStep: 'ok',
      addStepOther: 'ok',
      hardDelete: 'denied',
      newTemplate: 'ok',
      editTemplate: 'ok',
    }
    const outsider = (insertForeignOrg: string) => ({
      insertAssigned: 'denied',
      insertOther: 'denied',
      insertForeignOrg,
      updateAssigned: 'none',
      updateOther: 'none',
      moveToUnassignedSite: 'none',
      tickStep: 'none',
      addStepOther: 'denied',
      hardDelete: 'denied',
      newTemplate: 'denied',
      editTemplate: 'none',
    })
    expect(results).toEqual({
      admin: backOffice,
      office: backOffice,
      tech1: {
        insertAssigned: 'ok',
        insertOther: 'denied',
        insertForeignOrg: 'denied',
        updateAssigned: 'ok',
        updateOther: 'none',
        moveToUnassignedSite: 'denied',
        tickStep: 'ok',
        addStepOther: 'denied',
        hardDelete: 'denied',
        newTemplate: 'denied',
        editTemplate: 'none',
      },
      viewer: outsider('denied'),
      otherTech: outsider('ok'),
      anon: Object.fromEntries(Object.keys(backOffice).map((k) => [k, 'denied'])),
    })
  })

  it('decides who writes custom field definitions and a site’s drop threshold: the back office of the organization', async () => {
    const SEEDED = '64000000-0000-4000-8000-000000000001'
    const OTHERS = '64000000-0000-4000-8000-000000000007'
    const define = (org: string) =>
      [
        `insert into business.custom_field_definitions (organization_id, applies_to, key, label, type)
         values ($1, 'site', 'rls_probe', 'Probe', 'text')`,
        [org],
      ] as const
    const results: Record<string, Record<string, string>> = {}
    for (const who of WHO) {
      const a = actors[who]!
      results[who] = {
        defineOwn: await attempt(a, ...define(ORG.tenNetZero)),
        defineOther: await attempt(a, ...define(ORG.other)),
        relabel: await attempt(
          a,
          `update business.custom_field_definitions set label = label || '.' where id = $1`,
          [SEEDED],
        ),
        relabelOther: await attempt(
          a,
          `update business.custom_field_definitions set label = label || '.' where id = $1`,
          [OTHERS],
        ),
        remove: await attempt(
          a,
          `update business.custom_field_definitions set deleted_at = now() where id = $1`,
          [SEEDED],
        ),
        hardDelete: await attempt(
          a,
          `delete from business.custom_field_definitions where id = $1`,
          [SEEDED],
        ),
        dropThreshold: await attempt(
          a,
          `update business.sites set production_drop_pct = 30 where id = $1`,
          [site(1)],
        ),
        siteField: await attempt(
          a,
          `update business.sites set custom_fields = custom_fields || '{"lease_number": "RLS"}' where id = $1`,
          [site(1)],
        ),
      }
    }
    const backOffice = {
      defineOwn: 'ok',
      defineOther: 'denied',
      relabel: 'ok',
      relabelOther: 'none',
      remove: 'ok',
      hardDelete: 'denied',
      dropThreshold: 'ok',
      siteField: 'ok',
    }
    expect(results).toEqual({
      admin: backOffice,
      office: backOffice,
      tech1: {
        ...backOffice,
        defineOwn: 'denied',
        relabel: 'none',
        remove: 'none',
        dropThreshold: 'denied',
      },
      viewer: {
        ...backOffice,
        defineOwn: 'denied',
        relabel: 'none',
        remove: 'none',
        dropThreshold: 'none',
        siteField: 'none',
      },
      otherTech: {
        ...backOffice,
        defineOwn: 'denied',
        defineOther: 'denied',
        relabel: 'none',
        remove: 'none',
        dropThreshold: 'none',
        siteField: 'none',
      },
      anon: Object.fromEntries(Object.keys(backOffice).map((k) => [k, 'denied'])),
    })
  })

  it('who reads maintenance schedules: whoever sees the site, never across organizations', async () => {
    const seen: Record<string, string[]> = {}
    for (const who of WHO) seen[who] = await visibleSites(actors[who]!, 'maintenance_schedules')
    expect(seen).toEqual({
      admin: [site(1), site(4)],
      office: [site(1), site(4)],
      viewer: [site(1), site(4)],
      tech1: [site(1)],
      otherTech: [site(7)],
      anon: [],
    })
  })

  it('decides who writes maintenance schedules: the back office only', async () => {
    const SEEDED = '63000000-0000-4000-8000-000000000001'
    const newSchedule = (siteId: string, org: string = ORG.tenNetZero) =>
      [
        `insert into business.maintenance_schedules (organization_id, site_id, equipment_kind, title, every_hours)
         values ($1, $2, 'generator', 'RLS probe', 500)`,
        [org, siteId],
      ] as const
    const results: Record<string, Record<string, string>> = {}
    for (const who of WHO) {
      const a = actors[who]!
      const touch = `update business.maintenance_schedules set lead = lead + 1 where id = $1`
      results[who] = {
        insertAssigned: await attempt(a, ...newSchedule(site(1))),
        insertOther: await attempt(a, ...newSchedule(site(4))),
        insertForeignOrg: await attempt(a, ...newSchedule(site(7), ORG.other)),
        updateAssigned: await attempt(a, touch, [SEEDED]),
        updateOther: await attempt(a, touch, [SCHEDULE_SITE4]),
        updateForeignOrg: await attempt(a, touch, [SCHEDULE_OTHER_ORG]),
        hardDelete: await attempt(a, `delete from business.maintenance_schedules where id = $1`, [
          SEEDED,
        ]),
      }
    }
    const backOffice = {
      insertAssigned: 'ok',
      insertOther: 'ok',
      insertForeignOrg: 'denied',
      updateAssigned: 'ok',
      updateOther: 'ok',
      updateForeignOrg: 'none',
      hardDelete: 'denied',
    }
    const readOnly = {
      insertAssigned: 'denied',
      insertOther: 'denied',
      insertForeignOrg: 'denied',
      updateAssigned: 'none',
      updateOther: 'none',
      updateForeignOrg: 'none',
      hardDelete: 'denied',
    }
    expect(results).toEqual({
      admin: backOffice,
      office: backOffice,
      tech1: readOnly,
      viewer: readOnly,
      otherTech: readOnly,
      anon: Object.fromEntries(Object.keys(backOffice).map((k) => [k, 'denied'])),
    })
    // Even the office cannot move a schedule away from the site its orders are at.
    await expect(
      asActor(db.pool, actors.office!, (c) =>
        c.query(`update business.maintenance_schedules set site_id = $2 where id = $1`, [
          SCHEDULE_SITE4,
          site(2),
        ]),
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'maintenance_schedules_site_fixed' })
  })

  it('keeps references inside one organization even where RLS would allow both rows', async () => {
    // A row of org A pointing at a site of org B fails the composite foreign key.
    await expect(
      db.pool.query(
        `insert into business.equipment (organization_id, site_id, kind, name) values ($1, $2, 'miner', 'x')`,
        [ORG.tenNetZero, site(7)],
      ),
    ).rejects.toMatchObject({ code: '23503' })
  })

  it('lets only admins manage members and assignments, and only office/admin write back-office tables', async () => {
    const results: Record<string, Record<string, string>> = {}
    for (const who of WHO) {
      const a = actors[who]!
      results[who] = {
        assign: await attempt(
          a,
          `insert into business.site_assignments (organization_id, site_id, user_id) values ($1, $2, $3)`,
          [ORG.tenNetZero, site(6), actors.tech1!.sub],
        ),
        promote: await attempt(
          a,
          `update public.organization_members set role = 'admin' where user_id = $1`,
          [actors.tech1!.sub],
        ),
        invoice: await attempt(
          a,
          `update business.invoices set status = 'paid' where site_id = $1`,
          [site(1)],
        ),
        client: await attempt(
          a,
          `insert into business.clients (organization_id, name) values ($1, 'New client')`,
          [ORG.tenNetZero],
        ),
        orgName: await attempt(
          a,
          `update public.organizations set name = 'Renamed' where id = $1`,
          [ORG.tenNetZero],
        ),
      }
    }
    expect(results).toEqual({
      admin: { assign: 'ok', promote: 'ok', invoice: 'ok', client: 'ok', orgName: 'ok' },
      office: { assign: 'denied', promote: 'none', invoice: 'ok', client: 'ok', orgName: 'none' },
      tech1: {
        assign: 'denied',
        promote: 'none',
        invoice: 'none',
        client: 'denied',
        orgName: 'none',
      },
      viewer: {
        assign: 'denied',
        promote: 'none',
        invoice: 'none',
        client: 'denied',
        orgName: 'none',
      },
      otherTech: {
        assign: 'denied',
        promote: 'none',
        invoice: 'none',
        client: 'denied',
        orgName: 'none',
      },
      anon: {
        assign: 'denied',
        promote: 'denied',
        invoice: 'denied',
        client: 'denied',
        orgName: 'denied',
      },
    })
  })

  it('lets only admins unassign a technician, and never leaves an organization without an admin', async () => {
    const TECH1_SITE2 = '31000000-0000-4000-8000-000000000002'
    const unassigned: Record<string, string> = {}
    for (const who of WHO) {
      unassigned[who] = await attempt(
        actors[who]!,
        `update business.site_assignments set deleted_at = now() where id = $1 and deleted_at is null`,
        [TECH1_SITE2],
      )
      await db.pool.query('update business.site_assignments set deleted_at = null where id = $1', [
        TECH1_SITE2,
      ])
    }
    expect(unassigned).toEqual({
      admin: 'ok',
      office: 'none',
      tech1: 'none',
      viewer: 'none',
      otherTech: 'none',
      anon: 'denied',
    })
    expect(
      (
        await db.pool.query('select deleted_at from business.site_assignments where id = $1', [
          TECH1_SITE2,
        ])
      ).rows[0].deleted_at,
    ).toBeNull()

    // The only admin cannot step down or leave; once someone else is admin, they can.
    const demote = `update public.organization_members set role = 'office' where user_id = $1`
    await expect(
      asActor(db.pool, actors.admin!, (c) => c.query(demote, [actors.admin!.sub])),
    ).rejects.toMatchObject({ code: '23514', message: expect.stringMatching(/at least one admin/) })
    await expect(
      asActor(db.pool, actors.admin!, (c) =>
        c.query('delete from public.organization_members where user_id = $1', [actors.admin!.sub]),
      ),
    ).rejects.toMatchObject({ code: '23514' })
    expect(
      await asActor(db.pool, actors.admin!, async (c) => {
        await c.query(`update public.organization_members set role = 'admin' where user_id = $1`, [
          actors.office!.sub,
        ])
        return (await c.query(demote, [actors.admin!.sub])).rowCount
      }),
    ).toBe(1)
  })

  it('never lets anyone write the journal or profiles of others', async () => {
    for (const who of WHO) {
      const a = actors[who]!
      expect(await attempt(a, `delete from business.journal`)).toBe('denied')
      expect(await attempt(a, `update business.journal set reason = 'x'`)).toBe('denied')
      expect(
        await attempt(a, `update public.profiles set display_name = 'x' where id = $1`, [
          actors.office!.sub,
        ]),
      ).toBe(who === 'office' ? 'ok' : who === 'anon' ? 'denied' : 'none')
    }
  })

  it('shows members their colleagues, never another organization', async () => {
    const profiles = await asActor(db.pool, actors.tech1!, (c) =>
      c.query<{ email: string }>('select email from public.profiles order by email'),
    )
    expect(profiles.rows.map((r) => r.email)).toEqual([
      'admin@outpost.test',
      'office@outpost.test',
      'tech1@outpost.test',
      'tech2@outpost.test',
      'viewer@outpost.test',
    ])
    const members = await asActor(db.pool, actors.otherTech!, (c) =>
      c.query('select organization_id from public.organization_members'),
    )
    expect(
      new Set(members.rows.map((r: { organization_id: string }) => r.organization_id)),
    ).toEqual(new Set([ORG.other]))
  })
})
