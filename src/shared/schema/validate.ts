// Validation of a whole row as it would be stored: the table's field rules plus the
// cross-field CHECKs of the database. Every local write (form, grid, CSV import) goes through
// it, so bad input is stopped where it is entered and never reaches the outbox.
import type { z } from 'zod'
import { unstorableTextErrors } from './storable-text'
import type { ClientWritableTable, RowOf } from './tables'
import { SYNCED_TABLES } from './tables'

/** Field name → message a technician can act on. `_row` holds messages about the whole row. */
export type FieldErrors = Record<string, string>

export type Validation<T> = { ok: true; row: T } | { ok: false; errors: FieldErrors }

const HOUR_MS = 3_600_000

type CrossCheck = (row: Record<string, unknown>) => FieldErrors

const CROSS_CHECKS: Partial<Record<ClientWritableTable, CrossCheck>> = {
  energy_production(row) {
    const errors: FieldErrors = {}
    const start = Date.parse(String(row.period_start))
    const end = Date.parse(String(row.period_end))
    if (Number.isNaN(start)) errors.period_start = 'Enter when the period starts'
    if (Number.isNaN(end)) errors.period_end = 'Enter when the period ends'
    const adjustment = row.source === 'adjustment'
    if (!adjustment && typeof row.energy_kwh === 'number' && row.energy_kwh < 0) {
      errors.energy_kwh = 'Energy cannot be negative'
    }
    if (adjustment && (typeof row.notes === 'string' ? row.notes.trim() : '').length < 3) {
      errors.notes = 'An adjustment needs a reason'
    }
    if (errors.period_start || errors.period_end) return errors
    if (end <= start) errors.period_end = 'The period must end after it starts'
    else if (end - start > 31 * 24 * HOUR_MS)
      errors.period_end = 'A reading can cover at most 31 days'
    const runtime = row.runtime_hours
    if (typeof runtime === 'number' && end > start && runtime * HOUR_MS > end - start) {
      errors.runtime_hours = `Runtime cannot be more than the period (${Math.round(((end - start) / HOUR_MS) * 100) / 100} h)`
    }
    return errors
  },
  sites(row): FieldErrors {
    return (row.latitude === null) !== (row.longitude === null)
      ? { longitude: 'Enter both latitude and longitude, or neither' }
      : {}
  },
  work_orders(row): FieldErrors {
    const errors: FieldErrors = {}
    if (row.status === 'done' && !row.completed_at)
      errors.completed_at = 'Enter when the work was finished'
    if ((row.status === 'on_hold' || row.status === 'cancelled') && !row.status_reason)
      errors.status_reason =
        row.status === 'on_hold' ? 'Say what it is waiting for' : 'Say why it is cancelled'
    return errors
  },
  work_order_steps(row): FieldErrors {
    if (!row.done_at) return {}
    if (row.requires === 'number' && typeof row.value_number !== 'number')
      return { value_number: 'This step needs its reading before it is done' }
    if (row.requires === 'text' && !row.value_text)
      return { value_text: 'This step needs an answer before it is done' }
    return {}
  },
  maintenance_schedules(row): FieldErrors {
    const errors: FieldErrors = {}
    if ((row.equipment_id === null) === (row.equipment_kind === null))
      errors.equipment_id = 'Choose a unit, or a kind of unit at the site, not both'
    if ((row.every_hours === null) === (row.every_days === null))
      errors.every_hours = 'Say every how many hours, or every how many days, not both'
    if (row.every_days !== null && !row.starts_on)
      errors.starts_on = 'A schedule in days needs its first day'
    return errors
  },
  maintenance_logs(row): FieldErrors {
    return Number.isNaN(Date.parse(String(row.performed_at)))
      ? { performed_at: 'Enter when the work was done' }
      : {}
  },
}

function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_row'
    errors[key] ??= issue.message
  }
  return errors
}

export function validateRow<T extends ClientWritableTable>(
  table: T,
  row: unknown,
): Validation<RowOf[T]> {
  const parsed = SYNCED_TABLES[table].schema.safeParse(row)
  const cross = {
    ...CROSS_CHECKS[table]?.(row as Record<string, unknown>),
    // Text the database cannot store (NUL, half a surrogate pair), in any field.
    ...unstorableTextErrors(row),
  }
  if (!parsed.success) return { ok: false, errors: { ...cross, ...fieldErrors(parsed.error) } }
  if (Object.keys(cross).length > 0) return { ok: false, errors: cross }
  return { ok: true, row: parsed.data as RowOf[T] }
}
