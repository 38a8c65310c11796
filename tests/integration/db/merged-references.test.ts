// A row that names a row whose insert the server merged into another row (the same unit
// registered on two laptops, the same work order raised twice) follows it there, in the same
// push or a later one; only the pusher's own merges are followed (migration 20261204000100).
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, site } from '../../support/demo'
import type { PushMutation } from '../../support/sync'
import { push } from '../../support/sync'

let db: TestDatabase
let tech1: Actor
let office: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  office = await actorFor(db.pool, EMAIL.office)
})
afterAll(() => db.drop())

const LAPTOP_A = '0d000000-0000-4000-8000-00000000000a'
const LAPTOP_B = '0d000000-0000-4000-8000-00000000000b'

const unit = (id: string, tag: string, device: string): PushMutation => ({
  table: 'equipment',
  op: 'insert',
  row_id: id,
  device_id: device,
  data: {
    organization_id: ORG.tenNetZero,
    site_id: site(1),
    kind: 'generator',
    name: 'Generator C',
    asset_tag: tag,
    status: 'operational',
  },
})

const log = (equipmentId: string, device: string): PushMutation => ({
  table: 'maintenance_logs',
  op: 'insert',
  row_id: randomUUID(),
  device_id: device,
  data: {
    organization_id: ORG.tenNetZero,
    site_id: site(1),
    equipment_id: equipmentId,
    kind: 'inspection',
    performed_at: '2031-03-01T15:00:00Z',
    summary: 'Commissioned',
    parts: [],
  },
})

const reading = (equipmentId: string, day: number, device: string): PushMutation => ({
  table: 'energy_production',
  op: 'insert',
  row_id: randomUUID(),
  device_id: device,
  data: {
    organization_id: ORG.tenNetZero,
    site_id: site(1),
    equipment_id: equipmentId,
    period_start: `2031-03-${String(day).padStart(2, '0')}T06:00:00Z`,
    period_end: `2031-03-${String(day + 1).padStart(2, '0')}T06:00:00Z`,
    energy_kwh: 1000 + day,
  },
})

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `select count(*)::int as n from ${sql}`,
    params,
  )
  return rows[0]!.n
}

describe('references to a merged row', () => {
  it('follow the unit a second laptop registered again, in the same push and in a later one', async () => {
    const first = randomUUID()
    const [a] = await push(db.pool, tech1, [unit(first, 'GEN-C-1', LAPTOP_A)])
    expect(a!.status).toBe('applied')

    // Laptop B registered the same unit offline, logged its commissioning and entered readings
    // (a run of three: the set-based path) against its own id.
    const mine = randomUUID()
    const results = await push(db.pool, tech1, [
      unit(mine, 'GEN-C-1', LAPTOP_B),
      log(mine, LAPTOP_B),
      reading(mine, 1, LAPTOP_B),
      reading(mine, 2, LAPTOP_B),
      reading(mine, 3, LAPTOP_B),
    ])
    expect(results.map((r) => r.status)).toEqual([
      'merged',
      'applied',
      'applied',
      'applied',
      'applied',
    ])
    expect(results[0]!.row).toMatchObject({ id: first })
    for (const r of results.slice(1)) expect(r.row).toMatchObject({ equipment_id: first })

    // Logs queued before laptop B heard of the merge, sent in a later push. The second one's
    // CHECK fails its run, so the first is applied by the per-mutation path.
    const bad = log(mine, LAPTOP_B)
    bad.data = { ...bad.data, kind: 'guesswork' }
    const [later, refused] = await push(db.pool, tech1, [log(mine, LAPTOP_B), bad])
    expect(later).toMatchObject({ status: 'applied', row: { equipment_id: first } })
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'check_violation' } })

    expect(await count('business.equipment where asset_tag = $1', ['GEN-C-1'])).toBe(1)
    expect(await count('business.maintenance_logs where equipment_id = $1', [first])).toBe(2)
    expect(await count('business.energy_production where equipment_id = $1', [first])).toBe(3)
  })

  it('are not followed through another user’s merge', async () => {
    const first = randomUUID()
    await push(db.pool, office, [unit(first, 'GEN-C-2', LAPTOP_A)])
    const mine = randomUUID()
    const [merged] = await push(db.pool, tech1, [unit(mine, 'GEN-C-2', LAPTOP_B)])
    expect(merged).toMatchObject({ status: 'merged', row: { id: first } })

    // The office never made `mine`: a reference to it from the office names no row.
    const [theirs] = await push(db.pool, office, [log(mine, LAPTOP_A)])
    expect(theirs).toMatchObject({
      status: 'rejected',
      error: { code: 'foreign_key_violation' },
    })
  })

  it('leave a reference that is no UUID for the push to refuse', async () => {
    const [r] = await push(db.pool, tech1, [log('not-a-uuid', LAPTOP_B)])
    expect(r).toMatchObject({ status: 'rejected', error: { code: 'invalid_value' } })
  })

  it('bring a laptop’s checklist to the order someone else raised for the same point under another id', async () => {
    const schedule = '63000000-0000-4000-8000-000000000001'
    const generator = '40000000-0000-4000-8000-000000000101'
    // Raised in SQL, with a random id and no checklist.
    const theirs = randomUUID()
    await db.pool.query(
      `insert into business.work_orders (id, organization_id, site_id, equipment_id, title, kind, priority, status,
                                         schedule_id, schedule_point)
       values ($1, $2, $3, $4, 'Oil and filter service', 'preventive', 'normal', 'open', $5, '90000 h')`,
      [theirs, ORG.tenNetZero, site(1), generator, schedule],
    )
    const derived = randomUUID()
    const step = (position: number): PushMutation => ({
      table: 'work_order_steps',
      op: 'insert',
      row_id: randomUUID(),
      device_id: LAPTOP_B,
      data: {
        organization_id: ORG.tenNetZero,
        site_id: site(1),
        work_order_id: derived,
        position,
        label: `Step ${position}`,
        required: false,
        requires: 'check',
      },
    })
    const results = await push(db.pool, tech1, [
      {
        table: 'work_orders',
        op: 'insert',
        row_id: derived,
        device_id: LAPTOP_B,
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          equipment_id: generator,
          title: 'Oil and filter service',
          kind: 'preventive',
          priority: 'normal',
          status: 'open',
          schedule_id: schedule,
          schedule_point: '90000 h',
        },
      },
      step(1),
      step(2),
    ])
    expect(results[0]).toMatchObject({ row: { id: theirs } })
    expect(results[0]!.status).toMatch(/merged|conflict/)
    expect(results.slice(1).map((r) => [r.status, r.row?.work_order_id])).toEqual([
      ['applied', theirs],
      ['applied', theirs],
    ])
    expect(await count('business.work_orders where id = $1', [derived])).toBe(0)
    expect(await count('business.work_order_steps where work_order_id = $1', [theirs])).toBe(2)
  })
})
