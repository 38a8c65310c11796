// The daily-entry form's logic, apart from React and IndexedDB so it can be checked over random
// rounds (tests/unit/features/entry-logic.test.ts). Everything is per meter: the proposed day,
// the values carried forward, the reading an existing day shows and the message after a save
// all belong to the selected meter, never to the one saved before it.
import type { EnergyReadingRow } from '../../../../shared/schema/tables'
import type { FieldErrors } from '../../../../shared/schema/validate'
import { parseNumber } from '../../ui/numbers'
import { addDays, siteDay } from '../../../../shared/site-time'

/** '' is the site meter (readings without equipment); otherwise an equipment id. */
export type Meter = string

export interface EntryReading {
  id: string
  equipment_id: string | null
  period_start: string
  period_end: string
  energy_kwh: number
  gas_volume_mcf: number | null
  runtime_hours: number | null
  notes: string | null
  source: string
  deleted_at: string | null
}

export const ENTRY_FIELDS = ['energy_kwh', 'gas_volume_mcf', 'runtime_hours', 'notes'] as const
export type EntryField = (typeof ENTRY_FIELDS)[number]
export type EntryValues = Record<EntryField, string>

export const EMPTY_VALUES: EntryValues = {
  energy_kwh: '',
  gas_volume_mcf: '',
  runtime_hours: '',
  notes: '',
}

export const meterOf = (r: Pick<EntryReading, 'equipment_id'>): Meter => r.equipment_id ?? ''

/** A reading that holds its meter's slot for a day (adjustments are deltas on top). */
export const isDailyReading = (r: Pick<EntryReading, 'deleted_at' | 'source'>): boolean =>
  !r.deleted_at && r.source !== 'adjustment'

/** The meter's newest daily reading, optionally only among those before `beforeDay`. */
export function latestReading(
  readings: readonly EntryReading[],
  meter: Meter,
  timeZone: string,
  beforeDay?: string,
): EntryReading | undefined {
  let best: EntryReading | undefined
  for (const r of readings) {
    if (!isDailyReading(r) || meterOf(r) !== meter) continue
    if (beforeDay !== undefined && siteDay(r.period_start, timeZone) >= beforeDay) continue
    if (!best || Date.parse(r.period_start) > Date.parse(best.period_start)) best = r
  }
  return best
}

/**
 * The day to enter next for a meter: the one after its newest reading, but never after the
 * site's today (a future day is refused); a meter with no reading starts today.
 */
export function proposedDay(
  readings: readonly EntryReading[],
  meter: Meter,
  timeZone: string,
  today: string,
): string {
  const last = latestReading(readings, meter, timeZone)
  if (!last) return today
  const next = addDays(siteDay(last.period_start, timeZone), 1)
  return next > today ? today : next
}

/** The meter's daily reading for a site-local day, whatever its age. */
export function readingOn(
  readings: readonly EntryReading[],
  meter: Meter,
  day: string,
  timeZone: string,
): EntryReading | undefined {
  return readings.find(
    (r) => isDailyReading(r) && meterOf(r) === meter && siteDay(r.period_start, timeZone) === day,
  )
}

/**
 * What the form starts with: an existing day shows that day's reading; a correction starts
 * empty (it is a delta, carrying nothing); a new day carries gas and runtime from the meter's
 * previous reading. kWh is never carried: a copied figure sent by pressing Enter would be billed.
 */
export function initialValues(
  opts: {
    existing: EntryReading | undefined
    previous: EntryReading | undefined
    adjustment: boolean
  },
  format: (n: number | null) => string,
): EntryValues {
  if (opts.adjustment) return { ...EMPTY_VALUES }
  const e = opts.existing
  if (e)
    return {
      energy_kwh: format(e.energy_kwh),
      gas_volume_mcf: format(e.gas_volume_mcf),
      runtime_hours: format(e.runtime_hours),
      notes: e.notes ?? '',
    }
  const p = opts.previous
  return {
    energy_kwh: '',
    gas_volume_mcf: p ? format(p.gas_volume_mcf) : '',
    runtime_hours: p ? format(p.runtime_hours) : '',
    notes: '',
  }
}

export interface EntryMessage {
  meter: Meter
  day: string
  text: string
}

export interface EntryState {
  meter: Meter
  /** null: the meter's proposed day. */
  day: string | null
  adjustment: boolean
  /** Only what the user typed; everything else shows the initial values. */
  edits: Partial<EntryValues>
  message: EntryMessage | null
}

export const initialEntryState: EntryState = {
  meter: '',
  day: null,
  adjustment: false,
  edits: {},
  message: null,
}

export type EntryAction =
  | { type: 'meter'; meter: Meter }
  | { type: 'day'; day: string }
  | { type: 'adjustment'; on: boolean }
  | { type: 'edit'; field: EntryField; value: string }
  | { type: 'saved'; message: EntryMessage; next: { meter: Meter; day: string | null } }

/**
 * Changing the meter, the day or the kind of entry starts over from what that choice shows
 * (typed values of another meter or day must not be saved onto this one).
 */
export function entryReducer(state: EntryState, action: EntryAction): EntryState {
  switch (action.type) {
    case 'meter':
      return action.meter === state.meter
        ? state
        : { ...state, meter: action.meter, day: null, edits: {}, message: null }
    case 'day':
      return action.day === state.day ? state : { ...state, day: action.day, edits: {} }
    case 'adjustment':
      return { ...state, adjustment: action.on, edits: {} }
    case 'edit':
      return { ...state, edits: { ...state.edits, [action.field]: action.value } }
    case 'saved':
      return {
        ...state,
        meter: action.next.meter,
        day: action.next.day,
        edits: {},
        message: action.message,
      }
  }
}

export const shownValues = (state: EntryState, initial: EntryValues): EntryValues => ({
  ...initial,
  ...state.edits,
})

/** The fields the user changed from what the form showed: all an existing reading's save may touch. */
export function changedFields(state: EntryState, initial: EntryValues): EntryField[] {
  return ENTRY_FIELDS.filter(
    (f) => state.edits[f] !== undefined && state.edits[f].trim() !== initial[f].trim(),
  )
}

/** The last save's message, only while the meter it speaks of is selected. */
export const visibleMessage = (state: EntryState): string | null =>
  state.message && state.message.meter === state.meter ? state.message.text : null

export type Round = 'meters' | 'days'

/**
 * Where the keyboard round goes after a save. 'meters': the next meter (in list order) without
 * a reading for the same day, then the first meter's next day; 'days': the same meter's next
 * day. Never past today: when the round has nothing left up to today it stays, `done`.
 * `has(meter, day)` says whether a daily reading exists.
 */
export function nextStop(opts: {
  round: Round
  meters: readonly Meter[]
  meter: Meter
  day: string
  today: string
  has: (meter: Meter, day: string) => boolean
}): { meter: Meter; day: string; done: boolean } {
  const { round, meters, meter, day, today, has } = opts
  const nextDay = addDays(day, 1)
  if (round === 'meters') {
    const at = meters.indexOf(meter)
    for (let i = 1; i < meters.length; i++) {
      const m = meters[(at + i) % meters.length]!
      if (!has(m, day)) return { meter: m, day, done: false }
    }
  }
  if (nextDay > today) return { meter, day, done: true }
  return { meter: round === 'meters' ? (meters[0] ?? meter) : meter, day: nextDay, done: false }
}

/** The typed values of `fields` as a row's columns, or per-field messages for what cannot be read. */
export function readValues(
  values: EntryValues,
  fields: readonly EntryField[],
  locale: string,
): { ok: true; patch: Partial<EnergyReadingRow> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const patch: Partial<EnergyReadingRow> = {}
  for (const field of fields) {
    if (field === 'notes') {
      patch.notes = values.notes.trim() || null
      continue
    }
    const parsed = parseNumber(values[field], locale)
    if (!parsed.ok) errors[field] = parsed.message
    else if (field !== 'energy_kwh') patch[field] = parsed.value
    else if (parsed.value === null) errors[field] = 'Enter the energy in kWh'
    else patch.energy_kwh = parsed.value
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch }
}
