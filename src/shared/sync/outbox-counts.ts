import type { OutboxEntry } from './outbox'

export interface OutboxCounts {
  /** The user's edits still to be sent (waiting or being sent). */
  unsynced: number
  /** The user's edits the server refused, kept until fixed or discarded. */
  failed: number
  /** Edits of other users of this laptop, which wait for them to sign in. */
  heldForOtherUser: number
  /** Device time of the user's oldest edit not yet on the server. */
  oldestUnsyncedAt: string | null
}

/**
 * The counts the sync indicator and the sync center both show, from one rule, so they never
 * disagree. `userId` null (nobody's cache yet) counts every entry as the user's.
 */
export function outboxCounts(
  outbox: readonly Pick<OutboxEntry, 'user_id' | 'state' | 'created_at'>[],
  userId: string | null,
): OutboxCounts {
  const counts: OutboxCounts = {
    unsynced: 0,
    failed: 0,
    heldForOtherUser: 0,
    oldestUnsyncedAt: null,
  }
  for (const e of outbox) {
    if (userId !== null && e.user_id !== userId) {
      counts.heldForOtherUser++
      continue
    }
    if (e.state === 'failed') counts.failed++
    else counts.unsynced++
    if (counts.oldestUnsyncedAt === null || e.created_at < counts.oldestUnsyncedAt)
      counts.oldestUnsyncedAt = e.created_at
  }
  return counts
}
