// What one push response changes on the device, decided without touching the database: the
// executor (renderer sync/apply-results.ts) loads the rows named by pushSnapshotKeys, calls
// planPushResults and writes the changes back in one transaction.
import type { ClientWritableTable, ConflictRow, RowOf } from '../schema/tables'
import { conflictRowSchema, referencesOf } from '../schema/tables'
import type { CacheChanges, CacheSnapshot } from './cache-draft'
import { CacheDraft } from './cache-draft'
import type { LocalRowOf } from './local-row'
import { materialize } from './local-row'
import type { OutboxEntry } from './outbox'
import type { JsonObject, PushError, PushResponse } from './protocol'

export interface PushOutcome {
  applied: number
  conflicts: number
  rejected: number
  /**
   * Mutation ids back to pending to be sent again later with the same id: the server answered
   * `retry` (a transient database error) or, against the protocol, nothing for them.
   */
  deferred: string[]
}

export interface PushPlan {
  outcome: PushOutcome
  changes: CacheChanges
  /** The conflicts the server recorded, as the next pull would bring them. */
  conflicts: ConflictRow[]
}

const REFUSED: PushError = { code: 'rejected', message: 'The server refused this change' }

/**
 * The rows a response can touch: every sent row and every row a merge points to. Rows that
 * name a merged row (refersToMerged) are added by the caller, which can search the outbox.
 */
export function pushSnapshotKeys(
  sent: readonly OutboxEntry[],
  response: PushResponse,
): Map<ClientWritableTable, Set<string>> {
  const keys = new Map<ClientWritableTable, Set<string>>()
  const add = (table: ClientWritableTable, id: string) =>
    keys.set(table, (keys.get(table) ?? new Set()).add(id))
  for (const entry of sent) add(entry.table, entry.row_id)
  for (const [table, ids] of mergedAway(sent, response))
    for (const id of ids.values()) add(table, id)
  return keys
}

/**
 * Rows whose insert the response says was merged into another row (the same unit registered on
 * two laptops): per table, the device's own id → the id of the row it became.
 */
export function mergedAway(
  sent: readonly OutboxEntry[],
  response: PushResponse,
): Map<ClientWritableTable, Map<string, string>> {
  const merged = new Map<ClientWritableTable, Map<string, string>>()
  const byId = new Map(response.results.map((r) => [r.id, r]))
  for (const entry of sent) {
    const id = byId.get(entry.id)?.row?.id
    if (typeof id === 'string' && id !== entry.row_id)
      merged.set(
        entry.table,
        (merged.get(entry.table) ?? new Map<string, string>()).set(entry.row_id, id),
      )
  }
  return merged
}

/** The values with each reference to `from` (a row of `target`) replaced by `to`; null if none. */
function retarget<T extends Record<string, unknown>>(
  table: ClientWritableTable,
  values: T,
  target: ClientWritableTable,
  from: string,
  to: string,
): T | null {
  let out: T | null = null
  for (const [col, refTable] of referencesOf(table))
    if (refTable === target && values[col] === from) out = { ...(out ?? values), [col]: to }
  return out
}

/** Whether an outbox entry names a row in `merged` (mergedAway) and must be loaded to follow it. */
export function refersToMerged(
  entry: OutboxEntry,
  merged: ReadonlyMap<ClientWritableTable, ReadonlyMap<string, string>>,
): boolean {
  return referencesOf(entry.table).some(([col, target]) => {
    const ref = entry.data[col]
    return typeof ref === 'string' && (merged.get(target)?.has(ref) ?? false)
  })
}

/**
 * The device's rows and queued edits that name a row merged away now name the row it became,
 * so a log entered against a unit registered twice stays on that unit. Edits already sent
 * change too: the server reads their reference the same way (migration 20261204000100).
 */
function followMerge(
  draft: CacheDraft,
  target: ClientWritableTable,
  from: string,
  to: string,
): void {
  for (const e of draft.allEntries()) {
    const data = retarget(e.table, e.data, target, from, to)
    if (data) draft.updateEntry(e.seq!, { data })
  }
  for (const { table, row } of [...draft.allRows()]) {
    const next = retarget(table, row, target, from, to)
    if (next) draft.putRow(table, next)
  }
}

/**
 * Puts the row right after a result: `server` is the row the result carries (fresh: the user
 * can see it) or, for a refused entry, the last server version the device knew.
 */
function settleRow(
  draft: CacheDraft,
  entry: OutboxEntry,
  server: JsonObject | null,
  fresh: boolean,
): void {
  const table = entry.table
  const serverId = typeof server?.id === 'string' ? server.id : entry.row_id
  if (serverId !== entry.row_id) {
    // Merged into an existing row (the same reading entered twice): the device's row becomes
    // that row, and its later edits follow it.
    draft.deleteRow(table, entry.row_id)
    for (const m of draft.pending(table, entry.row_id))
      draft.updateEntry(m.seq!, { row_id: serverId, op: m.op === 'insert' ? 'update' : m.op })
    followMerge(draft, table, entry.row_id, serverId)
  }
  const current = draft.row(table, serverId) as LocalRowOf<typeof table> | undefined
  const next = materialize(
    table,
    (server as RowOf[typeof table] | null) ?? null,
    draft.pending(table, serverId),
    current,
    { fresh },
  )
  if (next) draft.putRow(table, next)
  else if (current) draft.deleteRow(table, serverId)
}

/** The entry waits for a person (Fix, Retry, Discard), with the reason; the row shows it failed. */
function markFailed(draft: CacheDraft, entry: OutboxEntry, error: PushError): void {
  draft.updateEntry(entry.seq!, { state: 'failed', error })
  settleRow(draft, entry, draft.row(entry.table, entry.row_id)?._base ?? null, false)
}

/**
 * A mutation the server refused on its own, outside any per-mutation result (the whole call
 * was refused and bisection isolated it): failed, exactly as a `rejected` result.
 */
export function planRefused(
  entry: OutboxEntry,
  error: PushError,
  snapshot: CacheSnapshot,
): CacheChanges {
  const draft = new CacheDraft(snapshot)
  markFailed(draft, entry, error)
  return draft.changes()
}

/** Applies one push response, in the order the mutations were sent. */
export function planPushResults(
  sent: readonly OutboxEntry[],
  response: PushResponse,
  snapshot: CacheSnapshot,
): PushPlan {
  const draft = new CacheDraft(snapshot)
  const byId = new Map(response.results.map((r) => [r.id, r]))
  const outcome: PushOutcome = { applied: 0, conflicts: 0, rejected: 0, deferred: [] }
  const conflicts: ConflictRow[] = []
  /** Rows whose mutation in this batch was not applied yet (deferred). */
  const deferredRows = new Set<string>()
  for (const entry of sent) {
    const result = byId.get(entry.id)
    // A rejection of a mutation that depends on one deferred in this same batch (a log for
    // equipment whose insert met a deadlock) says nothing about the mutation itself: it was
    // judged without its parent. Rejections are not recorded, so it is sent again too.
    const orphaned =
      result?.status === 'rejected' &&
      (deferredRows.has(entry.row_id) ||
        referencesOf(entry.table).some(([col]) => {
          const ref = entry.data[col]
          return typeof ref === 'string' && deferredRows.has(ref)
        }))
    if (!result || result.status === 'retry' || orphaned) {
      // Nothing changed on the server and nothing was recorded: the same mutation goes again
      // later. Its row keeps showing the edit as unsynced.
      outcome.deferred.push(entry.id)
      deferredRows.add(entry.row_id)
      draft.updateEntry(entry.seq!, { state: 'pending' })
      continue
    }
    if (result.status === 'rejected') {
      outcome.rejected++
      markFailed(draft, entry, result.error ?? REFUSED)
      continue
    }
    draft.deleteEntry(entry.seq!)
    if (result.status === 'conflict') {
      outcome.conflicts++
      // The server's own record, as the next pull would bring it; an older server sends none,
      // and then the pull does.
      const recorded = conflictRowSchema.safeParse(result.conflict)
      if (recorded.success) conflicts.push(recorded.data)
    } else {
      outcome.applied++
    }
    settleRow(draft, entry, result.row, true)
  }
  return { outcome, changes: draft.changes(), conflicts }
}
