// What needs someone today, computed on the device from its own copy, so it works offline:
// meters without yesterday's reading or with gaps this month, production off its average or at
// zero, units down and for how long, overdue and due-today work. Pure: HomePage feeds it rows.
import type { EquipmentStatus, SiteStatus } from '../../../../shared/schema/tables'
import type { CalendarDay } from '../../../../shared/site-time'
import { addDays, eachDay, monthOfDay, siteDay, siteToday } from '../../../../shared/site-time'
import type { DueState } from '../work/work-rules'
import { isOpenStatus } from '../../../../shared/schema/tables'
import { dueState } from '../work/work-rules'

/** Sites that are expected to report every day. */
const REPORTING: readonly SiteStatus[] = ['active', 'curtailed', 'offline']

export interface AttentionSite {
  id: string
  name: string
  timezone: string
  status: SiteStatus
  billing_meter_id: string | null
  /** A day this many percent below its 7-day average is flagged (the office sets it per site). */
  production_drop_pct: number
}
export interface AttentionReading {
  site_id: string
  equipment_id: string | null
  period_start: string
  energy_kwh: number
  source: string
  deleted_at: string | null
}
export interface AttentionUnit {
  id: string
  site_id: string
  name: string
  status: EquipmentStatus
  status_reason: string | null
  status_changed_at: string | null
  deleted_at: string | null
}
export interface AttentionOrder {
  id: string
  site_id: string
  title: string
  status: 'open' | 'in_progress' | 'on_hold' | 'done' | 'cancelled'
  due_on: string | null
  assignee_id: string | null
  priority: 'low' | 'normal' | 'high' | 'urgent'
  deleted_at: string | null
}

export interface MissingReadings {
  siteId: string
  /** Yesterday at the site, when it has no reading on the billing meter. */
  yesterday: CalendarDay | null
  /** Days of this month up to yesterday without one (yesterday included). */
  thisMonth: CalendarDay[]
}
export interface ProductionFlag {
  siteId: string
  day: CalendarDay
  kwh: number
  average: number | null
  kind: 'drop' | 'zero' | 'negative'
  /** The site's drop threshold (%) it was judged by. */
  threshold: number
}
export interface UnitDown {
  unit: AttentionUnit
  /** Whole days since the status changed; null when the moment is not known. */
  days: number | null
}
export interface WorkDue {
  order: AttentionOrder
  due: Extract<DueState, 'overdue' | 'today'>
}

export interface Attention {
  missing: MissingReadings[]
  production: ProductionFlag[]
  down: UnitDown[]
  work: WorkDue[]
}

const billingMeter = (s: AttentionSite) => s.billing_meter_id ?? null

/** The earliest instant HomePage must read readings from for these sites. */
export function readingsFrom(sites: readonly AttentionSite[], now: number): CalendarDay {
  const days = sites.map((s) => {
    const yesterday = addDays(siteToday(s.timezone, now), -1)
    const monthStart = monthOfDay(yesterday)
    const weekBefore = addDays(yesterday, -7)
    return monthStart < weekBefore ? monthStart : weekBefore
  })
  // A day early: the earliest site's day may begin before UTC's.
  return addDays(days.sort()[0] ?? siteToday('UTC', now), -1)
}

export function attention(
  input: {
    sites: readonly AttentionSite[]
    readings: readonly AttentionReading[]
    units: readonly AttentionUnit[]
    orders: readonly AttentionOrder[]
    /** Work assigned to someone else is left out when set (a technician's own list). */
    onlyFor?: string | null
  },
  now: number,
): Attention {
  const out: Attention = { missing: [], production: [], down: [], work: [] }
  const byDay = new Map<string, Map<CalendarDay, number>>()
  const siteById = new Map(input.sites.map((s) => [s.id, s]))
  for (const r of input.readings) {
    const site = siteById.get(r.site_id)
    if (!site || r.deleted_at || r.source === 'adjustment') continue
    if ((r.equipment_id ?? null) !== billingMeter(site)) continue
    const day = siteDay(r.period_start, site.timezone)
    const days = byDay.get(site.id) ?? new Map<CalendarDay, number>()
    days.set(day, (days.get(day) ?? 0) + r.energy_kwh)
    byDay.set(site.id, days)
  }
  for (const site of input.sites) {
    if (!REPORTING.includes(site.status)) continue
    const yesterday = addDays(siteToday(site.timezone, now), -1)
    const days = byDay.get(site.id) ?? new Map<CalendarDay, number>()
    const thisMonth = eachDay(monthOfDay(yesterday), yesterday).filter((d) => !days.has(d))
    if (thisMonth.length > 0)
      out.missing.push({
        siteId: site.id,
        yesterday: days.has(yesterday) ? null : yesterday,
        thisMonth,
      })
    const kwh = days.get(yesterday)
    if (kwh === undefined) continue
    const week = eachDay(addDays(yesterday, -7), addDays(yesterday, -1))
      .map((d) => days.get(d))
      .filter((v): v is number => v !== undefined)
    const average = week.length > 0 ? week.reduce((a, b) => a + b, 0) / week.length : null
    const threshold = site.production_drop_pct
    const flag = { siteId: site.id, day: yesterday, kwh, average, threshold }
    if (kwh < 0) out.production.push({ ...flag, kind: 'negative' })
    else if (kwh === 0) out.production.push({ ...flag, kind: 'zero' })
    else if (average !== null && average > 0 && kwh < average * (1 - threshold / 100))
      out.production.push({ ...flag, kind: 'drop' })
  }
  for (const unit of input.units) {
    if (unit.deleted_at || (unit.status !== 'down' && unit.status !== 'degraded')) continue
    const since = unit.status_changed_at ? Date.parse(unit.status_changed_at) : NaN
    out.down.push({
      unit,
      days: Number.isNaN(since) ? null : Math.max(0, Math.floor((now - since) / 86_400_000)),
    })
  }
  out.down.sort((a, b) => (b.days ?? -1) - (a.days ?? -1))
  for (const order of input.orders) {
    if (order.deleted_at || !isOpenStatus(order.status)) continue
    if (input.onlyFor && order.assignee_id && order.assignee_id !== input.onlyFor) continue
    const site = siteById.get(order.site_id)
    const due = dueState(order, siteToday(site?.timezone ?? 'UTC', now))
    if (due === 'overdue' || due === 'today') out.work.push({ order, due })
  }
  out.work.sort((a, b) => (a.order.due_on ?? '').localeCompare(b.order.due_on ?? ''))
  return out
}
