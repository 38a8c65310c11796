// What one pull page changes on the device, decided without touching the database. The
// executor (renderer sync/apply-page.ts) loads what pullSnapshotNeeds names, calls
// planPullPage and writes the changes and the cursor in one transaction.
import type { ClientWritableTable, ConflictRow, PeriodCloseRow, RowOf } from '../schema/tables'
import {
  isClientWritableTable as isDataTable,
  SYNCED_TABLES,
  conflictRowSchema,
  periodCloseRowSchema,
} from '../schema/tables'
import type { CacheChanges, CacheSnapshot } from './cache-draft'
import { CacheDraft } from './cache-draft'
import type { LocalRowOf } from './local-row'
import { materialize } from './local-row'
import type { PullResponse, SyncMove } from './protocol'
import { SYNC_MOVES, syncMoveSchema } from './protocol'

/**
 * The scope to record once a page is applied, and whether it differs from the one the device
 * had (then rows, conflicts and closes of the sites that left go too).
 */
export interface ScopeChange {
  siteIds: string[]
  changed: boolean
}

export interface PullPlan {
  changes: CacheChanges
  conflicts: { put: ConflictRow[]; delete: string[] }
  periodCloses: { put: PeriodCloseRow[]; delete: string[] }
  /** Null while pages remain: the scope is the last page's. */
  scope: ScopeChange | null
  /** Rows of the data tables in the page. */
  rows: number
}

export interface PullNeeds {
  /** Per table, ids whose outbox entries and local copies the plan needs. */
  ids: Map<ClientWritableTable, string[]>
  /** As the plan's: when it says changed, the executor loads the rows of the sites that left. */
  scope: ScopeChange | null
}

/** The scope a page brings (`previousScope` is the one the last complete pull recorded). */
export function pageScope(page: PullResponse, previousScope: string[] | null): ScopeChange | null {
  if (page.has_more) return null
  const siteIds = [...page.scope.site_ids].sort()
  return { siteIds, changed: JSON.stringify(siteIds) !== JSON.stringify(previousScope) }
}

/**
 * What the executor must load before planning: the page's and the moves' row ids, and
 * whether the scope changes (`previousScope` is the one the last complete pull recorded).
 */
export function pullSnapshotNeeds(page: PullResponse, previousScope: string[] | null): PullNeeds {
  const ids = new Map<ClientWritableTable, string[]>()
  const add = (table: ClientWritableTable, id: string) => {
    const list = ids.get(table)
    if (list) list.push(id)
    else ids.set(table, [id])
  }
  for (const [table, rows] of Object.entries(page.changes)) {
    if (table === SYNC_MOVES) {
      for (const m of rows.map((r) => syncMoveSchema.parse(r)))
        if (isDataTable(m.table_name)) add(m.table_name, m.row_id)
    } else if (isDataTable(table)) {
      for (const r of rows) if (typeof r.id === 'string') add(table, r.id)
    }
  }
  return { ids, scope: pageScope(page, previousScope) }
}

/** Sites the device holds rows of that are not in `scope` any more. */
export function sitesLeaving(present: Iterable<string>, scope: readonly string[]): string[] {
  const keep = new Set(scope)
  return [...new Set(present)].filter((s) => !keep.has(s))
}

/**
 * `snapshot.rows` holds the local copies of the page's and the moves' rows that have
 * unsynced edits (others are replaced outright) and, when the scope changed, every local row
 * of a site that left it.
 */
export function planPullPage(
  page: PullResponse,
  snapshot: CacheSnapshot,
  previousScope: string[] | null,
): PullPlan {
  const draft = new CacheDraft(snapshot)
  const scope = pageScope(page, previousScope)
  const plan: Omit<PullPlan, 'changes'> = {
    conflicts: { put: [], delete: [] },
    periodCloses: { put: [], delete: [] },
    scope,
    rows: 0,
  }
  const moves: SyncMove[] = []
  for (const [table, rows] of Object.entries(page.changes)) {
    if (table === SYNC_MOVES) {
      moves.push(...rows.map((r) => syncMoveSchema.parse(r)))
      continue
    }
    plan.rows += rows.length
    if (table === 'sync_conflicts') {
      plan.conflicts.put.push(...rows.map((r) => conflictRowSchema.parse(r)))
    } else if (table === 'period_closes') {
      for (const c of rows.map((r) => periodCloseRowSchema.parse(r))) {
        if (c.deleted_at) plan.periodCloses.delete.push(c.id)
        else plan.periodCloses.put.push(c)
      }
    } else if (isDataTable(table)) {
      for (const server of rows as unknown as RowOf[ClientWritableTable][]) {
        const next = materialize(
          table,
          server,
          draft.pending(table, server.id),
          draft.row(table, server.id) as LocalRowOf<typeof table> | undefined,
          { fresh: true },
        )
        if (next) draft.putRow(table, next)
        else draft.deleteRow(table, server.id)
      }
    }
  }
  // After the page's rows: a move is sent only for a row the caller cannot see any more. A
  // row with unsynced edits stays, flagged out of scope like a row of a site that left: the
  // user sees the edit fail (or go through) and decides.
  for (const move of moves) {
    if (move.table_name === 'sync_conflicts') plan.conflicts.delete.push(move.row_id)
    else if (move.table_name === 'period_closes') plan.periodCloses.delete.push(move.row_id)
    else if (isDataTable(move.table_name)) dropOrFlag(draft, move.table_name, move.row_id)
  }
  if (scope?.changed) {
    const keep = new Set(scope.siteIds)
    for (const { table, row } of [...draft.allRows()]) {
      const site = (row as unknown as Record<string, unknown>)[SYNCED_TABLES[table].siteColumn]
      if (typeof site === 'string' && !keep.has(site)) dropOrFlag(draft, table, row.id)
    }
  }
  return { ...plan, changes: draft.changes() }
}

/** Drops what the device may no longer see; a row with unsynced edits stays, flagged. */
function dropOrFlag(draft: CacheDraft, table: ClientWritableTable, id: string): void {
  const row = draft.row(table, id)
  if (row && (row._state !== 'synced' || draft.hasPending(table, id)))
    draft.putRow(table, { ...row, _outOfScope: true })
  else draft.deleteRow(table, id)
}
