// Which toasts a change of the sync status calls for. Pure: the shell's hook shows them. A
// "synced" toast needs a sync that finished (lastSuccessAt moved) and edits that left the
// outbox with it, so a discard or a sync with nothing to send says nothing; "failed" counts
// only edits newly refused, so the same refusal is announced once, not after every sync.
import type { SyncStatus } from './state'

export type SyncToast = { kind: 'synced'; edits: number } | { kind: 'failed'; edits: number }

type Counts = Pick<SyncStatus, 'unsyncedCount' | 'failedCount' | 'lastSuccessAt' | 'phase'>

export function syncToasts(prev: Counts, next: Counts): SyncToast[] {
  const toasts: SyncToast[] = []
  if (next.phase === 'signed-out' || prev.phase === 'signed-out') return toasts
  const refused = next.failedCount - prev.failedCount
  const sent = prev.unsyncedCount - next.unsyncedCount - Math.max(0, refused)
  if (next.lastSuccessAt !== prev.lastSuccessAt && next.lastSuccessAt !== null && sent > 0)
    toasts.push({ kind: 'synced', edits: sent })
  if (refused > 0) toasts.push({ kind: 'failed', edits: refused })
  return toasts
}
