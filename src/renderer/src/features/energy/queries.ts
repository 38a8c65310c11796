import type { Collection, InsertType } from 'dexie'
import type { LocalRowOf, OutpostDB } from '../../store/db'
import type { Meter } from './entry-logic'
import { isDailyReading, meterOf } from './entry-logic'
import { addDays, siteDay, startOfSiteDay } from '../../../../shared/site-time'

export interface ReadingFilter {
  /** A site id, or '' for every site. */
  site: string
  /** YYYY-MM-DD bounds, or ''. */
  from: string
  to: string
}

type Reading = LocalRowOf<'energy_production'>
type Readings = Collection<Reading, string, InsertType<Reading, 'id'>>

/** The filter as an index range, so rows come in period order without a sort in JavaScript. */
function rangeOf(db: OutpostDB, filter: ReadingFilter): Readings {
  const lower = filter.from ? new Date(filter.from).toISOString() : ''
  const upper = filter.to ? new Date(`${filter.to}T23:59:59Z`).toISOString() : '\uffff'
  return filter.site
    ? db.energy_production
        .where('[site_id+period_start]')
        .between([filter.site, lower], [filter.site, upper], true, true)
    : db.energy_production.where('period_start').between(lower, upper, true, true)
}

/** Live readings, newest first, at most `limit` of them (a live query must stay cheap at 100k). */
export function filteredReadings(
  db: OutpostDB,
  filter: ReadingFilter,
  limit = Number.POSITIVE_INFINITY,
): Promise<LocalRowOf<'energy_production'>[]> {
  return rangeOf(db, filter)
    .reverse()
    .filter((r) => !r.deleted_at)
    .limit(limit)
    .toArray()
}

/** How many readings the filter's range holds (index only). */
export function countReadings(db: OutpostDB, filter: ReadingFilter): Promise<number> {
  return rangeOf(db, filter).count()
}

/** Site-local day helpers for the entry form's queries (stored strings vary in format). */
function dayBounds(day: string, timeZone: string): { lower: string; upper: string } {
  // A day either side, then the exact local day in JavaScript: the index compares strings and
  // a server "…+00:00" and a device "….000Z" of the same instant sort differently.
  return {
    lower: startOfSiteDay(addDays(day, -1), timeZone),
    upper: startOfSiteDay(addDays(day, 2), timeZone),
  }
}

/** Every reading of a site (all meters, adjustments too) on one site-local day. */
export async function readingsOnDay(
  db: OutpostDB,
  siteId: string,
  day: string,
  timeZone: string,
): Promise<Reading[]> {
  const { lower, upper } = dayBounds(day, timeZone)
  return (
    await db.energy_production
      .where('[site_id+period_start]')
      .between([siteId, lower], [siteId, upper], true, false)
      .toArray()
  ).filter((r) => !r.deleted_at && siteDay(r.period_start, timeZone) === day)
}

/** A meter's newest daily readings before a day (all of them when `beforeDay` is omitted), newest first. */
export async function meterReadings(
  db: OutpostDB,
  siteId: string,
  meter: Meter,
  timeZone: string,
  limit: number,
  beforeDay?: string,
): Promise<Reading[]> {
  const upper = beforeDay ? dayBounds(beforeDay, timeZone).upper : '\uffff'
  const range = meter
    ? db.energy_production.where('[equipment_id+period_start]').between([meter, ''], [meter, upper])
    : db.energy_production.where('[site_id+period_start]').between([siteId, ''], [siteId, upper])
  return range
    .reverse()
    .filter(
      (r) =>
        isDailyReading(r) &&
        meterOf(r) === meter &&
        r.site_id === siteId &&
        (beforeDay === undefined || siteDay(r.period_start, timeZone) < beforeDay),
    )
    .limit(limit)
    .toArray()
}

/** The live daily reading already holding a meter's slot at an instant, if any. */
export function getReading(
  db: OutpostDB,
  id: string,
): Promise<LocalRowOf<'energy_production'> | undefined> {
  return db.energy_production.get(id)
}

/** Readings that start at or after `since`, of one site or (siteId undefined) of all. */
export function readingsSince(
  db: OutpostDB,
  since: string,
  siteId?: string,
): Promise<LocalRowOf<'energy_production'>[]> {
  return siteId === undefined
    ? db.energy_production.where('period_start').aboveOrEqual(since).toArray()
    : db.energy_production
        .where('[site_id+period_start]')
        .between([siteId, since], [siteId, '\uffff'])
        .toArray()
}

export async function sameSlotOnDevice(
  db: OutpostDB,
  siteId: string,
  equipmentId: string | null,
  periodStart: string,
  source: string,
): Promise<Reading | undefined> {
  const t = Date.parse(periodStart)
  if (source === 'adjustment' || Number.isNaN(t)) return undefined
  const lower = new Date(t - 86_400_000).toISOString()
  const upper = new Date(t + 86_400_000).toISOString()
  return db.energy_production
    .where('[site_id+period_start]')
    .between([siteId, lower], [siteId, upper])
    .filter(
      (r) =>
        isDailyReading(r) &&
        (r.equipment_id ?? null) === equipmentId &&
        Date.parse(r.period_start) === t,
    )
    .first()
}
