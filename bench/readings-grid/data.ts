// The synthetic site both grid pages show: 92 site days × 21 meters (the site meter and 20
// generators), every day with a reading, built through the grid's own pure model
// (grid-model.ts), so both grids start from the same cells. Deterministic (seeded).
import type {
  GridInput,
  GridReading,
  GridSite,
  GridUnit,
} from '../../src/renderer/src/features/energy/grid/grid-model'
import {
  MAX_DAYS,
  gridDays,
  gridMeters,
} from '../../src/renderer/src/features/energy/grid/grid-model'
import { addDays, startOfSiteDay } from '../../src/shared/site-time'

export const LOCALE = 'en-US'
export const TIME_ZONE = 'America/Chicago'
export const TODAY = '2026-11-30'
export const GENERATORS = 20
/** Days before the range whose readings are the warnings' history (buildGrid looks back 14). */
const HISTORY_DAYS = 14

/** mulberry32: a small seeded generator, so every run and both grids see the same figures. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface BenchData {
  input: GridInput
  /** The readings of the range and of its history, as the page feeds buildGrid. */
  readings: GridReading[]
}

export function benchData(): BenchData {
  const rnd = random(20261130)
  const days = gridDays(TODAY, MAX_DAYS)
  const first = days[0]!
  const history = Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(first, i - HISTORY_DAYS))
  const units: GridUnit[] = Array.from({ length: GENERATORS }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    name: `G${i + 1} ${['Waukesha', 'Jenbacher', 'Caterpillar', 'MTU'][i % 4]!}`,
    kind: 'generator',
    rated_power_kw: 300 + (i % 6) * 100,
  }))
  const site: GridSite = {
    name: 'Bench site',
    timezone: TIME_ZONE,
    capacity_kw: units.reduce((n, u) => n + (u.rated_power_kw ?? 0), 0),
    billing_meter_id: null,
  }
  const readings: GridReading[] = []
  const conflicts = new Set<string>()
  const failures = new Map<string, string>()
  for (const day of [...history, ...days]) {
    const inRange = day >= first
    let siteKwh = 0
    const add = (equipment: string | null, kwh: number) => {
      const id = `r-${equipment ?? 'site'}-${day}`
      const roll = rnd()
      // Mostly synced; some pending, a few refused by the server, a few in conflict.
      const state = !inRange || roll < 0.86 ? 'synced' : roll < 0.94 ? 'unsynced' : 'failed'
      if (inRange && state === 'synced' && rnd() < 0.03) conflicts.add(id)
      if (state === 'failed' && rnd() < 0.5)
        failures.set(id, 'energy_kwh: the reading is more than the meter can register in a day')
      readings.push({
        id,
        equipment_id: equipment,
        period_start: startOfSiteDay(day, TIME_ZONE),
        energy_kwh: Math.round(kwh * 10) / 10,
        source: 'manual',
        deleted_at: null,
        _state: state,
      })
    }
    for (const u of units) {
      const roll = rnd()
      // Capacity factor 0.7–0.9; now and then a day down (zero) or a spike (a warning).
      const factor = roll < 0.02 ? 0 : roll < 0.05 ? 1.6 + rnd() * 0.5 : 0.7 + rnd() * 0.2
      const kwh = (u.rated_power_kw ?? 0) * 24 * factor
      siteKwh += kwh
      add(u.id, kwh)
    }
    add(null, siteKwh * 0.98)
  }
  const meters = gridMeters(site, units, readings)
  return {
    readings,
    input: {
      days,
      meters,
      readings,
      timeZone: TIME_ZONE,
      today: TODAY,
      siteName: site.name,
      // The range starts on 31 August; August is closed (one read-only row, as a real range has).
      closedMonths: new Set(['2026-08-01']),
      drafts: new Map(),
      failures,
      conflicts,
      locale: LOCALE,
    },
  }
}
