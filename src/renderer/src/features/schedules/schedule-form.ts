// A maintenance schedule as its form holds it (text, as typed) and back. Pure: the form reads
// numbers in the user's locale, and a number it cannot read is refused at its field before
// the row's own rules (src/shared/schema) run.
import type {
  EquipmentKind,
  MaintenanceScheduleRow,
  WorkPriority,
} from '../../../../shared/schema/tables'
import type { FieldErrors } from '../../../../shared/schema/validate'
import { inputText, parseNumber, userLocale } from '../../ui/numbers'

export interface ScheduleInputs {
  [input: string]: string
  site_id: string
  /** A unit, or every live unit of a kind at the site. */
  target: 'unit' | 'kind'
  equipment_id: string
  equipment_kind: string
  title: string
  description: string
  /** Every so many runtime hours, or every so many days. */
  every: 'hours' | 'days'
  every_hours: string
  start_hours: string
  every_days: string
  starts_on: string
  lead: string
  priority: string
  template_id: string
  active: 'yes' | 'no'
}

export type ScheduleValues = Pick<
  MaintenanceScheduleRow,
  | 'site_id'
  | 'equipment_id'
  | 'equipment_kind'
  | 'title'
  | 'description'
  | 'every_hours'
  | 'start_hours'
  | 'every_days'
  | 'starts_on'
  | 'lead'
  | 'priority'
  | 'template_id'
  | 'active'
>

export function scheduleInputs(
  row: MaintenanceScheduleRow | null,
  siteId = '',
  locale: string = userLocale(),
): ScheduleInputs {
  const n = (v: number | null) => inputText(v, locale)
  return {
    site_id: row?.site_id ?? siteId,
    target: row && row.equipment_id === null && row.equipment_kind !== null ? 'kind' : 'unit',
    equipment_id: row?.equipment_id ?? '',
    equipment_kind: row?.equipment_kind ?? '',
    title: row?.title ?? '',
    description: row?.description ?? '',
    every: row && row.every_days !== null ? 'days' : 'hours',
    every_hours: n(row?.every_hours ?? null),
    start_hours: n(row?.start_hours ?? 0),
    every_days: n(row?.every_days ?? null),
    starts_on: row?.starts_on ?? '',
    lead: n(row?.lead ?? null),
    priority: row?.priority ?? 'normal',
    template_id: row?.template_id ?? '',
    active: row && !row.active ? 'no' : 'yes',
  }
}

type Parsed = { ok: true; values: ScheduleValues } | { ok: false; errors: FieldErrors }

/**
 * The row values the inputs say, or the fields whose text is not a number. Only the chosen
 * target and interval are kept: the other side is null (start_hours 0), as the database's
 * one-or-the-other checks require.
 */
export function scheduleValues(inputs: ScheduleInputs, locale: string = userLocale()): Parsed {
  const errors: FieldErrors = {}
  const num = (
    field: 'every_hours' | 'start_hours' | 'every_days' | 'lead',
    required: string,
  ): number => {
    const parsed = parseNumber(inputs[field], locale)
    if (!parsed.ok) errors[field] = parsed.message
    else if (parsed.value === null) errors[field] = required
    return parsed.ok && parsed.value !== null ? parsed.value : Number.NaN
  }
  const hours = inputs.every === 'hours'
  const values: ScheduleValues = {
    site_id: inputs.site_id,
    equipment_id: inputs.target === 'unit' ? inputs.equipment_id || null : null,
    equipment_kind:
      inputs.target === 'kind' ? (inputs.equipment_kind as EquipmentKind) || null : null,
    title: inputs.title.trim(),
    description: inputs.description.trim() || null,
    every_hours: hours ? num('every_hours', 'Enter the hours between services') : null,
    start_hours: hours ? num('start_hours', 'Enter the hour count it starts from') : 0,
    every_days: hours ? null : num('every_days', 'Enter the days between services'),
    starts_on: hours ? null : inputs.starts_on || null,
    lead: num('lead', 'Enter how early it shows as due'),
    priority: inputs.priority as WorkPriority,
    template_id: inputs.template_id || null,
    active: inputs.active === 'yes',
  }
  if (!inputs.site_id) errors.site_id = 'Choose the site'
  if (inputs.target === 'unit' && !inputs.equipment_id) errors.equipment_id = 'Choose the unit'
  if (inputs.target === 'kind' && !inputs.equipment_kind)
    errors.equipment_kind = 'Choose the kind of unit'
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values }
}

const grouped = (n: number, locale: string) =>
  n.toLocaleString(locale, { maximumFractionDigits: 1 })

/** "every 2,000 h from 0 h, shown 200 h ahead" or "every 90 days from 2026-09-05, shown 14 days ahead". */
export function intervalText(
  s: Pick<
    MaintenanceScheduleRow,
    'every_hours' | 'start_hours' | 'every_days' | 'starts_on' | 'lead'
  >,
  locale: string = userLocale(),
): string {
  if (s.every_hours !== null)
    return `every ${grouped(s.every_hours, locale)} h from ${grouped(s.start_hours, locale)} h, shown ${grouped(s.lead, locale)} h ahead`
  const days = (n: number) => `${grouped(n, locale)} ${n === 1 ? 'day' : 'days'}`
  return `every ${days(s.every_days ?? 0)} from ${s.starts_on ?? '?'}, shown ${days(s.lead)} ahead`
}
