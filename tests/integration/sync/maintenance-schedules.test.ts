// Preventive maintenance on devices: the real engine and IndexedDB in Chromium, supabase-js
// against the local Supabase. The same point of a schedule raised on two laptops offline is
// one order on the server; an order raised moves every device to the schedule's next point.
import { describe, expect, it } from 'vitest'
import { orderIdFor, stepIdFor } from '../../../src/shared/maintenance/pm-due'
import { useDevices } from '../../support/devices'
import { EMAIL, equipment } from '../../support/demo'

const devices = useDevices()
const { device, syncOk, offline, online } = devices
const pool = () => devices.backend.db.pool

const OIL = '63000000-0000-4000-8000-000000000001' // Generator A at Mesa Verde, every 2,000 h
const GEN_A = equipment(1, 1) // 6,848 h on its meter
const STEPS = [
  { label: 'Drain and replace engine oil', required: true, requires: 'check' as const, unit: null },
  { label: 'Oil pressure after restart', required: true, requires: 'number' as const, unit: 'psi' },
]

const pointOf = async (name: string) =>
  (
    (await devices.h.call('scheduledDue', name)) as {
      scheduleId: string
      equipmentId: string
      point: string
      state: string
    }[]
  ).find((p) => p.scheduleId === OIL && p.equipmentId === GEN_A)

describe('preventive maintenance on devices', () => {
  it('the same point raised on two laptops offline is one order, each laptop’s ticks kept', async () => {
    await device('a', EMAIL.tech1)
    await device('b', EMAIL.tech1)
    expect(await pointOf('a')).toMatchObject({ point: '6000 h', state: 'due' })
    expect(await pointOf('b')).toMatchObject({ point: '6000 h', state: 'due' })
    await offline('a')
    await offline('b')
    const id = orderIdFor(OIL, GEN_A, '6000 h')
    const a = await devices.h.call('raiseScheduled', 'a', OIL, GEN_A, STEPS)
    expect(a.id).toBe(id)
    // Raised, the point is handled on the laptop at once, offline.
    expect(await pointOf('a')).toMatchObject({ point: '8000 h', state: 'upcoming' })
    await devices.h.call('answerStep', 'a', stepIdFor(id, 1), { done: true })
    await online('a')
    await syncOk('a')
    // Laptop b, offline all along, raises the same point after a's order reached the server,
    // and does the other step: its insert is later than a's tick, and must not undo it.
    const b = await devices.h.call('raiseScheduled', 'b', OIL, GEN_A, STEPS)
    expect(b.id).toBe(id)
    await devices.h.call('answerStep', 'b', stepIdFor(id, 2), { done: true, value_number: 62 })
    await online('b')
    await syncOk('b')
    await syncOk('a')

    const { rows: orders } = await pool().query(
      `select id, kind, origin, schedule_point, status, assignee_id from business.work_orders
       where schedule_id = $1 and equipment_id = $2`,
      [OIL, GEN_A],
    )
    expect(orders).toEqual([
      {
        id,
        kind: 'preventive',
        origin: 'schedule',
        schedule_point: '6000 h',
        status: 'open',
        assignee_id: '00000000-0000-4000-8000-000000000003',
      },
    ])
    const { rows: steps } = await pool().query(
      `select id, position, done_at is not null as done, value_number::float as v
       from business.work_order_steps where work_order_id = $1 order by position`,
      [id],
    )
    expect(steps).toEqual([
      { id: stepIdFor(id, 1), position: 1, done: true, v: null },
      { id: stepIdFor(id, 2), position: 2, done: true, v: 62 },
    ])
    // b's copy of step 1 as raised (not done) met a's tick: b sent it with the values it
    // derived as its base, so the tick is a change made only on the server and stands, with no
    // conflict for the office to look at.
    const { rows: conflicts } = await pool().query(
      `select row_id, fields, winner from business.sync_conflicts where row_id = any ($1)`,
      [[id, stepIdFor(id, 1), stepIdFor(id, 2)]],
    )
    expect(conflicts).toEqual([])
    for (const name of ['a', 'b']) {
      expect(await devices.h.call('outbox', name)).toEqual([])
      expect(await pointOf(name)).toMatchObject({ point: '8000 h', state: 'upcoming' })
      const local = await devices.h.call('row', name, 'work_order_steps', stepIdFor(id, 1))
      expect(local && 'done_at' in local ? local.done_at : null).not.toBeNull()
    }
  })

  it('a laptop that pulls an order raised elsewhere moves on to the next point, and an hour meter reading moves the point', async () => {
    await device('tech', EMAIL.tech1)
    await device('office', EMAIL.office)
    await devices.h.call('raiseScheduled', 'office', OIL, GEN_A, STEPS)
    await syncOk('office')
    await syncOk('tech')
    expect(await pointOf('tech')).toMatchObject({ point: '8000 h', state: 'upcoming' })
    // The technician reads 7,850 h off the meter: within the 200 h lead of 8,000 h.
    await devices.h.call('update', 'tech', 'equipment', GEN_A, { runtime_hours: 7850 })
    expect(await pointOf('tech')).toMatchObject({ point: '8000 h', state: 'soon' })
    await syncOk('tech')
    const { rows } = await pool().query(
      `select runtime_hours::float as h, runtime_hours_at is not null as stamped from business.equipment where id = $1`,
      [GEN_A],
    )
    expect(rows).toEqual([{ h: 7850, stamped: true }])
    await syncOk('office')
    expect(await pointOf('office')).toMatchObject({ point: '8000 h', state: 'soon' })
  })
})
