// When preventive maintenance falls due, decided from synced rows alone, so every device (and
// a test) reaches the same answer offline: which due point of a schedule a unit is at, whether
// it is due soon or due, and the id its work order gets.
//
// A schedule's due points are fixed by the schedule, not by when work was last done: every N
// runtime hours from its start hours (2000 h, 4000 h, …) or every N days from its first day.
// A point is handled once a work order exists for it, whatever became of the order (done,
// cancelled, deleted); a unit that ran past several points without one is due at the latest
// of them only, not for a backlog of each. An order for a point off the schedule's grid (the
// interval was changed) handles the grid point at or before it. Fixed points are what lets two devices agree: the
// order's id derives from schedule, unit and point (orderIdFor), so two devices raising it
// offline push the same row and the server merges them (docs/preventive-maintenance.md).
import { v5 as uuidv5 } from 'uuid'
import type {
  EquipmentRow,
  EnergyReadingRow,
  MaintenanceScheduleRow,
  WorkOrderRow,
} from '../schema/tables'
import type { CalendarDay } from '../site-time'
import { addDays, daysBetween } from '../site-time'

/** The namespace of derived ids (RFC 9562 name-based, SHA-1): fixed forever, or ids change. */
const PM_NAMESPACE = '5d3c2a6e-4f1b-5c8d-9e7a-0b1c2d3e4f50'

export type DueState = 'upcoming' | 'soon' | 'due' | 'overdue'

export interface DuePoint {
  scheduleId: string
  equipmentId: string
  /** "2000 h" or "2026-12-10", as work_orders.schedule_point stores it. */
  point: string
  state: DueState
  /** Hours schedules: the point and the unit's hours now. */
  atHours: number | null
  hoursNow: number | null
  /** Days schedules: the day it is due. */
  dueOn: CalendarDay | null
  /** The id the order for this point has on every device. */
  orderId: string
}

type Schedule = Pick<
  MaintenanceScheduleRow,
  | 'id'
  | 'site_id'
  | 'equipment_id'
  | 'equipment_kind'
  | 'every_hours'
  | 'start_hours'
  | 'every_days'
  | 'starts_on'
  | 'lead'
  | 'active'
  | 'deleted_at'
>
type Unit = Pick<
  EquipmentRow,
  | 'id'
  | 'site_id'
  | 'kind'
  | 'status'
  | 'runtime_hours'
  | 'runtime_hours_at'
  | 'created_at'
  | 'deleted_at'
>
type Reading = Pick<
  EnergyReadingRow,
  'equipment_id' | 'period_start' | 'runtime_hours' | 'deleted_at'
>
type Order = Pick<WorkOrderRow, 'schedule_id' | 'equipment_id' | 'schedule_point'>

export const hoursPoint = (hours: number): string => `${roundHours(hours)} h`

const roundHours = (h: number): number => Math.round(h * 10) / 10

/** The point's hour count or day; null for a string that is neither. */
export function parsePoint(point: string): { hours: number } | { day: CalendarDay } | null {
  const h = /^(\d{1,7}(?:\.\d)?) h$/.exec(point)
  if (h) return { hours: Number(h[1]) }
  return /^\d{4}-\d{2}-\d{2}$/.test(point) ? { day: point } : null
}

export function orderIdFor(scheduleId: string, equipmentId: string, point: string): string {
  return uuidv5(`work_order/${scheduleId}/${equipmentId}/${point}`, PM_NAMESPACE)
}

/** A step of a derived order gets a derived id too, so two devices' checklists merge row by row. */
export function stepIdFor(orderId: string, position: number): string {
  return uuidv5(`work_order_step/${orderId}/${position}`, PM_NAMESPACE)
}

/**
 * The unit's hours now: its hour meter as last read, plus the runtime of its readings that
 * start at or after that reading (a unit registered without a reading time was read when it
 * was registered).
 */
export function hoursNow(unit: Unit, readings: readonly Reading[]): number {
  const since = Date.parse(unit.runtime_hours_at ?? unit.created_at)
  let hours = unit.runtime_hours
  for (const r of readings) {
    if (r.equipment_id !== unit.id || r.deleted_at || typeof r.runtime_hours !== 'number') continue
    if (Date.parse(r.period_start) >= since) hours += r.runtime_hours
  }
  return roundHours(hours)
}

/** The units a schedule covers: its unit, or the live units of its kind at its site. */
export function unitsOf<U extends Unit>(schedule: Schedule, units: readonly U[]): U[] {
  return units.filter(
    (u) =>
      !u.deleted_at &&
      u.status !== 'retired' &&
      (schedule.equipment_id
        ? u.id === schedule.equipment_id
        : u.site_id === schedule.site_id && u.kind === schedule.equipment_kind),
  )
}

function handledIndex(
  orders: readonly Order[],
  schedule: Schedule,
  unitId: string,
  indexOf: (point: string) => number | null,
): number | null {
  let last: number | null = null
  for (const o of orders) {
    if (o.schedule_id !== schedule.id || o.equipment_id !== unitId || !o.schedule_point) continue
    const k = indexOf(o.schedule_point)
    if (k !== null && (last === null || k > last)) last = k
  }
  return last
}

/**
 * The point a schedule has a unit at: the latest point passed and not handled, or else the
 * next one. Null for a schedule that is paused or deleted.
 */
export function duePoint(
  schedule: Schedule,
  unit: Unit,
  context: { hours: number; today: CalendarDay; orders: readonly Order[] },
): DuePoint | null {
  if (!schedule.active || schedule.deleted_at) return null
  const base = { scheduleId: schedule.id, equipmentId: unit.id }
  if (schedule.every_hours !== null) {
    const every = schedule.every_hours
    const start = schedule.start_hours
    const at = (k: number) => roundHours(start + k * every)
    const last = handledIndex(context.orders, schedule, unit.id, (p) => {
      const parsed = parsePoint(p)
      return parsed && 'hours' in parsed ? Math.floor((parsed.hours - start) / every + 1e-9) : null
    })
    const passed = Math.floor((context.hours - start) / every + 1e-9)
    const k = passed >= 1 && passed > (last ?? 0) ? passed : Math.max(last ?? 0, 0) + 1
    const atHours = at(k)
    const point = hoursPoint(atHours)
    const state: DueState =
      context.hours >= atHours
        ? 'due'
        : context.hours >= atHours - schedule.lead
          ? 'soon'
          : 'upcoming'
    return {
      ...base,
      point,
      state,
      atHours,
      hoursNow: context.hours,
      dueOn: null,
      orderId: orderIdFor(schedule.id, unit.id, point),
    }
  }
  if (schedule.every_days === null || !schedule.starts_on) return null
  const every = schedule.every_days
  const first = schedule.starts_on
  const dayIndex = (day: CalendarDay) => daysBetween(first, day)
  const last = handledIndex(context.orders, schedule, unit.id, (p) => {
    const parsed = parsePoint(p)
    if (!parsed || !('day' in parsed)) return null
    return Math.floor(dayIndex(parsed.day) / every)
  })
  const elapsed = dayIndex(context.today)
  const passed = elapsed >= 0 ? Math.floor(elapsed / every) : -1
  const k = passed >= 0 && passed > (last ?? -1) ? passed : (last ?? -1) + 1
  const dueOn = addDays(first, k * every)
  const state: DueState =
    context.today > dueOn
      ? 'overdue'
      : context.today === dueOn
        ? 'due'
        : context.today >= addDays(dueOn, -Math.floor(schedule.lead))
          ? 'soon'
          : 'upcoming'
  return {
    ...base,
    point: dueOn,
    state,
    atHours: null,
    hoursNow: null,
    dueOn,
    orderId: orderIdFor(schedule.id, unit.id, dueOn),
  }
}

/** Every schedule's point for every unit it covers; callers filter by state. */
export function duePoints(input: {
  schedules: readonly Schedule[]
  units: readonly Unit[]
  readings: readonly Reading[]
  orders: readonly Order[]
  todayAt: (siteId: string) => CalendarDay
}): DuePoint[] {
  const byUnit = new Map<string, Reading[]>()
  for (const r of input.readings) {
    if (!r.equipment_id) continue
    const list = byUnit.get(r.equipment_id)
    if (list) list.push(r)
    else byUnit.set(r.equipment_id, [r])
  }
  const out: DuePoint[] = []
  for (const schedule of input.schedules) {
    for (const unit of unitsOf(schedule, input.units)) {
      const due = duePoint(schedule, unit, {
        hours: hoursNow(unit, byUnit.get(unit.id) ?? []),
        today: input.todayAt(unit.site_id),
        orders: input.orders,
      })
      if (due) out.push(due)
    }
  }
  return out
}

export const isDueNow = (d: Pick<DuePoint, 'state'>): boolean =>
  d.state === 'due' || d.state === 'overdue'
export const needsAttention = (d: Pick<DuePoint, 'state'>): boolean => d.state !== 'upcoming'
