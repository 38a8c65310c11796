import { describe, expect, it } from 'vitest'
import { meanUptime, unitDays } from '../../../src/renderer/src/features/equipment/unit-history'
import { trailingAverage } from '../../../src/renderer/src/features/energy/trailing-average'
import { startOfSiteDay } from '../../../src/shared/site-time'

const TZ = 'America/Chicago'
const reading = (day: string, kwh: number, runtime: number | null, source = 'manual') => ({
  period_start: startOfSiteDay(day, TZ),
  energy_kwh: kwh,
  runtime_hours: runtime,
  source,
  deleted_at: null,
})

describe('trailingAverage', () => {
  it('leaves days without a figure out of the mean instead of counting them as zero', () => {
    expect(trailingAverage([10, null, 20, null], 3)).toEqual([10, 10, 15, 20])
    expect(trailingAverage([null, null])).toEqual([null, null])
  })
})

describe('unitDays', () => {
  it('sums a day with its adjustment, keeps a missing day a gap, and reads uptime in site hours', () => {
    const days = unitDays(
      [
        reading('2026-10-31', 20_000, 24),
        reading('2026-10-31', -500, null, 'adjustment'),
        // The fall change: 24 h of runtime on a 25-hour day.
        reading('2026-11-01', 21_000, 24),
        reading('2026-11-03', 19_000, 12),
        { ...reading('2026-11-02', 99_999, 24), deleted_at: '2026-11-03T00:00:00Z' },
        reading('2026-10-20', 1, 1),
      ],
      { from: '2026-10-31', to: '2026-11-03', timeZone: TZ },
    )
    expect(days).toEqual([
      { day: '2026-10-31', kwh: 19_500, average: 19_500, uptime: 100 },
      { day: '2026-11-01', kwh: 21_000, average: 20_250, uptime: 96 },
      { day: '2026-11-02', kwh: null, average: 20_250, uptime: null },
      { day: '2026-11-03', kwh: 19_000, average: 19_833, uptime: 50 },
    ])
    expect(meanUptime(days)).toBe(82)
    expect(meanUptime(days.filter((d) => d.uptime === null))).toBeNull()
  })
})
