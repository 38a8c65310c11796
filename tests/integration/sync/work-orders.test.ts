// Work orders on devices: the real engine and IndexedDB in Chromium, supabase-js against the
// local Supabase. A technician works an order for days offline; two devices close the same
// order; the office changes the checklist while a technician is closing it.
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../support/browser'
import { useDevices } from '../../support/devices'
import { EMAIL, equipment, site } from '../../support/demo'
import { rowOf, settle } from '../../support/sync'

const devices = useDevices()
const { device, syncOk, offline, online } = devices

const HASHBOARD = '60000000-0000-4000-8000-000000000002' // site 1, miner rack 2, in progress
const step = (order: number, n: number) =>
  `61000000-0000-4000-8000-00000000${String(order).padStart(2, '0')}${String(n).padStart(2, '0')}`

const completion = (summary: string, completedAt: string) => ({
  completedAt,
  summary,
  details: null,
  downtimeHours: 1.5,
  parts: [{ name: 'Hashboard', part_number: 'S21H-HB', quantity: 1 }],
  equipmentStatus: 'operational' as const,
})

const pool = () => devices.backend.db.pool

describe('work orders on devices', () => {
  it('a technician creates an order from a template offline and closes it with its log: each row arrives once', async () => {
    await device('tech', EMAIL.tech1)
    await offline('tech')
    const order = await devices.h.call(
      'createWorkOrder',
      'tech',
      {
        organization_id: '10000000-0000-4000-8000-000000000001',
        site_id: site(2),
        equipment_id: equipment(2, 3),
        title: 'Compressor: oil leak at stage 2',
        kind: 'corrective',
        priority: 'high',
        due_on: '2026-12-04',
      },
      [
        { label: 'Find the leak', required: true, requires: 'check', unit: null },
        { label: 'Stage 2 pressure', required: true, requires: 'number', unit: 'psi' },
      ],
    )
    const steps = (await rowsOf(devices.h, 'tech', 'work_order_steps'))
      .filter((s) => s.work_order_id === order.id)
      .sort((a, b) => a.position - b.position)
    expect(steps.map((s) => [s.position, s.label, s._state])).toEqual([
      [1, 'Find the leak', 'unsynced'],
      [2, 'Stage 2 pressure', 'unsynced'],
    ])
    const refused = await devices.h.call(
      'completeWorkOrder',
      'tech',
      order.id,
      completion('Fixed leak', '2026-12-03T15:00:00.000Z'),
    )
    expect(refused).toEqual({
      ok: false,
      errors: { _row: '2 required steps are not done: Find the leak; Stage 2 pressure' },
    })
    for (const s of steps)
      await devices.h.call('answerStep', 'tech', s.id, {
        done: true,
        ...(s.requires === 'number' ? { value_number: 410 } : {}),
      })
    const done = await devices.h.call(
      'completeWorkOrder',
      'tech',
      order.id,
      completion('Replaced stage 2 packing', '2026-12-03T15:00:00.000Z'),
    )
    expect(done).toMatchObject({ ok: true, row: { status: 'done', _state: 'unsynced' } })

    await online('tech')
    await syncOk('tech')

    const server = await rowOf(pool(), 'work_orders', order.id)
    expect(server).toMatchObject({
      status: 'done',
      completed_at: '2026-12-03T15:00:00+00:00',
      created_by: '00000000-0000-4000-8000-000000000003',
    })
    const log = await rowOf(pool(), 'maintenance_logs', String(server.maintenance_log_id))
    expect(log).toMatchObject({
      equipment_id: equipment(2, 3),
      kind: 'corrective',
      summary: 'Replaced stage 2 packing',
      downtime_hours: 1.5,
    })
    const { rows } = await pool().query(
      `select label, done_at is not null as done, value_number::float as v from business.work_order_steps
       where work_order_id = $1 order by position`,
      [order.id],
    )
    expect(rows).toEqual([
      { label: 'Find the leak', done: true, v: null },
      { label: 'Stage 2 pressure', done: true, v: 410 },
    ])
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    expect((await devices.h.call('row', 'tech', 'work_orders', order.id))?._state).toBe('synced')
  })

  it('two devices close the same order offline: one order, both logs kept, the close that reached the server second in a conflict', async () => {
    await device('a', EMAIL.tech1)
    await device('b', EMAIL.office)
    await offline('a')
    await offline('b')
    // Two of its three steps are done; the last needs the hashrate.
    await devices.h.call('answerStep', 'a', step(2, 3), { done: true, value_number: 198 })
    const a = await devices.h.call(
      'completeWorkOrder',
      'a',
      HASHBOARD,
      completion('Swapped board 3 (device a)', '2026-12-03T09:00:00.000Z'),
    )
    expect(a.ok).toBe(true)
    await new Promise((r) => setTimeout(r, 30))
    await devices.h.call('answerStep', 'b', step(2, 3), { done: true, value_number: 201 })
    const b = await devices.h.call(
      'completeWorkOrder',
      'b',
      HASHBOARD,
      completion('Swapped board 3 (device b)', '2026-12-03T10:00:00.000Z'),
    )
    expect(b.ok).toBe(true)

    await online('a')
    await syncOk('a')
    await online('b')
    await syncOk('b')
    await syncOk('a')

    const { rows: orders } = await pool().query(
      `select status, completed_at, maintenance_log_id from business.work_orders where id = $1`,
      [HASHBOARD],
    )
    expect(orders).toHaveLength(1)
    expect(orders[0].status).toBe('done')
    const { rows: logs } = await pool().query<{ id: string; summary: string }>(
      `select id, summary from business.maintenance_logs where summary like 'Swapped board 3%' order by summary`,
    )
    expect(logs.map((l) => l.summary)).toEqual([
      'Swapped board 3 (device a)',
      'Swapped board 3 (device b)',
    ])
    // Device b closed it before a's close reached the server, so the server's (a's) values
    // stay and b's are kept for review: the rule of every other field (docs/sync-protocol.md).
    expect(orders[0].maintenance_log_id).toBe(logs[0]!.id)
    const { rows: conflicts } = await pool().query<{
      table_name: string
      fields: string[]
      client: Record<string, unknown>
      winner: string
    }>(
      `select table_name, fields, client, winner from business.sync_conflicts where row_id = any ($1) order by table_name`,
      [[HASHBOARD, step(2, 3)]],
    )
    expect(conflicts.map((c) => [c.table_name, [...c.fields].sort(), c.winner])).toEqual([
      ['work_order_steps', ['done_at', 'value_number'], 'server'],
      ['work_orders', ['completed_at', 'maintenance_log_id'], 'server'],
    ])
    const stepRows = await pool().query(
      'select count(*)::int as n from business.work_order_steps where work_order_id = $1',
      [HASHBOARD],
    )
    expect(stepRows.rows[0].n).toBe(3)
    for (const name of ['a', 'b']) {
      expect(await devices.h.call('row', name, 'work_orders', HASHBOARD)).toMatchObject({
        status: 'done',
        maintenance_log_id: logs[0]!.id,
        _state: 'synced',
      })
      expect(await devices.h.call('outbox', name)).toEqual([])
    }
  })

  it('a close refused because the office added a required step stays visible with its reason, and goes through once the step is done', async () => {
    await device('tech', EMAIL.tech1)
    await offline('tech')
    await devices.h.call('answerStep', 'tech', step(2, 3), { done: true, value_number: 199 })
    expect(
      await devices.h.call(
        'completeWorkOrder',
        'tech',
        HASHBOARD,
        completion('Swapped board 3', '2026-12-03T09:00:00.000Z'),
      ),
    ).toMatchObject({ ok: true })
    // Meanwhile the office adds a required step to the order.
    const added = '61000000-0000-4000-8000-000000000209'
    await pool().query(
      `insert into business.work_order_steps (id, organization_id, site_id, work_order_id, position, label, required)
       values ($1, '10000000-0000-4000-8000-000000000001', $2, $3, 4, 'Photo of the serial plate', true)`,
      [added, site(1), HASHBOARD],
    )
    await online('tech')
    // The step must be visible to pulls before this sync (see settle).
    await settle(pool())
    await devices.h.call('sync', 'tech')
    const failed = (await devices.h.call('outbox', 'tech')).filter((m) => m.state === 'failed')
    expect(failed.map((m) => [m.table, m.error?.code, m.error?.message])).toEqual([
      [
        'work_orders',
        'check_violation',
        expect.stringContaining(
          '1 required step of its checklist is open: Photo of the serial plate',
        ),
      ],
    ])
    expect((await devices.h.call('row', 'tech', 'work_orders', HASHBOARD))?._state).toBe('failed')
    expect((await rowOf(pool(), 'work_orders', HASHBOARD)).status).toBe('in_progress')

    // The tick goes on its own (an update of a step does not wait for its order's refused
    // update); then the close is sent again, after it.
    await devices.h.call('answerStep', 'tech', added, { done: true })
    await devices.h.call('sync', 'tech')
    expect((await rowOf(pool(), 'work_order_steps', added)).done_at).not.toBeNull()
    await devices.h.call('retry', 'tech', failed[0]!.seq!)
    await syncOk('tech')
    expect((await rowOf(pool(), 'work_orders', HASHBOARD)).status).toBe('done')
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
  })
})
