// A checklist template as its editor holds it and back, judged by the same schema the devices
// read templates with: a template the editor lets through is one every laptop can read.
import type {
  ChecklistTemplate,
  EquipmentKind,
  StepRequires,
  WorkKind,
} from '../../../../shared/schema/tables'
import { checklistTemplateSchema } from '../../../../shared/schema/tables'

export interface StepForm {
  label: string
  required: boolean
  requires: StepRequires
  unit: string
}

export interface TemplateForm {
  name: string
  /** '' for any kind of unit. */
  equipment_kind: EquipmentKind | ''
  work_kind: WorkKind
  steps: StepForm[]
}

export const emptyStep = (): StepForm => ({
  label: '',
  required: false,
  requires: 'check',
  unit: '',
})

export const emptyTemplateForm = (): TemplateForm => ({
  name: '',
  equipment_kind: '',
  work_kind: 'preventive',
  steps: [emptyStep()],
})

export function templateFormOf(t: ChecklistTemplate): TemplateForm {
  return {
    name: t.name,
    equipment_kind: t.equipment_kind ?? '',
    work_kind: t.work_kind,
    steps: t.steps.map((s) => ({ ...s, unit: s.unit ?? '' })),
  }
}

/**
 * The template the form says, or messages keyed as the form shows them ("name",
 * "steps.2.label", "steps" for the list). A unit is kept only where a number is asked for.
 */
export function templateFrom(
  form: TemplateForm,
  ids: { id: string; organization_id: string },
): { ok: true; template: ChecklistTemplate } | { ok: false; errors: Record<string, string> } {
  const parsed = checklistTemplateSchema.safeParse({
    ...ids,
    name: form.name,
    equipment_kind: form.equipment_kind || null,
    work_kind: form.work_kind,
    steps: form.steps.map((s) => ({
      label: s.label,
      required: s.required,
      requires: s.requires,
      unit: s.requires === 'number' && s.unit.trim() ? s.unit.trim() : null,
    })),
    deleted_at: null,
  })
  if (parsed.success) return { ok: true, template: parsed.data }
  const errors: Record<string, string> = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || 'name'
    errors[key] ??= issue.message
  }
  return { ok: false, errors }
}

/** The steps with step `i` moved by `by` places (-1 up, +1 down); unchanged at the ends. */
export function moveStep(steps: readonly StepForm[], i: number, by: -1 | 1): StepForm[] {
  const j = i + by
  if (j < 0 || j >= steps.length) return [...steps]
  const next = [...steps]
  ;[next[i], next[j]] = [next[j]!, next[i]!]
  return next
}
