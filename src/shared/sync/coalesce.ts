import type { JsonObject } from './protocol'
import type { Edit, OutboxEntry } from './outbox'

export type CoalesceResult =
  { kind: 'append' } | { kind: 'replace'; entry: OutboxEntry } | { kind: 'remove' }

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Fields whose value went back to the base drop out: the server need not hear about them. */
function withoutReverted(data: JsonObject, base: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(data).filter(([k, v]) => !(k in base && sameValue(v, base[k]))),
  )
}

/**
 * Folds a new edit of a row into the row's last unsent mutation, so a row edited ten times
 * offline is pushed once. The first edit's base_updated_at and base values are kept: they
 * describe the server version the user started from. Insert then delete cancels out. A
 * derived insert (OutboxEntry.derived) takes no later edits.
 * A mutation already carried by a push is never changed (its id must resend the same thing),
 * unless the server rejected it.
 */
export function coalesceMutation(last: OutboxEntry | undefined, edit: Edit): CoalesceResult {
  // A rejected mutation changed nothing on the server and was not recorded there, so the
  // user's fix may rewrite it even though a push carried it.
  const settled = last?.sent && last.state !== 'failed'
  if (!last || settled || last.state === 'sending' || last.op === 'delete') {
    return { kind: 'append' }
  }
  const reopened = { ...last, state: 'pending' as const, error: null, changed_at: edit.changed_at }
  if (edit.op === 'delete') {
    if (last.op === 'insert') return { kind: 'remove' }
    return { kind: 'replace', entry: { ...reopened, op: 'delete', data: {}, base: last.base } }
  }
  if (edit.op === 'insert') return { kind: 'append' }
  // Another device may insert the same derived row first; the server then merges this insert
  // into it with no base, where any edit folded in would be a conflict decided by time (and
  // lost to a row pushed after it). As an update from the derived values it merges field by
  // field instead.
  if (last.op === 'insert' && last.derived) return { kind: 'append' }
  if (last.op === 'insert') {
    return { kind: 'replace', entry: { ...reopened, data: { ...last.data, ...edit.data } } }
  }
  const base = { ...edit.base, ...last.base }
  const data = withoutReverted({ ...last.data, ...edit.data }, base)
  if (Object.keys(data).length === 0) return { kind: 'remove' }
  return { kind: 'replace', entry: { ...reopened, data, base: pickKeys(base, Object.keys(data)) } }
}

function pickKeys(obj: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]))
}
