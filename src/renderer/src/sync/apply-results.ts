import type { RowOf } from '../../../shared/schema/tables'
import { SYNCED_TABLES, conflictRowSchema } from '../../../shared/schema/tables'
import type { OutboxEntry } from '../../../shared/sync/outbox'
import type { JsonObject, PushError, PushResponse } from '../../../shared/sync/protocol'
import type { DataTable, OutpostDB } from '../store/db'
import { readSyncState } from '../store/db'
import { materialize } from '../store/materialize'

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

/**
 * Puts the row right after a result: `server` is the row the result carries (fresh: the user
 * can see it) or, for a refused entry, the last server version the device knew.
 */
async function settleRow(
  db: OutpostDB,
  entry: OutboxEntry,
  server: JsonObject | null,
  fresh: boolean,
): Promise<void> {
  const table = entry.table
  const rows = db.rows(table)
  const serverId = typeof server?.id === 'string' ? server.id : entry.row_id
  if (serverId !== entry.row_id) {
    // Merged into an existing row (the same reading entered twice): the device's row becomes
    // that row, and its later edits follow it.
    await rows.delete(entry.row_id)
    await db.outbox
      .where('[table+row_id]')
      .equals([entry.table, entry.row_id])
      .modify((m) => {
        m.row_id = serverId
        if (m.op === 'insert') m.op = 'update'
      })
  }
  const current = await rows.get(serverId)
  const pending = await db.outbox.where('[table+row_id]').equals([entry.table, serverId]).toArray()
  const next = materialize(table, (server as RowOf[DataTable] | null) ?? null, pending, current, {
    fresh,
  })
  if (next) await rows.put(next)
  else if (current) await rows.delete(serverId)
}

/** The entry waits for a person (Fix, Retry, Discard), with the reason; the row shows it failed. */
async function markFailed(db: OutpostDB, entry: OutboxEntry, error: PushError): Promise<void> {
  await db.outbox.update(entry.seq, { state: 'failed', error })
  await settleRow(
    db,
    { ...entry, state: 'failed' },
    (await db.rows(entry.table).get(entry.row_id))?._base ?? null,
    false,
  )
}

/**
 * A mutation the server refused on its own, outside any per-mutation result (the whole call
 * was refused and bisection isolated it): failed, exactly as a `rejected` result.
 */
export async function parkRefused(
  db: OutpostDB,
  entry: OutboxEntry,
  error: PushError,
): Promise<void> {
  await db.transaction('rw', [...db.dataTables, db.outbox], () => markFailed(db, entry, error))
}

/** Applies one push response to the outbox and the rows, in one transaction. */
export async function applyPushResults(
  db: OutpostDB,
  sent: readonly OutboxEntry[],
  response: PushResponse,
): Promise<PushOutcome> {
  const byId = new Map(response.results.map((r) => [r.id, r]))
  const outcome: PushOutcome = { applied: 0, conflicts: 0, rejected: 0, deferred: [] }
  /** Rows whose mutation in this batch was not applied yet (deferred). */
  const deferredRows = new Set<string>()
  await db.transaction('rw', [...db.cacheTables, db.outbox, db.sync_state], async () => {
    for (const entry of sent) {
      const result = byId.get(entry.id)
      // A rejection of a mutation that depends on one deferred in this same batch (a log for
      // equipment whose insert met a deadlock) says nothing about the mutation itself: it
      // was judged without its parent. Rejections are not recorded, so it is sent again too.
      const orphaned =
        result?.status === 'rejected' &&
        (deferredRows.has(entry.row_id) ||
          SYNCED_TABLES[entry.table].references.some((col) => {
            const ref = entry.data[col]
            return typeof ref === 'string' && deferredRows.has(ref)
          }))
      if (!result || result.status === 'retry' || orphaned) {
        // Nothing changed on the server and nothing was recorded: the same mutation goes
        // again later. Its row keeps showing the edit as pending.
        outcome.deferred.push(entry.id)
        deferredRows.add(entry.row_id)
        await db.outbox.update(entry.seq, { state: 'pending' })
        continue
      }
      if (result.status === 'rejected') {
        outcome.rejected++
        await markFailed(
          db,
          entry,
          result.error ?? { code: 'rejected', message: 'The server refused this change' },
        )
        continue
      }
      await db.outbox.delete(entry.seq)
      if (result.status === 'conflict') {
        outcome.conflicts++
        // The server's own record, as the next pull would bring it; an older server sends
        // none, and then the pull does.
        const recorded = conflictRowSchema.safeParse(result.conflict)
        if (recorded.success) await db.conflicts.put(recorded.data)
      } else {
        outcome.applied++
      }
      await settleRow(db, entry, result.row, true)
    }
    const state = await readSyncState(db)
    await db.sync_state.put({ ...state, lastPushAt: new Date().toISOString() })
  })
  return outcome
}
