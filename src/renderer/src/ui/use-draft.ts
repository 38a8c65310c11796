import { useState } from 'react'
import type { Draft, FormValues } from './draft'
import {
  changedFields,
  changedUnderneath,
  draftValues,
  dropField,
  editField,
  emptyDraft,
} from './draft'

/** A form's draft over `saved` (the record's values as the form shows them, this render). */
export function useDraft<T extends FormValues>(saved: T) {
  const [draft, setDraft] = useState<Draft<T>>(emptyDraft)
  return {
    values: draftValues(saved, draft),
    set:
      <K extends keyof T>(field: K) =>
      (value: T[K]) =>
        setDraft((d) => editField(d, saved, field, value)),
    changed: changedFields(saved, draft),
    underneath: changedUnderneath(saved, draft),
    /** Shows the saved value of a field again (the person takes what changed underneath). */
    take: (field: keyof T) => setDraft((d) => dropField(d, field)),
    reset: () => setDraft(emptyDraft<T>()),
  }
}
