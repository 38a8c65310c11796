import type { RowOf } from '../../../shared/schema/tables'
import {
  SYNCED_TABLES,
  conflictRowSchema,
  periodCloseRowSchema,
} from '../../../shared/schema/tables'
import type { OutboxEntry } from '../../../shared/sync/outbox'
import type { PullResponse, SyncMove } from '../../../shared/sync/protocol'
import { SYNC_MOVES, syncMoveSchema } from '../../../shared/sync/protocol'
import type { DataTable, LocalRowOf, OutpostDB } from '../store/db'
import { DATA_TABLES, readSyncState } from '../store/db'
import { materialize } from '../store/materialize'

export interface PageStats {
  rows: number
}

function groupByRow(entries: readonly OutboxEntry[]): Map<string, OutboxEntry[]> {
  const map = new Map<string, OutboxEntry[]>()
  for (const e of entries) map.set(e.row_id, [...(map.get(e.row_id) ?? []), e])
  return map
}

async function applyRows<T extends DataTable>(
  db: OutpostDB,
  table: T,
  rows: RowOf[T][],
): Promise<void> {
  const ids = rows.map((r) => r.id)
  const pending = groupByRow(
    await db.outbox
      .where('row_id')
      .anyOf(ids)
      .filter((e) => e.table === table)
      .toArray(),
  )
  // Only rows with unsynced edits need their local copy; the rest are replaced outright.
  const edited = ids.filter((id) => pending.has(id))
  const local = new Map(
    (await db.rows(table).bulkGet(edited)).flatMap((r) => (r ? [[r.id, r] as const] : [])),
  )
  const puts: LocalRowOf<T>[] = []
  const deletes: string[] = []
  for (const server of rows) {
    const next = materialize(table, server, pending.get(server.id) ?? [], local.get(server.id), {
      fresh: true,
    })
    if (next) puts.push(next)
    else deletes.push(server.id)
  }
  if (puts.length > 0) await db.rows(table).bulkPut(puts)
  if (deletes.length > 0) await db.rows(table).bulkDelete(deletes)
}

/**
 * Rows that moved to a site the user cannot see: the server no longer sends them, so the
 * device drops its copy. A row with unsynced edits stays, flagged out of scope like a row of
 * a site that left: the user sees the edit fail (or go through) and decides.
 */
async function applyMoves(db: OutpostDB, moves: readonly SyncMove[]): Promise<void> {
  for (const table of DATA_TABLES) {
    const ids = moves.filter((m) => m.table_name === table).map((m) => m.row_id)
    if (ids.length === 0) continue
    const edited = new Set(
      (
        await db.outbox
          .where('row_id')
          .anyOf(ids)
          .filter((e) => e.table === table)
          .toArray()
      ).map((e) => e.row_id),
    )
    await db.rows(table).bulkDelete(ids.filter((id) => !edited.has(id)))
    const keep = (await db.rows(table).bulkGet([...edited])).flatMap((r) => (r ? [r] : []))
    if (keep.length > 0)
      await db.rows(table).bulkPut(keep.map((r) => ({ ...r, _outOfScope: true })))
  }
  const ofTable = (name: string) => moves.filter((m) => m.table_name === name).map((m) => m.row_id)
  await db.conflicts.bulkDelete(ofTable('sync_conflicts'))
  await db.period_closes.bulkDelete(ofTable('period_closes'))
}

/** Drops what the device may no longer see; rows with unsynced edits stay, flagged. */
async function applyScope(db: OutpostDB, siteIds: string[]): Promise<void> {
  for (const table of DATA_TABLES) {
    const column = SYNCED_TABLES[table].siteColumn
    const outside = await db.rows(table).where(column).noneOf(siteIds).toArray()
    const keep = outside.filter((r) => r._state !== 'synced')
    await db.rows(table).bulkDelete(outside.filter((r) => r._state === 'synced').map((r) => r.id))
    if (keep.length > 0)
      await db.rows(table).bulkPut(keep.map((r) => ({ ...r, _outOfScope: true })))
  }
  await db.conflicts.where('site_id').noneOf(siteIds).delete()
  await db.period_closes.where('site_id').noneOf(siteIds).delete()
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
  const stats: PageStats = { rows: 0 }
  await db.transaction('rw', [...db.cacheTables, db.outbox, db.sync_state], async () => {
    const state = await readSyncState(db)
    if (page.reset) await clearSyncedRows(db)
    const moves: SyncMove[] = []
    for (const [table, rows] of Object.entries(page.changes)) {
      if (table === SYNC_MOVES) {
        moves.push(...rows.map((r) => syncMoveSchema.parse(r)))
        continue
      }
      stats.rows += rows.length
      if (table === 'sync_conflicts') {
        await db.conflicts.bulkPut(rows.map((r) => conflictRowSchema.parse(r)))
      } else if (table === 'period_closes') {
        const closes = rows.map((r) => periodCloseRowSchema.parse(r))
        await db.period_closes.bulkPut(closes.filter((c) => !c.deleted_at))
        await db.period_closes.bulkDelete(closes.filter((c) => c.deleted_at).map((c) => c.id))
      } else if ((DATA_TABLES as readonly string[]).includes(table)) {
        await applyRows(db, table as DataTable, rows as unknown as RowOf[DataTable][])
      }
    }
    // After the page's rows: a move is sent only for a row the caller cannot see any more.
    if (moves.length > 0) await applyMoves(db, moves)
    const scope = [...page.scope.site_ids].sort()
    const scopeChanged = JSON.stringify(scope) !== JSON.stringify(state.scope)
    if (!page.has_more && scopeChanged) await applyScope(db, scope)
    await db.sync_state.put({
      ...state,
      cursor: page.cursor,
      scope: page.has_more ? state.scope : scope,
      lastPullAt: new Date().toISOString(),
    })
  })
  return stats
}
