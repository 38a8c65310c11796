// What a form holds while a person edits a record that sync can rewrite under them: only the
// fields they touched, each with the saved value it started from. The form shows saved values
// for the rest, so a pull updates them live; it never replaces what the person typed, and
// says when a field they are editing changed underneath. Pure; useDraft is the React side.

export type FormValues = Record<string, unknown>

export interface Draft<T extends FormValues> {
  /** The person's values, for the fields they touched. */
  edits: Partial<T>
  /** The saved value of each touched field when they first touched it. */
  from: Partial<T>
}

export interface ChangedUnderneath<T extends FormValues> {
  field: keyof T & string
  /** The saved value they started from. */
  was: T[keyof T]
  /** The saved value now. */
  now: T[keyof T]
  /** What they typed. */
  typed: T[keyof T]
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b)

export const emptyDraft = <T extends FormValues>(): Draft<T> => ({ edits: {}, from: {} })

export function editField<T extends FormValues, K extends keyof T>(
  draft: Draft<T>,
  saved: T,
  field: K,
  value: T[K],
): Draft<T> {
  const from = field in draft.from ? draft.from : { ...draft.from, [field]: saved[field] }
  return { edits: { ...draft.edits, [field]: value }, from }
}

/** Forgets the person's value of a field: the form shows the saved one again. */
export function dropField<T extends FormValues>(draft: Draft<T>, field: keyof T): Draft<T> {
  const edits = { ...draft.edits }
  const from = { ...draft.from }
  delete edits[field]
  delete from[field]
  return { edits, from }
}

export function draftValues<T extends FormValues>(saved: T, draft: Draft<T>): T {
  return { ...saved, ...draft.edits }
}

/** Fields whose typed value differs from the saved one: what a save sends. */
export function changedFields<T extends FormValues>(
  saved: T,
  draft: Draft<T>,
): (keyof T & string)[] {
  return (Object.keys(draft.edits) as (keyof T & string)[]).filter(
    (f) => !same(draft.edits[f], saved[f]),
  )
}

/** Touched fields whose saved value changed since the person started editing them. */
export function changedUnderneath<T extends FormValues>(
  saved: T,
  draft: Draft<T>,
): ChangedUnderneath<T>[] {
  return (Object.keys(draft.from) as (keyof T & string)[])
    .filter((f) => !same(draft.from[f], saved[f]) && !same(draft.edits[f], saved[f]))
    .map((f) => ({ field: f, was: draft.from[f]!, now: saved[f], typed: draft.edits[f]! }))
}
