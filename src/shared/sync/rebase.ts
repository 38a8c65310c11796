import type { JsonObject } from './protocol'
import type { OutboxEntry } from './outbox'

/**
 * What the user should see for a row: the server's version with their own unsynced edits
 * on top, in the order they were made. A pending delete shows as a tombstone.
 */
export function rebaseRow<T extends JsonObject>(server: T, pending: readonly OutboxEntry[]): T {
  let row: JsonObject = { ...server }
  for (const m of pending) {
    if (m.op === 'delete') row = { ...row, deleted_at: row.deleted_at ?? m.changed_at }
    else row = { ...row, ...m.data }
  }
  return row as T
}
