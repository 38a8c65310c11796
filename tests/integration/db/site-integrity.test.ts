import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'
import { editOf, push, rowOf } from '../../support/sync'

let db: TestDatabase
let tech1: Actor
let office: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  office = await actorFor(db.pool, EMAIL.office)
})
afterAll(() => db.drop())

const siteUpdate = async (actor: Actor, n: number, data: Record<string, unknown>) => {
  const [r] = await push(db.pool, actor, [await editOf(db.pool, 'sites', site(n), data)])
  return r!
}

describe('site time zones', () => {
  it('accept only names PostgreSQL knows', async () => {
    for (const timezone of ['Mars/Olympus_Mons', 'UTC+3', '', 'america/chicago']) {
      const r = await siteUpdate(office, 3, { timezone })
      expect([timezone, r.status, r.error?.code]).toEqual([timezone, 'rejected', 'check_violation'])
    }
    expect((await siteUpdate(office, 3, { timezone: 'America/Denver' })).status).toBe('applied')
  })

  it('are changed by the office only, while technicians still edit the rest of their site', async () => {
    const refused = await siteUpdate(tech1, 2, { timezone: 'America/Denver' })
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } })
    expect(refused.error!.message).toMatch(
      /only office or admin staff can change a site's time zone/,
    )
    expect((await siteUpdate(tech1, 2, { notes: 'Gate code changed' })).status).toBe('applied')
  })
})

describe('the month of a reading', () => {
  // 03:00 UTC on May 1 is still April 30 in Chicago.
  const reading = {
    organization_id: ORG.tenNetZero,
    site_id: site(1),
    equipment_id: null,
    period_start: '2031-05-01T03:00:00Z',
    period_end: '2031-05-02T03:00:00Z',
    energy_kwh: 1000,
    source: 'meter',
  }

  it('is the site-local month when entered, and stays so when the site’s time zone changes', async () => {
    const id = randomUUID()
    const [inserted] = await push(db.pool, tech1, [
      { table: 'energy_production', op: 'insert', row_id: id, data: reading },
    ])
    expect(inserted!.row).toMatchObject({ period_month: '2031-04-01' })
    await asActor(
      db.pool,
      office,
      (c) => c.query(`select business.close_period($1, '2031-04-01')`, [site(1)]),
      { commit: true },
    )
    // In UTC the reading would fall in May, which is open.
    expect((await siteUpdate(office, 1, { timezone: 'UTC' })).status).toBe('applied')
    const before = await rowOf(db.pool, 'energy_production', id)
    const [edit] = await push(db.pool, tech1, [
      {
        table: 'energy_production',
        op: 'update',
        row_id: id,
        base_updated_at: before.updated_at as string,
        data: { energy_kwh: 5000 },
        base: { energy_kwh: 1000 },
      },
    ])
    expect(edit).toMatchObject({ status: 'rejected', error: { code: 'period_closed' } })
    expect((await rowOf(db.pool, 'energy_production', id)).energy_kwh).toBe(1000)
    // A reading entered now is filed by the new time zone.
    const [later] = await push(db.pool, tech1, [
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: { ...reading, equipment_id: equipment(1, 1) },
      },
    ])
    expect(later!.row).toMatchObject({ period_month: '2031-05-01' })
  })

  it('is the server’s to set', async () => {
    const [r] = await push(db.pool, tech1, [
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          ...reading,
          period_start: '2031-07-10T05:00:00Z',
          period_end: '2031-07-11T05:00:00Z',
          period_month: '2031-01-01',
        },
      },
    ])
    expect(r).toMatchObject({ status: 'rejected', error: { code: 'unknown_field' } })
    await expect(
      db.pool.query(
        `update business.energy_production set period_month = '2031-01-01' where site_id = $1`,
        [site(2)],
      ),
    ).resolves.toBeTruthy()
    const { rows } = await db.pool.query(
      `select count(*)::int as n from business.energy_production where site_id = $1 and period_month = '2031-01-01'`,
      [site(2)],
    )
    expect(rows[0].n).toBe(0)
  })
})

describe('a record’s equipment', () => {
  it('belongs to the record’s own site', async () => {
    const results = await push(db.pool, tech1, [
      {
        table: 'maintenance_logs',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          equipment_id: equipment(2, 1), // a generator of site 2, which tech1 also sees
          kind: 'inspection',
          performed_at: '2031-06-01T15:00:00Z',
          summary: 'Filed under the wrong pad',
        },
      },
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          equipment_id: equipment(4, 1), // a generator of a site tech1 cannot see
          period_start: '2031-06-01T05:00:00Z',
          period_end: '2031-06-02T05:00:00Z',
          energy_kwh: 10,
          source: 'manual',
        },
      },
    ])
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'foreign_key_violation'],
      ['rejected', 'foreign_key_violation'],
    ])
  })

  it('moves to another site only while it has no history there', async () => {
    const unit = equipment(3, 6)
    const before = await rowOf(db.pool, 'equipment', unit)
    const [withHistory] = await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: equipment(1, 1),
        base_updated_at: (await rowOf(db.pool, 'equipment', equipment(1, 1))).updated_at as string,
        data: { site_id: site(3) },
        base: { site_id: site(1) },
      },
    ])
    expect(withHistory).toMatchObject({
      status: 'rejected',
      error: { code: 'foreign_key_violation' },
    })
    expect(withHistory!.error!.message).toMatch(/retire it there and register it at the new site/)
    await db.pool.query(`delete from business.maintenance_logs where equipment_id = $1`, [unit])
    const [moved] = await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: unit,
        base_updated_at: before.updated_at as string,
        data: { site_id: site(6) },
        base: { site_id: site(3) },
      },
    ])
    expect(moved).toMatchObject({ status: 'applied', row: { site_id: site(6) } })
  })
})
