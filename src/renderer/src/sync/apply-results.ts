import type { OutboxEntry } from '../../../shared/sync/outbox'
import type { PushOutcome } from '../../../shared/sync/plan-push'
import {
  mergedAway,
  planPushResults,
  planRefused,
  pushSnapshotKeys,
  refersToMerged,
} from '../../../shared/sync/plan-push'
import type { PushError, PushResponse } from '../../../shared/sync/protocol'
import type { OutpostDB } from '../store/db'
import { readSyncState } from '../store/db'
import { loadSnapshot, writeChanges } from './cache-io'

/**
 * A mutation the server refused on its own, outside any per-mutation result (the whole call
 * was refused and bisection isolated it): failed, exactly as a `rejected` result.
 */
export async function parkRefused(
  db: OutpostDB,
  entry: OutboxEntry,
  error: PushError,
): Promise<void> {
  await db.transaction('rw', [...db.dataTables, db.outbox], async () => {
    const snapshot = await loadSnapshot(db, new Map([[entry.table, [entry.row_id]]]))
    await writeChanges(db, planRefused(entry, error, snapshot))
  })
}

/** Applies one push response to the outbox and the rows, in one transaction. */
export async function applyPushResults(
  db: OutpostDB,
  sent: readonly OutboxEntry[],
  response: PushResponse,
): Promise<PushOutcome> {
  return db.transaction('rw', [...db.cacheTables, db.outbox, db.sync_state], async () => {
    const keys = pushSnapshotKeys(sent, response)
    const merged = mergedAway(sent, response)
    if (merged.size > 0) {
      // Rare (a row entered on two devices), so a scan of the outbox is affordable here.
      const referring = await db.outbox.filter((e) => refersToMerged(e, merged)).toArray()
      for (const e of referring) keys.set(e.table, (keys.get(e.table) ?? new Set()).add(e.row_id))
    }
    const snapshot = await loadSnapshot(db, keys)
    const plan = planPushResults(sent, response, snapshot)
    await writeChanges(db, plan.changes)
    if (plan.conflicts.length > 0) await db.conflicts.bulkPut(plan.conflicts)
    const state = await readSyncState(db)
    await db.sync_state.put({ ...state, lastPushAt: new Date().toISOString() })
    return plan.outcome
  })
}
