import { referencesOf } from '../schema/tables'
import type { OutboxEntry } from './outbox'
import { MAX_PUSH_BATCH } from './protocol'

export type HoldReason = 'failed' | 'deferred' | 'waits_for_failed' | 'other_user'

export interface BatchPlan {
  batch: OutboxEntry[]
  held: { entry: OutboxEntry; reason: HoldReason }[]
}

/**
 * Picks the next mutations to push, in outbox order. A mutation never goes before one it
 * depends on: a failed mutation holds back later mutations of the same row and of rows that
 * reference it (a maintenance log for equipment whose creation was rejected), until the user
 * fixes or discards it. Mutations made by another user wait for that user's session.
 * `deferred` (mutation ids the server asked to send again later, this cycle) hold back the
 * same way, but only until the next cycle.
 */
export function planBatch(
  outbox: readonly OutboxEntry[],
  userId: string,
  max = MAX_PUSH_BATCH,
  deferred: ReadonlySet<string> = new Set(),
): BatchPlan {
  const ordered = [...outbox].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  const blocked = new Set<string>()
  const plan: BatchPlan = { batch: [], held: [] }
  for (const entry of ordered) {
    if (entry.user_id !== userId) {
      blocked.add(entry.row_id)
      plan.held.push({ entry, reason: 'other_user' })
      continue
    }
    if (entry.state === 'failed') {
      blocked.add(entry.row_id)
      plan.held.push({ entry, reason: 'failed' })
      continue
    }
    if (deferred.has(entry.id)) {
      blocked.add(entry.row_id)
      plan.held.push({ entry, reason: 'deferred' })
      continue
    }
    const refs = referencesOf(entry.table).map(([col]) => entry.data[col])
    if (blocked.has(entry.row_id) || refs.some((id) => typeof id === 'string' && blocked.has(id))) {
      blocked.add(entry.row_id)
      plan.held.push({ entry, reason: 'waits_for_failed' })
      continue
    }
    if (plan.batch.length < max) plan.batch.push(entry)
  }
  return plan
}
