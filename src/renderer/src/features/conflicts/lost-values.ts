// Which of a person's values a conflict replaced, so that the record itself tells them, not
// only a number that changed under them. Pure.
import type { ConflictRow } from '../../../../shared/schema/tables'

export interface LostValue {
  conflictId: string
  field: string
  /** The person's value that is no longer on the record. */
  mine: unknown
  /** What the record holds instead. */
  now: unknown
  /** Who the replacing value came from (automatic decision) or who chose it (resolution). */
  by: string | null
  at: string | null
  /** Resolved by the back office, rather than decided automatically and still open. */
  resolved: boolean
  note: string | null
}

/**
 * Numbers are compared as numbers: a resolver's typed "23520" is the value 23520 the row
 * holds, and numeric columns come back as "23520.000" from some paths.
 */
export function sameFieldValue(a: unknown, b: unknown): boolean {
  if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) return true
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  const x = num(a)
  const y = num(b)
  return Number.isFinite(x) && Number.isFinite(y) && x === y
}

type ConflictFacts = Pick<
  ConflictRow,
  | 'id'
  | 'fields'
  | 'server'
  | 'client'
  | 'winner'
  | 'status'
  | 'resolution'
  | 'resolved_by'
  | 'resolved_at'
  | 'created_at'
  | 'created_by'
  | 'server_updated_by'
>

/**
 * The values of `userId` a conflict replaced. The person is the device side when they pushed
 * the edit (created_by), the server side when their value was on the server (server_updated_by);
 * someone on both sides lost nothing to anyone else. Open: the automatic decision went to the
 * other side. Resolved: the final values differ from theirs.
 */
export function lostValuesOf(conflict: ConflictFacts, userId: string): LostValue[] {
  const client = conflict.created_by === userId
  const server = conflict.server_updated_by === userId
  if (client === server) return []
  const mySide = client ? conflict.client : conflict.server
  const resolved = conflict.status === 'resolved'
  const final = resolved ? resolutionValues(conflict) : null
  if (!resolved && conflict.winner === (client ? 'client' : 'server')) return []
  const theirs = conflict.winner === 'client' ? conflict.client : conflict.server
  const replacedBy = conflict.winner === 'client' ? conflict.created_by : conflict.server_updated_by
  const lost: LostValue[] = []
  for (const field of conflict.fields) {
    if (!Object.hasOwn(mySide, field)) continue
    const now = final ? final[field] : theirs[field]
    if (final && !Object.hasOwn(final, field)) continue
    if (sameFieldValue(mySide[field], now)) continue
    lost.push({
      conflictId: conflict.id,
      field,
      mine: mySide[field],
      now,
      by: resolved ? conflict.resolved_by : replacedBy,
      at: resolved ? conflict.resolved_at : conflict.created_at,
      resolved,
      note: resolved ? noteOf(conflict) : null,
    })
  }
  return lost
}

/** The values a resolution wrote. */
export function resolutionValues(
  conflict: Pick<ConflictRow, 'resolution'>,
): Record<string, unknown> {
  const values = conflict.resolution?.values
  return values && typeof values === 'object' && !Array.isArray(values)
    ? (values as Record<string, unknown>)
    : {}
}

export function noteOf(conflict: Pick<ConflictRow, 'resolution'>): string | null {
  const note = conflict.resolution?.note
  return typeof note === 'string' && note.trim() !== '' ? note : null
}
