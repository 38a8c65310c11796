// Pure calculations over readings: daily totals, entry warnings, completeness.
import { eachDay, siteDay } from '../../../../shared/site-time'

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
    const day = siteDay(r.period_start, timeZone)
    totals.set(day, (totals.get(day) ?? 0) + r.energy_kwh)
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, kwh]) => ({ day, kwh: Math.round(kwh) }))
}

export type EntryWarning = {
  kind: 'capacity' | 'spike' | 'decline' | 'zero' | 'previous'
  message: string
}

/** "23,558 kWh": a kWh figure as the warnings and the charts write it. */
export const kwhText = (n: number) => `${Math.round(n).toLocaleString('en-US')} kWh`

export interface PlausibilityInput {
  kwh: number
  /** Length of the reading's period in hours. */
  hours: number
  /** The meter's rated power (kW), if known: its capacity is that times the period. */
  ratedKw: number | null
  meterName: string
  /** The meter's earlier daily kWh, oldest first (the last one is the previous reading). */
  history: readonly number[]
}

/**
 * Reasons to look again at a reading: above what the meter can produce in the period, far
 * from the recent average, or far from the previous reading. They never block the entry (a
 * real shutdown or spike is entered as is) and each says why.
 */
export function plausibilityWarnings(input: PlausibilityInput): EntryWarning[] {
  const { kwh, hours, ratedKw, meterName, history } = input
  if (!Number.isFinite(kwh) || kwh < 0) return []
  const warnings: EntryWarning[] = []
  if (ratedKw !== null && ratedKw > 0 && hours > 0) {
    const capacity = ratedKw * hours
    if (kwh > capacity)
      warnings.push({
        kind: 'capacity',
        message: `${kwhText(kwh)} is more than ${meterName} can produce in ${Math.round(hours * 100) / 100} h at ${ratedKw.toLocaleString('en-US')} kW (at most ${kwhText(capacity)}).`,
      })
  }
  const recent = history.filter((v) => Number.isFinite(v)).slice(-14)
  if (recent.length === 0) return warnings
  const average = recent.reduce((a, b) => a + b, 0) / recent.length
  const days = `${recent.length}-reading average`
  if (kwh === 0 && average > 0)
    warnings.push({
      kind: 'zero',
      message: `No production, against a ${days} of ${kwhText(average)}: was the unit down all period?`,
    })
  else if (average > 0 && kwh > average * 1.5)
    warnings.push({
      kind: 'spike',
      message: `${Math.round((kwh / average - 1) * 100)}% above the ${days} (${kwhText(average)}).`,
    })
  else if (average > 0 && kwh < average * 0.6)
    warnings.push({
      kind: 'decline',
      message: `${Math.round((1 - kwh / average) * 100)}% below the ${days} (${kwhText(average)}).`,
    })
  const last = recent[recent.length - 1]!
  const nearAverage = warnings.every((w) => w.kind === 'capacity')
  if (nearAverage && last > 0 && Math.abs(kwh - last) / last > 0.5)
    warnings.push({
      kind: 'previous',
      message: `${Math.round((Math.abs(kwh - last) / last) * 100)}% ${kwh > last ? 'above' : 'below'} the previous reading (${kwhText(last)}).`,
    })
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
      .map((r) => siteDay(r.period_start, timeZone)),
  )
  return eachDay(from, to).filter((day) => !have.has(day))
}

/**
 * kWh per site-local day of the billing meter and of the sub-meters (summed), kept apart:
 * adding them double-counts what the billing meter already measured.
 */
export function dailyByMeterRole(
  readings: readonly (ReadingLike & { equipment_id: string | null })[],
  timeZone: string,
  billingMeter: string,
): { day: string; billing: number; subMeters: number }[] {
  const totals = new Map<string, { billing: number; subMeters: number }>()
  for (const r of readings) {
    if (r.deleted_at) continue
    const day = siteDay(r.period_start, timeZone)
    const t = totals.get(day) ?? { billing: 0, subMeters: 0 }
    if ((r.equipment_id ?? '') === billingMeter) t.billing += r.energy_kwh
    else t.subMeters += r.energy_kwh
    totals.set(day, t)
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, t]) => ({
      day,
      billing: Math.round(t.billing),
      subMeters: Math.round(t.subMeters),
    }))
}
