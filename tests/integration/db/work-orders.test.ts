// Work orders in the database: the closing rule, the checklist's integrity, re-filing, the
// unit's status stamp, and what an upgraded app pulls of tables it did not know.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forgetTables } from '../../../src/shared/sync/cursor'
import type { PullCursor } from '../../../src/shared/sync/protocol'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, USER, equipment, site } from '../../support/demo'
import { editOf, pullSettled, push, rowOf } from '../../support/sync'

let db: TestDatabase
let tech1: Actor
let office: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  office = await actorFor(db.pool, EMAIL.office)
})
afterAll(() => db.drop())

const OIL_CHANGE = '60000000-0000-4000-8000-000000000001' // site 1, generator A, 5 steps (4 required)
const step = (order: number, n: number) =>
  `61000000-0000-4000-8000-00000000${String(order).padStart(2, '0')}${String(n).padStart(2, '0')}`

async function newOrder(siteId = site(1), extra: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID()
  const [r] = await push(db.pool, tech1, [
    {
      table: 'work_orders',
      op: 'insert',
      row_id: id,
      data: { organization_id: ORG.tenNetZero, site_id: siteId, title: 'Probe order', ...extra },
    },
  ])
  expect(r!.status).toBe('applied')
  return id
}

describe('work orders', () => {
  it('cannot be done through a push while required steps are open, and can once they are done', async () => {
    const early = await push(db.pool, tech1, [
      await editOf(db.pool, 'work_orders', OIL_CHANGE, {
        status: 'done',
        completed_at: new Date().toISOString(),
      }),
    ])
    expect(early[0]).toMatchObject({
      status: 'rejected',
      error: {
        code: 'check_violation',
        message: expect.stringContaining(
          '4 required steps of its checklist are open: Lock out and tag out the unit; Drain and replace engine oil; Replace oil and air filters; Oil pressure after restart',
        ),
      },
    })
    // A number step needs its number: the database refuses a tick without it.
    const bare = await push(db.pool, tech1, [
      await editOf(db.pool, 'work_order_steps', step(1, 4), { done_at: new Date().toISOString() }),
    ])
    expect(bare[0]).toMatchObject({ status: 'rejected', error: { code: 'check_violation' } })

    const now = new Date().toISOString()
    const ticks = await push(db.pool, tech1, [
      ...(await Promise.all(
        [1, 2, 3].map((n) => editOf(db.pool, 'work_order_steps', step(1, n), { done_at: now })),
      )),
      await editOf(db.pool, 'work_order_steps', step(1, 4), { done_at: now, value_number: 62 }),
      await editOf(db.pool, 'work_orders', OIL_CHANGE, { status: 'done', completed_at: now }),
    ])
    expect(ticks.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
    ])
    expect(await rowOf(db.pool, 'work_orders', OIL_CHANGE)).toMatchObject({ status: 'done' })
  })

  it('keeps a checklist at its order’s site, and moves it with the order', async () => {
    const order = await newOrder()
    const stepId = randomUUID()
    // A step claiming another site than its order's: the foreign key refuses it.
    const wrong = await push(db.pool, office, [
      {
        table: 'work_order_steps',
        op: 'insert',
        row_id: stepId,
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(4),
          work_order_id: order,
          position: 1,
          label: 'Torque check',
        },
      },
    ])
    expect(wrong[0]).toMatchObject({ status: 'rejected', error: { code: 'foreign_key_violation' } })
    const right = await push(db.pool, office, [
      {
        table: 'work_order_steps',
        op: 'insert',
        row_id: stepId,
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          work_order_id: order,
          position: 1,
          label: 'Torque check',
        },
      },
    ])
    expect(right[0]!.status).toBe('applied')
    const before = await pullSettled(db.pool, tech1)

    // The office re-files the order at Tioga North (site 4): the step follows, and tech1, who
    // cannot see site 4, is told both left.
    const [moved] = await push(db.pool, office, [
      await editOf(db.pool, 'work_orders', order, { site_id: site(4) }),
    ])
    expect(moved!.status).toBe('applied')
    expect(await rowOf(db.pool, 'work_order_steps', stepId)).toMatchObject({ site_id: site(4) })
    const after = await pullSettled(db.pool, tech1, before.cursor)
    expect(
      (after.rows.get('sync_moves') ?? []).map((m) => [m.table_name, m.row_id]).sort(),
    ).toEqual(
      [
        ['work_order_steps', stepId],
        ['work_orders', order],
      ].sort(),
    )
  })

  it('assigns only members of the order’s organization, and unassigns a member who leaves', async () => {
    const [foreign] = await push(db.pool, office, [
      {
        table: 'work_orders',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          title: 'For someone else',
          assignee_id: USER.otherTech,
        },
      },
    ])
    expect(foreign).toMatchObject({ status: 'rejected', error: { code: 'foreign_key_violation' } })

    const leaver = randomUUID()
    await db.pool.query(
      `insert into auth.users (id, email, aud, role) values ($1, 'leaver@outpost.test', 'authenticated', 'authenticated')`,
      [leaver],
    )
    await db.pool.query(
      `insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'technician')`,
      [ORG.tenNetZero, leaver],
    )
    const order = await newOrder(site(1), { assignee_id: leaver })
    await db.pool.query(
      'delete from public.organization_members where organization_id = $1 and user_id = $2',
      [ORG.tenNetZero, leaver],
    )
    expect(await rowOf(db.pool, 'work_orders', order)).toMatchObject({
      assignee_id: null,
      organization_id: ORG.tenNetZero,
    })
  })

  it('keeps a unit with work orders at its site, and says why', async () => {
    const unit = randomUUID()
    await db.pool.query(
      `insert into business.equipment (id, organization_id, site_id, kind, name) values ($1, $2, $3, 'miner', 'New rack')`,
      [unit, ORG.tenNetZero, site(1)],
    )
    await newOrder(site(1), { equipment_id: unit })
    const [r] = await push(db.pool, office, [
      await editOf(db.pool, 'equipment', unit, { site_id: site(4) }),
    ])
    expect(r).toMatchObject({
      status: 'rejected',
      error: { message: expect.stringContaining('work orders at its site and cannot move') },
    })
  })

  it('stamps when a unit’s status changed: the device’s moment when it sends one, else the server’s', async () => {
    const monday = '2026-11-30T08:00:00.000Z'
    const [r] = await push(db.pool, tech1, [
      await editOf(db.pool, 'equipment', equipment(1, 7), {
        status: 'down',
        status_reason: 'fans seized',
        status_changed_at: monday,
      }),
    ])
    expect(r!.status).toBe('applied')
    expect(await rowOf(db.pool, 'equipment', equipment(1, 7))).toMatchObject({
      status: 'down',
      status_reason: 'fans seized',
      status_changed_at: '2026-11-30T08:00:00+00:00',
    })
    // An older app sends only the status: the reason it did not give is cleared, the time is now.
    const [old] = await push(db.pool, tech1, [
      await editOf(db.pool, 'equipment', equipment(1, 7), { status: 'operational' }),
    ])
    expect(old!.status).toBe('applied')
    const row = await rowOf(db.pool, 'equipment', equipment(1, 7))
    expect(row.status_reason).toBeNull()
    expect(Date.now() - Date.parse(String(row.status_changed_at))).toBeLessThan(60_000)
  })

  it('reads the new tables from the start for an app that forgets their cursor positions, and nothing else again', async () => {
    const first = await pullSettled(db.pool, tech1)
    const wo = (first.rows.get('work_orders') ?? []).length
    expect(wo).toBeGreaterThan(0)
    const again = await pullSettled(
      db.pool,
      tech1,
      forgetTables(first.cursor as PullCursor, ['work_orders', 'work_order_steps']),
    )
    expect([...again.rows.keys()].sort()).toEqual(['work_order_steps', 'work_orders'])
    expect(again.rows.get('work_orders')).toHaveLength(wo)
    expect(again.rows.get('work_order_steps')).toHaveLength(
      (first.rows.get('work_order_steps') ?? []).length,
    )
  })
})
