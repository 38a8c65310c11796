// One unit's days for its charts: kWh against its 7-day average, and uptime from the runtime
// hours its daily readings carry. Pure. Days are site-local; a day's length is the site's
// (23 or 25 hours when the clocks change), so 24 h of runtime on a 25-hour day is 96%, not
// 100%. A day without a reading is a gap (null), never a zero: a missing reading is not an
// outage.
import { eachDay, siteDay, siteDayHours } from '../../../../shared/site-time'
import { isDailyReading } from '../energy/entry-logic'
import { trailingAverage } from '../energy/trailing-average'

export interface UnitReading {
  period_start: string
  energy_kwh: number
  runtime_hours: number | null
  source: string
  deleted_at: string | null
}

export interface UnitDay {
  day: string
  /** The day's kWh, adjustments included (what billing counts); null: no reading. */
  kwh: number | null
  average: number | null
  /** Runtime over the day's hours, 0–100; null: no daily reading with a runtime. */
  uptime: number | null
}

export function unitDays(
  readings: readonly UnitReading[],
  opts: { from: string; to: string; timeZone: string },
): UnitDay[] {
  const kwh = new Map<string, number>()
  const runtime = new Map<string, number>()
  for (const r of readings) {
    if (r.deleted_at) continue
    const day = siteDay(r.period_start, opts.timeZone)
    if (day < opts.from || day > opts.to) continue
    kwh.set(day, (kwh.get(day) ?? 0) + r.energy_kwh)
    if (isDailyReading(r) && r.runtime_hours !== null)
      runtime.set(day, (runtime.get(day) ?? 0) + r.runtime_hours)
  }
  const days = eachDay(opts.from, opts.to)
  const daily = days.map((d) => (kwh.has(d) ? Math.round(kwh.get(d)!) : null))
  const average = trailingAverage(daily)
  return days.map((day, i) => {
    const hours = runtime.get(day)
    return {
      day,
      kwh: daily[i]!,
      average: average[i] === null ? null : Math.round(average[i]!),
      uptime:
        hours === undefined
          ? null
          : Math.min(100, Math.round((hours / siteDayHours(day, opts.timeZone)) * 1000) / 10),
    }
  })
}

/** Uptime over the days that have a figure, 0–100; null when none has. */
export function meanUptime(days: readonly UnitDay[]): number | null {
  const known = days.flatMap((d) => (d.uptime === null ? [] : [d.uptime]))
  if (known.length === 0) return null
  return Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10
}
