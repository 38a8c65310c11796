import { SYNCED_TABLES } from '../../../shared/schema/tables'
import { planPullPage, pullSnapshotNeeds, sitesLeaving } from '../../../shared/sync/plan-pull'
import type { PullResponse } from '../../../shared/sync/protocol'
import type { OutpostDB } from '../store/db'
import { DATA_TABLES, readSyncState } from '../store/db'
import { entriesOf, rowsById, writeChanges } from './cache-io'

export interface PageStats {
  rows: number
}

/** Forgets every cached row that has no unsynced edits (a reset, or another user). */
export async function clearSyncedRows(db: OutpostDB): Promise<void> {
  for (const table of DATA_TABLES) await db.rows(table).where('_state').equals('synced').delete()
  await db.conflicts.clear()
  await db.period_closes.clear()
}

/**
 * Applies one pull page and stores its cursor in the same transaction: after a crash the
 * next pull resumes exactly after the last page applied, never skipping or re-applying one.
 */
export async function applyPage(db: OutpostDB, page: PullResponse): Promise<PageStats> {
  return db.transaction('rw', [...db.cacheTables, db.outbox, db.sync_state], async () => {
    const state = await readSyncState(db)
    if (page.reset) await clearSyncedRows(db)
    const needs = pullSnapshotNeeds(page, state.scope)
    const outbox = await entriesOf(db, needs.ids)
    // Only rows with unsynced edits need their local copy; the rest are replaced outright.
    const edited = new Map(DATA_TABLES.map((t) => [t, new Set<string>()]))
    for (const e of outbox) edited.get(e.table)!.add(e.row_id)
    const rows = await rowsById(db, edited)
    if (needs.scope?.changed) {
      // Only the sites that left are read: a key-only walk of the site index finds them, so a
      // scope change costs the rows that go, not the rows that stay.
      for (const table of DATA_TABLES) {
        const column = SYNCED_TABLES[table].siteColumn
        const present = (await db.rows(table).orderBy(column).uniqueKeys()) as string[]
        const leaving = sitesLeaving(present, needs.scope.siteIds)
        if (leaving.length === 0) continue
        const outside = await db.rows(table).where(column).anyOf(leaving).toArray()
        rows.set(table, [...(rows.get(table) ?? []), ...outside])
      }
    }
    const plan = planPullPage(page, { rows, outbox }, state.scope)
    await writeChanges(db, plan.changes)
    if (plan.conflicts.put.length > 0) await db.conflicts.bulkPut(plan.conflicts.put)
    if (plan.conflicts.delete.length > 0) await db.conflicts.bulkDelete(plan.conflicts.delete)
    if (plan.periodCloses.put.length > 0) await db.period_closes.bulkPut(plan.periodCloses.put)
    if (plan.periodCloses.delete.length > 0)
      await db.period_closes.bulkDelete(plan.periodCloses.delete)
    if (plan.scope?.changed) {
      await db.conflicts.where('site_id').noneOf(plan.scope.siteIds).delete()
      await db.period_closes.where('site_id').noneOf(plan.scope.siteIds).delete()
    }
    await db.sync_state.put({
      ...state,
      cursor: page.cursor,
      scope: plan.scope ? plan.scope.siteIds : state.scope,
      lastPullAt: new Date().toISOString(),
    })
    return { rows: plan.rows }
  })
}
