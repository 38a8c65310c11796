// Pure calculations over readings: daily totals, entry warnings, completeness.
import { localDate } from '../../ui/format'

export interface ReadingLike {
  site_id: string
  period_start: string
  period_end: string
  energy_kwh: number
  deleted_at: string | null
  source?: string
}

export function dailyTotals(
  readings: readonly ReadingLike[],
  timeZone: string,
): { day: string; kwh: number }[] {
  const totals = new Map<string, number>()
  for (const r of readings) {
    if (r.deleted_at) continue
    const day = localDate(r.period_start, timeZone)
    totals.set(day, (totals.get(day) ?? 0) + r.energy_kwh)
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, kwh]) => ({ day, kwh: Math.round(kwh) }))
}

export type EntryWarning = { kind: 'negative' | 'spike' | 'decline' | 'zero'; message: string }

/**
 * Warnings for a new reading against the last one and the recent average. They never block
 * the entry: a technician may confirm a real spike or shutdown.
 */
export function entryWarnings(kwh: number, previous: readonly number[]): EntryWarning[] {
  if (kwh < 0) return [{ kind: 'negative', message: 'Negative production: is this an adjustment?' }]
  const recent = previous.filter((v) => Number.isFinite(v)).slice(-14)
  if (recent.length === 0) return []
  const last = recent[recent.length - 1]!
  const average = recent.reduce((a, b) => a + b, 0) / recent.length
  const warnings: EntryWarning[] = []
  if (kwh === 0 && average > 0)
    warnings.push({ kind: 'zero', message: 'No production: was the site down all day?' })
  else if (average > 0 && kwh > average * 1.5) {
    warnings.push({
      kind: 'spike',
      message: `${Math.round((kwh / average - 1) * 100)}% above the 14-day average (${Math.round(average).toLocaleString()} kWh)`,
    })
  } else if (average > 0 && kwh < average * 0.6) {
    warnings.push({
      kind: 'decline',
      message: `${Math.round((1 - kwh / average) * 100)}% below the 14-day average (${Math.round(average).toLocaleString()} kWh)`,
    })
  }
  if (last > 0 && Math.abs(kwh - last) / last > 0.5 && warnings.length === 0) {
    warnings.push({
      kind: kwh > last ? 'spike' : 'decline',
      message: `Far from the last reading (${Math.round(last).toLocaleString()} kWh)`,
    })
  }
  return warnings
}

/** Days (YYYY-MM-DD, site-local) in [from, to] with no live reading. */
export function missingDays(
  readings: readonly ReadingLike[],
  timeZone: string,
  from: string,
  to: string,
): string[] {
  const have = new Set(
    readings
      .filter((r) => !r.deleted_at && r.source !== 'adjustment')
      .map((r) => localDate(r.period_start, timeZone)),
  )
  const missing: string[] = []
  for (
    let d = new Date(`${from}T12:00:00Z`);
    d <= new Date(`${to}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    const day = d.toISOString().slice(0, 10)
    if (!have.has(day)) missing.push(day)
  }
  return missing
}

/** The instant a site-local calendar day starts (DST-aware), as ISO. */
export function startOfLocalDay(day: string, timeZone: string): string {
  // Find the UTC instant whose local date is `day` at 00:00, probing the offsets a zone can have.
  const guess = new Date(`${day}T00:00:00Z`).getTime()
  for (let offsetHours = -14; offsetHours <= 14; offsetHours++) {
    const candidate = new Date(guess - offsetHours * 3_600_000)
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(candidate)
    if (parts === `${day}, 00:00`) return candidate.toISOString()
  }
  return new Date(guess).toISOString()
}
