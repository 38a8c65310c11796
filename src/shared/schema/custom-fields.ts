// Custom fields: the organization's registry of extra fields on sites and equipment
// (business.custom_field_definitions) and the rules their values keep. valueProblem says in
// the database's words what business_private.custom_field_problem says
// (migrations/20261203000900_custom_fields.sql); tests/integration/schema/custom-fields.test.ts
// runs one table of cases through both.
import { z } from 'zod'
import { EQUIPMENT_KINDS, type EquipmentKind } from './tables'

export const FIELD_TYPES = ['text', 'number', 'integer', 'boolean', 'date', 'choice'] as const
export const FIELD_TARGETS = ['site', 'equipment'] as const
export type FieldType = (typeof FIELD_TYPES)[number]
export type FieldTarget = (typeof FIELD_TARGETS)[number]

export const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/
export const TEXT_MAX = 500
export const NUMBER_LIMIT = 1_000_000_000_000

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  number: 'Number',
  integer: 'Whole number',
  boolean: 'Yes / no',
  date: 'Day',
  choice: 'Choice',
}

export const fieldDefinitionSchema = z
  .object({
    id: z.uuid(),
    organization_id: z.uuid(),
    applies_to: z.enum(FIELD_TARGETS),
    equipment_kind: z.enum(EQUIPMENT_KINDS).nullable(),
    key: z.string().regex(FIELD_KEY, {
      message: 'Key: a lowercase letter, then lowercase letters, digits and _, up to 40',
    }),
    label: z
      .string()
      .trim()
      .min(1, { message: 'Label is required' })
      .max(100, { message: 'Label can be at most 100 characters' }),
    type: z.enum(FIELD_TYPES),
    unit: z
      .string()
      .min(1, { message: 'Unit cannot be blank; leave it out instead' })
      .max(20, { message: 'Unit can be at most 20 characters' })
      .nullable(),
    required: z.boolean(),
    choices: z.array(z.string()).nullable(),
    position: z.number().int().min(0).max(10_000),
    deleted_at: z.string().nullable(),
  })
  .superRefine((d, ctx) => {
    if (d.equipment_kind !== null && d.applies_to !== 'equipment')
      ctx.addIssue({
        code: 'custom',
        path: ['equipment_kind'],
        message: 'Only an equipment field is for one kind',
      })
    if (d.unit !== null && d.type !== 'number' && d.type !== 'integer')
      ctx.addIssue({ code: 'custom', path: ['unit'], message: 'Only numbers have a unit' })
    if (d.type === 'choice') {
      if (d.choices === null || d.choices.length < 1 || d.choices.length > 100)
        ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Give 1 to 100 choices' })
    } else if (d.choices !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['choices'],
        message: 'Only a choice field has choices',
      })
  })
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>

export type FieldValue = string | number | boolean
/** A row's custom_fields: definition key → value. A field without a value is left out. */
export type CustomFields = Record<string, unknown>
/** What the fields are for: a site, or a unit of one kind. */
export type FieldSubject = { target: 'site' } | { target: 'equipment'; kind: EquipmentKind }

/** The live fields of an organization that a site or a unit of this kind has, in form order. */
export function fieldsFor(
  defs: readonly FieldDefinition[],
  organizationId: string,
  subject: FieldSubject,
): FieldDefinition[] {
  return defs
    .filter(
      (d) =>
        d.organization_id === organizationId &&
        d.deleted_at === null &&
        d.applies_to === subject.target &&
        (subject.target === 'site' ||
          d.equipment_kind === null ||
          d.equipment_kind === subject.kind),
    )
    .sort((a, b) => a.position - b.position || a.label.localeCompare(b.label))
}

// JavaScript strings count UTF-16 units; PostgreSQL's length() counts characters.
const codePoints = (s: string) => [...s].length

function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  // PostgreSQL has no year 0 (make_date refuses it); Date.UTC would map 0000 to 1900.
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** Why a value does not fit a field, in the words that follow its label; null: it fits. */
export function valueProblem(
  field: Pick<FieldDefinition, 'type' | 'choices'>,
  value: unknown,
): string | null {
  if (value === null || value === undefined) return 'cannot be empty; leave it out instead'
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be text'
      if (/^[ \t\n\r]*$/.test(value)) return 'cannot be blank; leave it out instead'
      if (codePoints(value) > TEXT_MAX) return `can be at most ${TEXT_MAX} characters`
      return null
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number'
      if (field.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number'
      if (Math.abs(value) > NUMBER_LIMIT)
        return 'must be between -1,000,000,000,000 and 1,000,000,000,000'
      return null
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be yes or no'
    case 'date':
      return typeof value === 'string' && isDay(value) ? null : 'must be a day (YYYY-MM-DD)'
    case 'choice':
      return typeof value === 'string' && (field.choices ?? []).includes(value)
        ? null
        : `must be one of: ${(field.choices ?? []).join(', ')}`
  }
}

/**
 * What is wrong with a row's new custom fields, per key, as the database judges them: a value
 * added or changed must fit its field; every required field must have a value. Values the
 * edit did not touch are not judged (a field tightened after they were stored).
 */
export function customFieldErrors(
  fields: readonly FieldDefinition[],
  next: CustomFields,
  previous: CustomFields,
): Record<string, string> {
  const byKey = new Map(fields.map((f) => [f.key, f]))
  const errors: Record<string, string> = {}
  for (const [key, value] of Object.entries(next)) {
    if (Object.is(previous[key], value)) continue
    const field = byKey.get(key)
    if (!field) {
      errors[key] = `There is no field "${key}" here any more`
      continue
    }
    const problem = valueProblem(field, value)
    if (problem) errors[key] = `${field.label} ${problem}`
  }
  for (const f of fields)
    if (f.required && !(f.key in next) && !errors[f.key]) errors[f.key] = `${f.label} is required`
  return errors
}

/** A value as a person reads it (screens, CSV): numbers as typed, with their unit; yes / no. */
export function fieldText(field: Pick<FieldDefinition, 'unit'>, value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return field.unit ? `${value} ${field.unit}` : String(value)
  return typeof value === 'string' ? value : JSON.stringify(value)
}
