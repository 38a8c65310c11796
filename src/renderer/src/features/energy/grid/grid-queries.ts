// The grid's reads of this laptop's copy (the readings' own queries are in ../queries.ts).
import { explainRejection } from '../../../sync/explain-rejection'
import type { LocalRowOf, OutpostDB } from '../../../store/db'
import { isMonthClosed, listConflicts } from '../../../store/queries'
import type { Meter } from '../entry-logic'
import { meterReadings } from '../queries'
import { addDays, monthOfDay, siteDay, startOfSiteDay } from '../../../../../shared/site-time'

type Reading = LocalRowOf<'energy_production'>

/** A site's live readings (adjustments too) on the site days `from`…`to`. */
export async function readingsInRange(
  db: OutpostDB,
  siteId: string,
  from: string,
  to: string,
  timeZone: string,
): Promise<Reading[]> {
  // A day either side, then the exact site days in JavaScript: stored instants differ in
  // format ("…+00:00" from the server, "….000Z" from a device) and the index compares strings.
  const lower = startOfSiteDay(addDays(from, -1), timeZone)
  const upper = startOfSiteDay(addDays(to, 2), timeZone)
  const rows = await db.energy_production
    .where('[site_id+period_start]')
    .between([siteId, lower], [siteId, upper], true, false)
    .toArray()
  return rows.filter((r) => {
    if (r.deleted_at) return false
    const day = siteDay(r.period_start, timeZone)
    return day >= from && day <= to
  })
}

/** Each meter's 14 newest daily readings before `from`: what the warnings of the first days compare with. */
export async function historyBefore(
  db: OutpostDB,
  siteId: string,
  meters: readonly Meter[],
  from: string,
  timeZone: string,
): Promise<Reading[]> {
  const lists = await Promise.all(
    meters.map((m) => meterReadings(db, siteId, m, timeZone, 14, from)),
  )
  return lists.flat()
}

/** The months of `days` the office closed for the site. */
export async function closedMonthsOf(
  db: OutpostDB,
  siteId: string,
  days: readonly string[],
): Promise<Set<string>> {
  const months = [...new Set(days.map(monthOfDay))]
  const closed = await Promise.all(months.map((m) => isMonthClosed(db, siteId, m)))
  return new Set(months.filter((_, i) => closed[i]))
}

export interface Refusal {
  /** The outbox entry the server refused (Discard and Send again act on it). */
  seq: number
  message: string
}

/** Readings whose last edit the server refused, with why in words, and those in open conflict. */
export async function refusalsAndConflicts(
  db: OutpostDB,
): Promise<{ refusals: Map<string, Refusal>; conflicts: Set<string> }> {
  const [failed, open] = await Promise.all([
    db.outbox.where('state').equals('failed').toArray(),
    listConflicts(db, { open: true }),
  ])
  const refusals = new Map<string, Refusal>()
  for (const e of failed)
    if (e.table === 'energy_production' && e.seq !== undefined)
      refusals.set(e.row_id, { seq: e.seq, message: explainRejection(e.error) })
  const conflicts = new Set(
    open.filter((c) => c.table_name === 'energy_production').map((c) => c.row_id),
  )
  return { refusals, conflicts }
}
