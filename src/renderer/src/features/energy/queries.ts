import type { Collection, InsertType } from 'dexie'
import type { LocalRowOf, OutpostDB } from '../../store/db'

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
