// How the device holds a synced row: the server's version with the user's unsynced edits on
// top, plus a few local fields. Pure, so the sync planners and the write path share one rule.
import type { ClientWritableTable, RowOf } from '../schema/tables'
import type { OutboxEntry } from './outbox'
import { rebaseRow } from './rebase'

/**
 * synced: as on the server. unsynced: has edits not yet on the server (waiting or being
 * sent). failed: one of its edits was refused and waits for the user, as the outbox entry's
 * own `failed` state says.
 */
export type LocalState = 'synced' | 'unsynced' | 'failed'

export type LocalRow<T> = T & {
  _state: LocalState
  /** The last server version under unsynced edits; null when the row is as on the server or never synced. */
  _base: T | null
  /** The site left the user's scope while the row still had unsynced edits. */
  _outOfScope?: boolean
  /** Lower-cased serial number and asset tag, for scanner lookup (equipment only). */
  _search?: string[]
}

export type LocalRowOf<T extends ClientWritableTable> = LocalRow<RowOf[T]>

const LOCAL_FIELDS = ['_state', '_base', '_outOfScope', '_search'] as const

export function searchKeys(row: {
  serial_number: string | null
  asset_tag: string | null
}): string[] {
  return [row.serial_number, row.asset_tag]
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .map((v) => v.trim().toLowerCase())
}

export function serverShape<T extends ClientWritableTable>(row: LocalRowOf<T>): RowOf[T] {
  const copy: Record<string, unknown> = { ...row }
  for (const k of LOCAL_FIELDS) delete copy[k]
  return copy as RowOf[T]
}

/** The server version a local row was last known at, if it ever reached the server. */
export function serverVersionOf<T extends ClientWritableTable>(
  row: LocalRowOf<T>,
): RowOf[T] | null {
  return row._state === 'synced' ? serverShape(row) : row._base
}

export function stateOf(pending: readonly OutboxEntry[]): LocalState {
  if (pending.length === 0) return 'synced'
  return pending.some((m) => m.state === 'failed') ? 'failed' : 'unsynced'
}

export interface MaterializeOptions {
  /**
   * `server` was just received for this user (a pull page or a push result), which proves the
   * row is in their scope again: an out-of-scope flag from earlier is cleared.
   */
  fresh?: boolean
}

/**
 * The row as the device should hold it: the server version (`server`, null if unknown) with
 * the row's outbox entries on top. Returns null when the row should not be on the device: a
 * server tombstone or nothing at all, with no unsynced edits. A row created on the device and
 * not yet on the server keeps its local values (`current`).
 */
export function materialize<T extends ClientWritableTable>(
  table: T,
  server: RowOf[T] | null,
  pending: readonly OutboxEntry[],
  current?: LocalRowOf<T>,
  options: MaterializeOptions = {},
): LocalRowOf<T> | null {
  const ordered = [...pending].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
  let row: Record<string, unknown>
  if (ordered.length === 0) {
    if (!server || server.deleted_at) return null
    row = { ...(server as Record<string, unknown>), _state: 'synced', _base: null }
  } else if (!server) {
    if (!current) return null
    row = {
      ...(serverShape(current) as Record<string, unknown>),
      _state: stateOf(ordered),
      _base: null,
    }
  } else {
    const visible = rebaseRow(server as Record<string, unknown>, ordered)
    row = { ...visible, _state: stateOf(ordered), _base: server }
  }
  if (current?._outOfScope && ordered.length > 0 && !(options.fresh && server))
    row._outOfScope = true
  if (table === 'equipment') row._search = searchKeys(row as RowOf['equipment'])
  return row as unknown as LocalRowOf<T>
}
