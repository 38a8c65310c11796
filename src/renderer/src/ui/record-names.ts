// Records and values as a person names them: "Generator A, Dec 1" and "23,558 kWh", not a
// table name, a uuid and a bare number. Shared by the conflict cards, the sync center and the
// marks on records, so each names a record the same way. Pure.
import type { JsonObject } from '../../../shared/sync/protocol'
import { fieldLabel } from './field-labels'
import { displayValue } from './format'
import { dayLabel, siteDay } from '../../../shared/site-time'

export interface NamedSite {
  id: string
  name: string
  timezone: string
}

export interface NamedUnit {
  id: string
  name: string
  site_id: string
}

export interface Naming {
  sites: ReadonlyMap<string, NamedSite>
  equipment: ReadonlyMap<string, NamedUnit>
}

export const TABLE_NOUN: Record<string, string> = {
  sites: 'Site',
  equipment: 'Equipment',
  maintenance_logs: 'Maintenance log',
  energy_production: 'Energy reading',
  work_orders: 'Work order',
  work_order_steps: 'Checklist step',
}

const UNITS: Record<string, string> = {
  energy_kwh: 'kWh',
  gas_volume_mcf: 'mcf',
  runtime_hours: 'h',
  downtime_hours: 'h',
  rated_power_kw: 'kW',
  capacity_kw: 'kW',
}

const INSTANTS = new Set([
  'period_start',
  'period_end',
  'performed_at',
  'completed_at',
  'done_at',
  'status_changed_at',
])

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 })
const timeFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  })

/** An instant as the day it was at the site, for people. */
const siteDayLabel = (iso: string, timeZone: string): string => dayLabel(siteDay(iso, timeZone))

function text(row: JsonObject, key: string): string | null {
  const v = row[key]
  return typeof v === 'string' && v !== '' ? v : null
}

function zoneOf(row: JsonObject, naming: Naming, table: string): string {
  const siteId = table === 'sites' ? text(row, 'id') : text(row, 'site_id')
  return (siteId ? naming.sites.get(siteId)?.timezone : undefined) ?? 'UTC'
}

/** The meter a reading is from: its unit, or the site meter when it has none. */
function meterName(row: JsonObject, naming: Naming): string {
  const unit = text(row, 'equipment_id')
  if (!unit) return 'Site meter'
  return naming.equipment.get(unit)?.name ?? 'a unit no longer on this laptop'
}

export interface RecordName {
  /** What kind of record: "Energy reading". */
  noun: string
  /** The unit, day or title that tells it from its neighbours: "Generator A, Dec 1, 2026". */
  name: string
  /** The site it belongs to, when it is not itself a site. */
  site: string | null
}

/** Names a record from its row (or, for a record no longer on this laptop, what is known). */
export function recordName(table: string, row: JsonObject | undefined, naming: Naming): RecordName {
  const noun = TABLE_NOUN[table] ?? fieldLabel(table)
  if (!row) return { noun, name: 'a record no longer on this laptop', site: null }
  const siteId = table === 'sites' ? null : text(row, 'site_id')
  const site = siteId ? (naming.sites.get(siteId)?.name ?? 'a site no longer on this laptop') : null
  const zone = zoneOf(row, naming, table)
  switch (table) {
    case 'sites':
      return { noun, name: text(row, 'name') ?? 'a site', site: null }
    case 'equipment':
      return { noun, name: text(row, 'name') ?? 'a unit', site }
    case 'maintenance_logs': {
      const unit = text(row, 'equipment_id')
      const at = text(row, 'performed_at')
      const parts = [
        unit ? (naming.equipment.get(unit)?.name ?? 'a unit no longer on this laptop') : null,
        at ? siteDayLabel(at, zone) : null,
        text(row, 'summary'),
      ].filter((p): p is string => p !== null)
      return { noun, name: parts.join(', '), site }
    }
    case 'energy_production': {
      const start = text(row, 'period_start')
      const day = start ? siteDayLabel(start, zone) : null
      const adjustment = row.source === 'adjustment' ? ' (adjustment)' : ''
      return {
        noun,
        name: `${meterName(row, naming)}, ${day ?? 'a day not known'}${adjustment}`,
        site,
      }
    }
    case 'work_orders':
      return { noun, name: text(row, 'title') ?? 'a work order', site }
    case 'work_order_steps':
      return { noun, name: text(row, 'label') ?? 'a step', site }
    default:
      return { noun, name: text(row, 'name') ?? text(row, 'id') ?? 'a record', site }
  }
}

/** "Generator A, Dec 1, 2026 · Mesa Verde 14-2". */
export function recordTitle(table: string, row: JsonObject | undefined, naming: Naming): string {
  const n = recordName(table, row, naming)
  return n.site ? `${n.name} · ${n.site}` : n.name
}

/**
 * A field's value as a person reads it: units on quantities, names for references, instants
 * in the site's time. `undefined` is a value nobody knows (a conflict whose base was not sent).
 */
export function fieldValue(
  table: string,
  field: string,
  value: unknown,
  naming: Naming,
  timeZone = 'UTC',
): string {
  if (value === undefined) return 'not known'
  if (field === 'deleted_at') return value === null ? 'kept' : 'deleted'
  if (field === 'equipment_id' && table === 'energy_production' && value === null)
    return 'Site meter'
  if (value === null || value === '') return '—'
  const id = typeof value === 'string' ? value : ''
  if (field === 'equipment_id' || field === 'billing_meter_id')
    return naming.equipment.get(id)?.name ?? 'a unit no longer on this laptop'
  if (field === 'site_id') return naming.sites.get(id)?.name ?? 'a site no longer on this laptop'
  const unit = UNITS[field]
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN
  if (unit && Number.isFinite(n)) return `${numberFormat.format(n)} ${unit}`
  if (INSTANTS.has(field) && typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    return timeFormat(timeZone).format(new Date(value))
  if (field === 'parts' && Array.isArray(value)) {
    if (value.length === 0) return 'no parts'
    return value
      .map((p) => {
        const part = p as { name?: unknown; quantity?: unknown }
        return `${displayValue(part.name)} ×${displayValue(part.quantity)}`
      })
      .join(', ')
  }
  return displayValue(value)
}

/** The time zone a record's instants are read in. */
export function timeZoneOf(table: string, row: JsonObject | undefined, naming: Naming): string {
  return row ? zoneOf(row, naming, table) : 'UTC'
}

const SUMMARY_FIELDS: Record<string, readonly string[]> = {
  energy_production: ['energy_kwh', 'gas_volume_mcf', 'runtime_hours', 'notes'],
  maintenance_logs: ['kind', 'downtime_hours'],
  equipment: ['status', 'kind'],
  sites: ['status'],
}

export interface QueuedEdit {
  table: string
  op: 'insert' | 'update' | 'delete'
  data: JsonObject
  base: JsonObject
}

/**
 * What a queued edit changes, in words: "23,558 kWh, 162 mcf" for a new reading, "Energy
 * (kWh) 23,558 kWh (was 23,000 kWh)" for a change, "delete" for a delete.
 */
export function editValues(edit: QueuedEdit, row: JsonObject | undefined, naming: Naming): string {
  const zone = timeZoneOf(edit.table, { ...row, ...edit.data }, naming)
  const show = (field: string, v: unknown) => fieldValue(edit.table, field, v, naming, zone)
  if (edit.op === 'delete') return 'delete'
  if (edit.op === 'insert') {
    const fields = (SUMMARY_FIELDS[edit.table] ?? []).filter(
      (f) => edit.data[f] !== null && edit.data[f] !== undefined && edit.data[f] !== '',
    )
    if (fields.length === 0) return 'new'
    return fields
      .map((f) =>
        UNITS[f] || f === 'status'
          ? show(f, edit.data[f])
          : `${fieldLabel(f)}: ${show(f, edit.data[f])}`,
      )
      .join(', ')
  }
  return Object.keys(edit.data)
    .map((f) => {
      const was = Object.hasOwn(edit.base, f) ? ` (was ${show(f, edit.base[f])})` : ''
      return `${fieldLabel(f)} ${show(f, edit.data[f])}${was}`
    })
    .join('; ')
}
