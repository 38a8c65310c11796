// The office's form for one field definition: what it holds as text, and the definition it
// makes, checked with the shared schema so the form refuses what the table would.
import type {
  FieldDefinition,
  FieldTarget,
  FieldType,
} from '../../../../shared/schema/custom-fields'
import { fieldDefinitionSchema } from '../../../../shared/schema/custom-fields'
import type { EquipmentKind } from '../../../../shared/schema/tables'

export interface FieldForm {
  applies_to: FieldTarget
  /** '' : every unit. */
  equipment_kind: EquipmentKind | ''
  label: string
  key: string
  type: FieldType
  unit: string
  required: boolean
  /** One choice per line. */
  choices: string
  position: string
}

export const emptyFieldForm = (): FieldForm => ({
  applies_to: 'equipment',
  equipment_kind: '',
  label: '',
  key: '',
  type: 'text',
  unit: '',
  required: false,
  choices: '',
  position: '0',
})

export const formOf = (d: FieldDefinition): FieldForm => ({
  applies_to: d.applies_to,
  equipment_kind: d.equipment_kind ?? '',
  label: d.label,
  key: d.key,
  type: d.type,
  unit: d.unit ?? '',
  required: d.required,
  choices: (d.choices ?? []).join('\n'),
  position: String(d.position),
})

/** A key from a label, as the office would write it: "Nominal hashrate (TH/s)" → nominal_hashrate_th_s. */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return (/^[a-z]/.test(key) ? key : key ? `f_${key}` : '').slice(0, 40).replace(/_+$/, '')
}

/** The definition the form describes, or what is wrong, by form field. */
export function definitionFrom(
  form: FieldForm,
  base: { id: string; organization_id: string },
): { ok: true; def: FieldDefinition } | { ok: false; errors: Record<string, string> } {
  const numeric = form.type === 'number' || form.type === 'integer'
  const choices = form.choices
    .split('\n')
    .map((c) => c.trim())
    .filter(Boolean)
  const errors: Record<string, string> = {}
  if (new Set(choices).size !== choices.length) errors.choices = 'Each choice once'
  if (choices.some((c) => c.length > 200)) errors.choices = 'A choice can be at most 200 characters'
  const position = Number(form.position.trim() || '0')
  const candidate = {
    ...base,
    applies_to: form.applies_to,
    equipment_kind:
      form.applies_to === 'equipment' && form.equipment_kind ? form.equipment_kind : null,
    key: form.key.trim(),
    label: form.label,
    type: form.type,
    unit: numeric && form.unit.trim() ? form.unit.trim() : null,
    required: form.required,
    choices: form.type === 'choice' ? choices : null,
    position,
    deleted_at: null,
  }
  const parsed = fieldDefinitionSchema.safeParse(candidate)
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'label')
      errors[field] ??=
        field === 'position' ? 'Order: a whole number from 0 to 10,000' : issue.message
    }
  return Object.keys(errors).length > 0 || !parsed.success
    ? { ok: false, errors }
    : { ok: true, def: parsed.data }
}
