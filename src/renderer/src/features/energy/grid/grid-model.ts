// What each cell of the readings grid shows, from the readings on this laptop and what the
// person typed. Pure (tests/unit/features/readings-grid.test.ts). Days are site-local
// (shared/site-time); warnings are the daily-entry form's own (energy-math's
// plausibilityWarnings over the meter's previous 14 readings); refusals come from the write
// path (store/writes) or the server, never from a check of this screen's own.
import type { LocalState } from '../../../store/db'
import { parseNumber } from '../../../ui/numbers'
import type { EntryWarning } from '../energy-math'
import { plausibilityWarnings } from '../energy-math'
import type { Meter } from '../entry-logic'
import { isDailyReading, meterOf } from '../entry-logic'
import {
  addDays,
  dayLabel,
  monthLabel,
  monthOfDay,
  siteDay,
  siteDayHours,
} from '../../../../../shared/site-time'

/** About three months: the longest range the grid shows. */
export const MAX_DAYS = 92
export const DEFAULT_DAYS = 31

/** `count` site days ending with `to`, oldest first. */
export function gridDays(to: string, count: number): string[] {
  const n = Math.max(1, Math.min(MAX_DAYS, Math.floor(count) || DEFAULT_DAYS))
  return Array.from({ length: n }, (_, i) => addDays(to, i - n + 1))
}

export interface GridMeter {
  /** '' is the site meter. */
  id: Meter
  name: string
  /** Rated power (a unit's, or the site's capacity for the site meter), for the capacity check. */
  ratedKw: number | null
  billing: boolean
}

export interface GridReading {
  id: string
  equipment_id: string | null
  period_start: string
  energy_kwh: number
  source: string
  deleted_at: string | null
  _state: LocalState
}

export interface GridSite {
  name: string
  timezone: string
  capacity_kw: number | null
  billing_meter_id: string | null
}

export interface GridUnit {
  id: string
  name: string
  kind: string
  rated_power_kw: number | null
}

/**
 * The grid's meters, as the daily-entry form lists them (the site meter, then the
 * generators), plus any other unit that has a daily reading in the range (a sub-meter on a
 * transformer), so no reading of the range is left out.
 */
export function gridMeters(
  site: GridSite,
  units: readonly GridUnit[],
  readings: readonly GridReading[],
): GridMeter[] {
  const read = new Set(readings.filter(isDailyReading).map(meterOf))
  const billing = site.billing_meter_id ?? ''
  const shown = units.filter((u) => u.kind === 'generator' || read.has(u.id))
  return [
    { id: '', name: 'Site meter', ratedKw: site.capacity_kw, billing: billing === '' },
    ...shown.map((u) => ({
      id: u.id,
      name: u.name,
      ratedKw: u.rated_power_kw,
      billing: billing === u.id,
    })),
  ]
}

export const cellKey = (meter: Meter, day: string): string => `${meter}|${day}`

/** What the person typed into a cell and has not got saved: being saved, or refused. */
export interface CellDraft {
  text: string
  /** Why it was refused (the parse, the validator, a closed month, a future day); null: saving. */
  error: string | null
  /**
   * Saved on this laptop: the cell keeps showing the typed text until the reading it became
   * is read back (no flicker of the old value), then the draft is spent.
   */
  saved?: { kwh: number }
}

/** A saved draft whose reading the cell now shows: nothing of it is left to show. */
const draftSpent = (draft: CellDraft, reading: GridReading | undefined): boolean =>
  draft.saved !== undefined && reading !== undefined && reading.energy_kwh === draft.saved.kwh

/** The saved drafts whose cells now show the reading they became: nothing of them is left to show. */
export function spentDrafts(
  cells: readonly (readonly GridCell[])[],
  days: readonly string[],
  meters: readonly GridMeter[],
  drafts: ReadonlyMap<string, CellDraft>,
): string[] {
  // The drafts are few and the cells many: look each saved draft's cell up.
  const spent: string[] = []
  for (const [key, d] of drafts) {
    if (!d.saved) continue
    const [meter, day] = key.split('|')
    const cell = cells[days.indexOf(day!)]?.[meters.findIndex((m) => m.id === meter)]
    if (cell && draftSpent(d, cell.reading)) spent.push(key)
  }
  return spent
}

export type CellMark = 'synced' | 'unsynced' | 'failed' | 'conflict'

export interface CellLock {
  kind: 'closed' | 'future'
  /** A sentence for the person. */
  message: string
  /** A word for the cell. */
  short: string
}

/**
 * Why a day cannot take a reading here: a month the office closed, or a day that has not
 * happened yet at the site (the daily-entry form's words). Null: open.
 */
export function cellLock(
  day: string,
  opts: { today: string; closedMonths: ReadonlySet<string>; siteName: string },
): CellLock | null {
  if (day > opts.today)
    return {
      kind: 'future',
      short: 'Not yet',
      message: `${dayLabel(day)} has not happened yet at ${opts.siteName} (today there is ${dayLabel(opts.today)}).`,
    }
  const month = monthOfDay(day)
  if (opts.closedMonths.has(month))
    return {
      kind: 'closed',
      short: 'Closed',
      message: `${monthLabel(month)} is closed for this site: its readings are read-only. Enter a correction as an adjustment with a reason on the daily-entry form.`,
    }
  return null
}

export interface GridCell {
  key: string
  meter: Meter
  day: string
  /** The meter's daily reading for the day on this laptop, if any. */
  reading: GridReading | undefined
  draft: CellDraft | undefined
  mark: CellMark | null
  lock: CellLock | null
  /** Why the value in the cell was refused: by this laptop (draft) or by the server. */
  error: string | null
  warnings: EntryWarning[]
}

export interface GridInput {
  days: readonly string[]
  meters: readonly GridMeter[]
  /** The range's readings and the ones before it (history for the warnings), any order. */
  readings: readonly GridReading[]
  timeZone: string
  today: string
  siteName: string
  closedMonths: ReadonlySet<string>
  drafts: ReadonlyMap<string, CellDraft>
  /** Row id → why the server refused its last edit, in words. */
  failures: ReadonlyMap<string, string>
  /** Row ids with an open conflict. */
  conflicts: ReadonlySet<string>
  locale: string
}

const HISTORY = 14

// Site-day arithmetic goes through Intl (about ten formatToParts calls per instant), and the
// grid is rebuilt at every step of every save: each answer is kept (bench/readings-grid.ts).
const known = new Map<string, string | number>()
function remember<T extends string | number>(key: string, compute: () => T): T {
  let value = known.get(key) as T | undefined
  if (value === undefined) {
    if (known.size > 50_000) known.clear()
    value = compute()
    known.set(key, value)
  }
  return value
}
const dayOf = (instant: string, tz: string) =>
  remember(`d|${tz}|${instant}`, () => siteDay(instant, tz))
const hoursOf = (day: string, tz: string) => remember(`h|${tz}|${day}`, () => siteDayHours(day, tz))

/** Each meter's daily readings, in the order given; with `only`, just those meters'. */
function readingsByMeter(
  readings: readonly GridReading[],
  only?: ReadonlySet<Meter>,
): Map<Meter, GridReading[]> {
  const by = new Map<Meter, GridReading[]>()
  for (const r of readings) {
    if (!isDailyReading(r) || (only && !only.has(meterOf(r)))) continue
    const list = by.get(meterOf(r))
    if (list) list.push(r)
    else by.set(meterOf(r), [r])
  }
  return by
}

/**
 * Every cell: `[day][meter]`, in the order of `days` and `meters`. With `reuse`, only the
 * meters it names are computed; the other columns are taken from `reuse.previous`, which must
 * have been built from the same input but for the drafts of those meters (`draftMeters`).
 */
export function buildGrid(
  input: GridInput,
  reuse?: { previous: readonly (readonly GridCell[])[]; meters: ReadonlySet<Meter> },
): GridCell[][] {
  const { days, meters, timeZone: tz } = input
  // Each meter's daily readings by day, oldest first (history and the cells alike).
  const byMeter = new Map<Meter, { day: string; r: GridReading }[]>()
  for (const [meter, list] of readingsByMeter(input.readings, reuse?.meters))
    byMeter.set(
      meter,
      list
        .map((r) => ({ day: dayOf(r.period_start, tz), r }))
        .sort((a, b) => a.day.localeCompare(b.day) || a.r.id.localeCompare(b.r.id)),
    )
  const hours = days.map((d) => hoursOf(d, tz))
  // A lock is the day's, whatever the meter: one per day.
  const locks = days.map((d) => cellLock(d, input))
  const rows: GridCell[][] = days.map(() => [])
  for (const [col, meter] of meters.entries()) {
    if (reuse && !reuse.meters.has(meter.id)) {
      rows.forEach((row, r) => row.push(reuse.previous[r]![col]!))
      continue
    }
    const list = byMeter.get(meter.id) ?? []
    let next = 0
    const history: number[] = []
    days.forEach((day, row) => {
      // Readings before this day become history; the one on it (the first, if a laptop holds two) is the cell's.
      while (next < list.length && list[next]!.day < day) history.push(list[next++]!.r.energy_kwh)
      const on = next < list.length && list[next]!.day === day ? list[next]!.r : undefined
      const key = cellKey(meter.id, day)
      const typed = input.drafts.get(key)
      const draft = typed && !draftSpent(typed, on) ? typed : undefined
      const lock = locks[row]!
      let kwh: number | null = on ? on.energy_kwh : null
      if (draft) {
        const parsed = parseNumber(draft.text, input.locale)
        kwh = parsed.ok ? parsed.value : null
      }
      const failed = on ? input.failures.get(on.id) : undefined
      const mark: CellMark | null = !on
        ? null
        : on._state === 'failed' || failed !== undefined
          ? 'failed'
          : input.conflicts.has(on.id)
            ? 'conflict'
            : on._state
      const error =
        draft?.error ??
        (mark === 'failed'
          ? (failed ?? 'The server refused the last edit of this reading: see the Sync center.')
          : null)
      const warnings =
        kwh === null || lock?.kind === 'future'
          ? []
          : plausibilityWarnings({
              kwh,
              hours: hours[row]!,
              ratedKw: meter.ratedKw,
              meterName: meter.name,
              history: history.slice(-HISTORY),
            })
      rows[row]!.push({
        key,
        meter: meter.id,
        day,
        reading: on,
        draft,
        mark,
        lock,
        error,
        warnings,
      })
    })
  }
  return rows
}

/** The meters whose drafts differ between two versions of the drafts (same objects: same). */
export function draftMeters(
  before: ReadonlyMap<string, CellDraft>,
  after: ReadonlyMap<string, CellDraft>,
): Set<Meter> {
  const meters = new Set<Meter>()
  const meterOfKey = (key: string) => key.slice(0, key.indexOf('|'))
  for (const [key, draft] of after) if (before.get(key) !== draft) meters.add(meterOfKey(key))
  for (const key of before.keys()) if (!after.has(key)) meters.add(meterOfKey(key))
  return meters
}

/**
 * The meters whose cells can differ between two inputs: those whose drafts or daily readings
 * changed. Null when anything else changed (the days, the meters, a lock, a mark): then every
 * cell is rebuilt.
 */
export function changedMeters(before: GridInput, after: GridInput): Set<Meter> | null {
  const same = (Object.keys(after) as (keyof GridInput)[]).every(
    (k) => k === 'drafts' || k === 'readings' || before[k] === after[k],
  )
  if (!same) return null
  const meters = draftMeters(before.drafts, after.drafts)
  if (before.readings === after.readings) return meters
  const was = readingsByMeter(before.readings)
  const now = readingsByMeter(after.readings)
  for (const meter of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(meter) ?? []
    const b = now.get(meter) ?? []
    if (a.length !== b.length || a.some((r, i) => !sameReading(r, b[i]))) meters.add(meter)
  }
  return meters
}

/** What a cell shows: the typed value while there is one, else the reading's kWh. */
export function cellText(cell: GridCell, format: (n: number) => string): string {
  if (cell.draft) return cell.draft.text
  return cell.reading ? format(cell.reading.energy_kwh) : ''
}

const sameReading = (a: GridReading | undefined, b: GridReading | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.id === b.id &&
    a.energy_kwh === b.energy_kwh &&
    a._state === b._state &&
    a.period_start === b.period_start &&
    a.source === b.source &&
    a.deleted_at === b.deleted_at)

const sameDraft = (a: CellDraft | undefined, b: CellDraft | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.text === b.text &&
    a.error === b.error &&
    a.saved?.kwh === b.saved?.kwh)

/** Whether two builds of a cell show the same thing. */
export function sameCell(a: GridCell, b: GridCell): boolean {
  return (
    a.key === b.key &&
    a.mark === b.mark &&
    a.error === b.error &&
    a.lock?.message === b.lock?.message &&
    a.warnings.length === b.warnings.length &&
    a.warnings.every((w, i) => w.message === b.warnings[i]!.message) &&
    sameReading(a.reading, b.reading) &&
    sameDraft(a.draft, b.draft)
  )
}

/**
 * `next` with every cell (and every row) that shows what it showed in `prev` replaced by the
 * object of `prev`, so the grid's memoised rows and cells re-render only where something
 * changed: a save touches one cell, not the 600 in view.
 */
export function keepUnchanged(
  prev: readonly (readonly GridCell[])[] | undefined,
  next: GridCell[][],
): readonly (readonly GridCell[])[] {
  if (!prev) return next
  return next.map((row, r) => {
    const before = prev[r]
    if (!before || before.length !== row.length) return row
    let same = true
    const kept = row.map((cell, c) => {
      const old = before[c]!
      if (sameCell(old, cell)) return old
      same = false
      return cell
    })
    return same ? before : kept
  })
}
