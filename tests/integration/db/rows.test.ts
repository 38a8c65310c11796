import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'
import { rowOf } from '../../support/sync'

let db: TestDatabase
let tech1: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
})
afterAll(() => db.drop())

const reading = (over: Record<string, unknown> = {}) => ({
  organization_id: ORG.tenNetZero,
  site_id: site(1),
  period_start: '2031-05-01T05:00:00Z',
  period_end: '2031-05-02T05:00:00Z',
  energy_kwh: 100,
  ...over,
})

async function insertReading(values: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(values)
  await db.pool.query(
    `insert into business.energy_production (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
    Object.values(values),
  )
}

describe('bookkeeping triggers', () => {
  it('sets created/updated stamps from the database and the JWT, ignoring what the client sends', async () => {
    const id = randomUUID()
    const row = await asActor(
      db.pool,
      tech1,
      async (c) => {
        const { rows } = await c.query(
          `insert into business.equipment (id, organization_id, site_id, kind, name, created_at, updated_at, created_by, updated_by)
           values ($1, $2, $3, 'miner', 'Stamped', '2000-01-01', '2000-01-01', $4, $4) returning *`,
          [id, ORG.tenNetZero, site(1), randomUUID()],
        )
        return rows[0] as Record<string, unknown>
      },
      { commit: true },
    )
    expect(row.created_by).toBe(tech1.sub)
    expect(row.updated_by).toBe(tech1.sub)
    expect(Math.abs((row.created_at as Date).getTime() - Date.now())).toBeLessThan(60_000)
    expect(row.updated_at).toEqual(row.created_at)
  })

  it('moves updated_at strictly forward on every update and keeps created_*', async () => {
    const id = equipment(1, 1)
    const before = await rowOf(db.pool, 'equipment', id)
    const stamps: string[] = []
    for (let i = 0; i < 3; i++) {
      const { rows } = await db.pool.query<{ u: string }>(
        `update business.equipment set runtime_hours = runtime_hours + 1, created_at = '2000-01-01' where id = $1 returning updated_at::text as u`,
        [id],
      )
      stamps.push(rows[0]!.u)
    }
    const after = await rowOf(db.pool, 'equipment', id)
    expect(after.created_at).toBe(before.created_at)
    expect(new Set(stamps).size).toBe(3)
    expect([...stamps].sort()).toEqual(stamps)
  })

  it('refuses to move a row to another organization or change its id', async () => {
    await expect(
      db.pool.query(`update business.sites set organization_id = $2 where id = $1`, [
        site(1),
        ORG.other,
      ]),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      db.pool.query(`update business.sites set id = gen_random_uuid() where id = $1`, [site(2)]),
    ).rejects.toMatchObject({ code: '23514' })
  })

  it('journals insert, update, soft delete, restore and purge with the actor and device', async () => {
    const id = randomUUID()
    const device = randomUUID()
    await asActor(
      db.pool,
      tech1,
      async (c) => {
        await c.query(`select set_config('request.headers', $1, true)`, [
          JSON.stringify({ 'x-outpost-device': device }),
        ])
        await c.query(
          `insert into business.maintenance_logs (id, organization_id, site_id, equipment_id, kind, performed_at, summary)
           values ($1, $2, $3, $4, 'inspection', now(), 'Journal probe')`,
          [id, ORG.tenNetZero, site(1), equipment(1, 2)],
        )
        await c.query(
          `update business.maintenance_logs set summary = 'Journal probe 2' where id = $1`,
          [id],
        )
        await c.query(`update business.maintenance_logs set summary = summary where id = $1`, [id])
        await c.query(`update business.maintenance_logs set deleted_at = now() where id = $1`, [id])
        await c.query(`update business.maintenance_logs set deleted_at = null where id = $1`, [id])
      },
      { commit: true },
    )
    await db.pool.query(`delete from business.maintenance_logs where id = $1`, [id])
    const { rows } = await db.pool.query(
      `select op, actor_id, actor_role, device_id, changed, before, after, site_id from business.journal
       where table_name = 'maintenance_logs' and row_id = $1 order by id`,
      [id],
    )
    expect(rows.map((r) => r.op)).toEqual(['insert', 'update', 'delete', 'restore', 'purge'])
    expect(
      rows
        .slice(0, 4)
        .every(
          (r) =>
            r.actor_id === tech1.sub && r.device_id === device && r.actor_role === 'authenticated',
        ),
    ).toBe(true)
    expect(rows[1]).toMatchObject({
      changed: ['summary'],
      before: { summary: 'Journal probe' },
      after: { summary: 'Journal probe 2' },
    })
    expect(rows[0].after).toMatchObject({ id, summary: 'Journal probe' })
    expect(rows[4]).toMatchObject({ actor_id: null, actor_role: 'postgres', before: { id } })
    expect(rows.every((r) => r.site_id === site(1))).toBe(true)
  })
})

describe('constraints', () => {
  it.each([
    ['negative energy', { energy_kwh: -1 }],
    ['end before start', { period_end: '2031-04-30T05:00:00Z' }],
    ['end equal to start', { period_end: '2031-05-01T05:00:00Z' }],
    ['more runtime than the period has', { runtime_hours: 24.5 }],
    ['negative gas volume', { gas_volume_mcf: -3 }],
    ['unknown source', { source: 'guess' }],
  ])('rejects a reading with %s', async (_name, over) => {
    await expect(insertReading(reading(over))).rejects.toMatchObject({ code: '23514' })
  })

  it.each([
    [
      'equipment',
      `insert into business.equipment (organization_id, site_id, kind, name) values ($1, $2, 'spaceship', 'x')`,
    ],
    [
      'equipment',
      `insert into business.equipment (organization_id, site_id, kind, name, status) values ($1, $2, 'miner', 'x', 'exploded')`,
    ],
    [
      'equipment',
      `insert into business.equipment (organization_id, site_id, kind, name, runtime_hours) values ($1, $2, 'miner', 'x', -1)`,
    ],
    [
      'maintenance',
      `insert into business.maintenance_logs (organization_id, site_id, equipment_id, kind, performed_at, summary) values ($1, $2, '${equipment(1, 1)}', 'vibes', now(), 'x')`,
    ],
    [
      'maintenance',
      `insert into business.maintenance_logs (organization_id, site_id, equipment_id, kind, performed_at, summary) values ($1, $2, '${equipment(1, 1)}', 'inspection', now(), '   ')`,
    ],
    [
      'maintenance',
      `insert into business.maintenance_logs (organization_id, site_id, equipment_id, kind, performed_at, summary, parts) values ($1, $2, '${equipment(1, 1)}', 'inspection', now(), 'x', '{}')`,
    ],
    [
      'site',
      `insert into business.sites (organization_id, name, latitude, longitude) values ($1, 'x', 91, $2::text::numeric * 0)`,
    ],
  ])('rejects impossible %s values', async (_name, sql) => {
    const params = sql.includes('$2::text') ? [ORG.tenNetZero, '1'] : [ORG.tenNetZero, site(1)]
    await expect(db.pool.query(sql, params)).rejects.toMatchObject({ code: '23514' })
  })

  it('keeps one live reading per site, equipment and period start, and allows re-entry after a delete', async () => {
    await insertReading(
      reading({ period_start: '2032-01-01T06:00:00Z', period_end: '2032-01-02T06:00:00Z' }),
    )
    await expect(
      insertReading(
        reading({
          period_start: '2032-01-01T06:00:00Z',
          period_end: '2032-01-02T06:00:00Z',
          energy_kwh: 5,
        }),
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'energy_production_reading_key' })
    // Same period for a piece of equipment is a different reading.
    await insertReading(
      reading({
        period_start: '2032-01-01T06:00:00Z',
        period_end: '2032-01-02T06:00:00Z',
        equipment_id: equipment(1, 1),
      }),
    )
    await db.pool.query(
      `update business.energy_production set deleted_at = now() where site_id = $1 and period_start = '2032-01-01T06:00:00Z' and equipment_id is null`,
      [site(1)],
    )
    await insertReading(
      reading({
        period_start: '2032-01-01T06:00:00Z',
        period_end: '2032-01-02T06:00:00Z',
        energy_kwh: 7,
      }),
    )
  })
})
