// Custom fields in a form: each value as the text its input holds, and back. Pure, so the
// rules a form applies are the ones tested (tests/unit/features/field-inputs.test.ts).
import type {
  CustomFields,
  FieldDefinition,
  FieldValue,
} from '../../../../shared/schema/custom-fields'
import { customFieldErrors } from '../../../../shared/schema/custom-fields'
import { inputText, parseNumber } from '../../ui/numbers'

/** The draft key of a field: apart from the row's own columns. */
export const inputKey = (key: string): string => `cf.${key}`

/** A stored value as its input shows it: numbers in the person's locale, yes / no, a day. */
export function inputOf(field: FieldDefinition, value: unknown, locale?: string): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return inputText(value, locale)
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Every field's input text, keyed by inputKey: the saved values a draft starts from. */
export function inputsOf(
  fields: readonly FieldDefinition[],
  values: CustomFields,
  locale?: string,
): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [inputKey(f.key), inputOf(f, values[f.key], locale)]))
}

type Read = { ok: true; value: FieldValue | undefined } | { ok: false; message: string }

/** What an input holds as a value; undefined: empty, so the field is left out. */
export function readInput(field: FieldDefinition, text: string, locale?: string): Read {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: undefined }
  switch (field.type) {
    case 'number':
    case 'integer': {
      const parsed = parseNumber(trimmed, locale)
      if (!parsed.ok) return { ok: false, message: `${field.label}: ${parsed.message}` }
      return { ok: true, value: parsed.value ?? undefined }
    }
    case 'boolean':
      return { ok: true, value: trimmed === 'yes' }
    default:
      return { ok: true, value: trimmed }
  }
}

/**
 * The row's custom_fields after the inputs the person changed (keyed by inputKey), and what
 * is wrong with them, keyed by inputKey so each message shows at its field. Keys of fields
 * since removed are kept as they are.
 */
export function applyInputs(
  fields: readonly FieldDefinition[],
  current: CustomFields,
  changed: Record<string, string>,
  locale?: string,
): { next: Record<string, FieldValue>; errors: Record<string, string> } {
  const next = { ...current } as Record<string, FieldValue>
  const errors: Record<string, string> = {}
  for (const f of fields) {
    const text = changed[inputKey(f.key)]
    if (text === undefined) continue
    const read = readInput(f, text, locale)
    if (!read.ok) errors[inputKey(f.key)] = read.message
    else if (read.value === undefined) delete next[f.key]
    else next[f.key] = read.value
  }
  for (const [key, message] of Object.entries(customFieldErrors(fields, next, current)))
    errors[inputKey(key)] ??= message
  return { next, errors }
}

/**
 * The custom_fields part of a form's patch: nothing when no field input changed (a row stored
 * before a field was made required still saves its other columns, as the database allows).
 */
export function customFieldsPatch(
  fields: readonly FieldDefinition[],
  current: CustomFields,
  values: Record<string, string | undefined>,
  changed: readonly string[],
  locale?: string,
):
  | { ok: true; patch: { custom_fields?: Record<string, FieldValue> } }
  | { ok: false; errors: Record<string, string> } {
  const touched = changed.filter((k) => k.startsWith('cf.'))
  if (touched.length === 0) return { ok: true, patch: {} }
  const inputs = Object.fromEntries(touched.map((k) => [k, values[k] ?? '']))
  const { next, errors } = applyInputs(fields, current, inputs, locale)
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, patch: { custom_fields: next } }
}

/** Labels for a form's draft keys: a custom field's own label, else the column's. */
export const fieldLabelOf =
  (fields: readonly FieldDefinition[], columnLabel: (column: string) => string) =>
  (key: string): string =>
    fields.find((f) => inputKey(f.key) === key)?.label ?? columnLabel(key)
