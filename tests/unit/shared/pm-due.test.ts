import { describe, expect, it } from 'vitest'
import {
  duePoint,
  duePoints,
  hoursNow,
  orderIdFor,
  parsePoint,
  stepIdFor,
  unitsOf,
} from '../../../src/shared/maintenance/pm-due'

const SITE = '10000000-0000-4000-8000-000000000001'
const UNIT = '20000000-0000-4000-8000-000000000001'
const OTHER = '20000000-0000-4000-8000-000000000002'
const SCHEDULE = '63000000-0000-4000-8000-000000000001'

const unit = {
  id: UNIT,
  site_id: SITE,
  kind: 'generator' as const,
  status: 'operational' as const,
  runtime_hours: 1850,
  runtime_hours_at: '2026-11-20T00:00:00Z',
  created_at: '2026-01-01T00:00:00Z',
  deleted_at: null,
}
const hours = {
  id: SCHEDULE,
  site_id: SITE,
  equipment_id: UNIT,
  equipment_kind: null,
  every_hours: 2000,
  start_hours: 0,
  every_days: null,
  starts_on: null,
  lead: 100,
  active: true,
  deleted_at: null,
}
const days = {
  ...hours,
  every_hours: null,
  every_days: 30,
  starts_on: '2026-11-01',
  lead: 7,
}
const at = (h: number, orders: { schedule_point: string }[] = [], today = '2026-12-03') =>
  duePoint(hours, unit, {
    hours: h,
    today,
    orders: orders.map((o) => ({ ...o, schedule_id: SCHEDULE, equipment_id: UNIT })),
  })

describe('hours schedules', () => {
  it('counts the hour meter plus the runtime of readings from its reading on', () => {
    const r = (start: string, h: number | null, deleted: string | null = null) => ({
      equipment_id: UNIT,
      period_start: start,
      runtime_hours: h,
      deleted_at: deleted,
    })
    expect(
      hoursNow(unit, [
        r('2026-11-19T06:00:00Z', 24), // before the meter was read: in its 1,850
        r('2026-11-20T00:00:00Z', 23.5),
        r('2026-11-21T06:00:00Z', 24),
        r('2026-11-22T06:00:00Z', 24, '2026-11-23T00:00:00Z'), // deleted
        r('2026-11-23T06:00:00Z', null),
        { ...r('2026-11-24T06:00:00Z', 24), equipment_id: OTHER },
      ]),
    ).toBe(1897.5)
    // A unit without a reading time was read when it was registered.
    expect(
      hoursNow({ ...unit, runtime_hours_at: null }, [
        r('2025-12-31T06:00:00Z', 24),
        r('2026-01-02T06:00:00Z', 10),
      ]),
    ).toBe(1860)
  })

  it('is upcoming, then soon within the lead, then due at the point', () => {
    expect(at(1850)).toMatchObject({ point: '2000 h', state: 'upcoming', atHours: 2000 })
    expect(at(1900)).toMatchObject({ point: '2000 h', state: 'soon' })
    expect(at(2000)).toMatchObject({ point: '2000 h', state: 'due' })
    expect(at(2013.4)).toMatchObject({ point: '2000 h', state: 'due', hoursNow: 2013.4 })
  })

  it('moves to the next point once an order exists for this one, whatever became of it', () => {
    expect(at(2013, [{ schedule_point: '2000 h' }])).toMatchObject({
      point: '4000 h',
      state: 'upcoming',
    })
    // Orders of another schedule or unit do not count.
    expect(
      duePoint(hours, unit, {
        hours: 2013,
        today: '2026-12-03',
        orders: [
          { schedule_id: SCHEDULE, equipment_id: OTHER, schedule_point: '2000 h' },
          { schedule_id: OTHER, equipment_id: UNIT, schedule_point: '2000 h' },
          { schedule_id: null, equipment_id: UNIT, schedule_point: null },
        ],
      }),
    ).toMatchObject({ point: '2000 h', state: 'due' })
  })

  it('is due once at the latest point a unit ran past, not for each one missed', () => {
    expect(at(6100)).toMatchObject({ point: '6000 h', state: 'due' })
    expect(at(6100, [{ schedule_point: '2000 h' }])).toMatchObject({ point: '6000 h' })
    expect(at(6100, [{ schedule_point: '6000 h' }])).toMatchObject({
      point: '8000 h',
      state: 'upcoming',
    })
  })

  it('counts from the start hours', () => {
    const s = { ...hours, start_hours: 500, every_hours: 250 }
    const ctx = { hours: 760, today: '2026-12-03', orders: [] }
    expect(duePoint(s, unit, ctx)).toMatchObject({ point: '750 h', state: 'due' })
    expect(duePoint(s, unit, { ...ctx, hours: 100 })).toMatchObject({ point: '750 h' })
    expect(
      duePoint({ ...s, every_hours: 0.5, start_hours: 0 }, unit, { ...ctx, hours: 1.2 }),
    ).toMatchObject({ point: '1 h' })
  })
})

describe('days schedules', () => {
  const d = (today: string, orders: { schedule_point: string }[] = []) =>
    duePoint(days, unit, {
      hours: 0,
      today,
      orders: orders.map((o) => ({ ...o, schedule_id: SCHEDULE, equipment_id: UNIT })),
    })

  it('is due on its first day, overdue after, and then on every Nth day', () => {
    expect(d('2026-10-20')).toMatchObject({ point: '2026-11-01', state: 'upcoming' })
    expect(d('2026-10-25')).toMatchObject({ point: '2026-11-01', state: 'soon' })
    expect(d('2026-11-01')).toMatchObject({
      point: '2026-11-01',
      state: 'due',
      dueOn: '2026-11-01',
    })
    expect(d('2026-11-02')).toMatchObject({ point: '2026-11-01', state: 'overdue' })
    expect(d('2026-11-02', [{ schedule_point: '2026-11-01' }])).toMatchObject({
      point: '2026-12-01',
      state: 'upcoming',
    })
    expect(d('2026-11-25', [{ schedule_point: '2026-11-01' }])).toMatchObject({ state: 'soon' })
  })

  it('is overdue once at the latest day passed', () => {
    expect(d('2027-01-15')).toMatchObject({ point: '2026-12-31', state: 'overdue' })
    // An order for a day off the grid handles the grid day at or before it.
    expect(d('2026-11-20', [{ schedule_point: '2026-11-10' }])).toMatchObject({
      point: '2026-12-01',
    })
  })
})

describe('ids and coverage', () => {
  it('derives the same order and step ids everywhere, different for each point', () => {
    const id = orderIdFor(SCHEDULE, UNIT, '2000 h')
    expect(id).toBe(orderIdFor(SCHEDULE, UNIT, '2000 h'))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(
      new Set([id, orderIdFor(SCHEDULE, UNIT, '4000 h'), orderIdFor(SCHEDULE, OTHER, '2000 h')])
        .size,
    ).toBe(3)
    expect(stepIdFor(id, 1)).not.toBe(stepIdFor(id, 2))
    expect(at(2013)?.orderId).toBe(id)
    // Pinned: a derived id that changed between versions would duplicate every open order.
    expect(id).toBe('c856e61f-fdd5-50d4-b8fc-5675902b7fd0')
  })

  it('parses the points it writes', () => {
    expect(parsePoint('2000 h')).toEqual({ hours: 2000 })
    expect(parsePoint('1999.5 h')).toEqual({ hours: 1999.5 })
    expect(parsePoint('2026-12-01')).toEqual({ day: '2026-12-01' })
    expect(parsePoint('soon')).toBeNull()
  })

  it('covers a unit, or the live units of a kind at its site', () => {
    const units = [
      unit,
      { ...unit, id: OTHER },
      { ...unit, id: 'retired', status: 'retired' as const },
      { ...unit, id: 'gone', deleted_at: '2026-11-01T00:00:00Z' },
      { ...unit, id: 'miner', kind: 'miner' as const },
      { ...unit, id: 'elsewhere', site_id: 'other-site' },
    ]
    expect(unitsOf(hours, units).map((u) => u.id)).toEqual([UNIT])
    expect(
      unitsOf({ ...hours, equipment_id: null, equipment_kind: 'generator' }, units).map(
        (u) => u.id,
      ),
    ).toEqual([UNIT, OTHER])
  })

  it('skips paused and deleted schedules', () => {
    const input = {
      units: [unit],
      readings: [],
      orders: [],
      todayAt: () => '2026-12-03',
    }
    expect(duePoints({ ...input, schedules: [hours] })).toHaveLength(1)
    expect(duePoints({ ...input, schedules: [{ ...hours, active: false }] })).toEqual([])
    expect(
      duePoints({ ...input, schedules: [{ ...hours, deleted_at: '2026-12-01T00:00:00Z' }] }),
    ).toEqual([])
  })
})
