import { describe, expect, it } from 'vitest'
import { parseReadingsCsv, readingsToCsv } from '../../../src/renderer/src/features/energy/csv'
import {
  dailyTotals,
  entryWarnings,
  missingDays,
  startOfLocalDay,
} from '../../../src/renderer/src/features/energy/energy-math'
import {
  lastMonths,
  reconcileMonth,
} from '../../../src/renderer/src/features/reconciliation/reconcile'
import type { EnergyReadingRow } from '../../../src/shared/schema/tables'

const reading = (
  start: string,
  kwh: number,
  over: Partial<EnergyReadingRow> = {},
): EnergyReadingRow => ({
  id: crypto.randomUUID(),
  organization_id: 'o',
  site_id: 's1',
  equipment_id: null,
  period_start: start,
  period_end: start,
  period_month: `${start.slice(0, 7)}-01`,
  energy_kwh: kwh,
  gas_volume_mcf: 10,
  runtime_hours: 24,
  source: 'meter',
  notes: null,
  created_at: '',
  created_by: null,
  updated_at: '',
  updated_by: null,
  deleted_at: null,
  ...over,
})

describe('site-local days', () => {
  it('finds local midnight across daylight-saving changes', () => {
    expect(startOfLocalDay('2026-03-08', 'America/Chicago')).toBe('2026-03-08T06:00:00.000Z')
    expect(startOfLocalDay('2026-03-09', 'America/Chicago')).toBe('2026-03-09T05:00:00.000Z')
    expect(startOfLocalDay('2026-11-01', 'America/Chicago')).toBe('2026-11-01T05:00:00.000Z')
    expect(startOfLocalDay('2026-11-02', 'America/Chicago')).toBe('2026-11-02T06:00:00.000Z')
  })

  it('sums readings per local day and lists missing days, ignoring deleted ones and adjustments', () => {
    const readings = [
      reading('2026-03-08T06:00:00Z', 100),
      reading('2026-03-08T06:00:00Z', 50, { equipment_id: 'e1' }),
      reading('2026-03-10T05:00:00Z', 70),
      reading('2026-03-09T05:00:00Z', 999, { deleted_at: 'x' }),
      reading('2026-03-11T05:00:00Z', -5, { source: 'adjustment' }),
    ]
    expect(dailyTotals(readings, 'America/Chicago')).toEqual([
      { day: '2026-03-08', kwh: 150 },
      { day: '2026-03-10', kwh: 70 },
      { day: '2026-03-11', kwh: -5 },
    ])
    expect(missingDays(readings, 'America/Chicago', '2026-03-08', '2026-03-11')).toEqual([
      '2026-03-09',
      '2026-03-11',
    ])
  })
})

describe('entry warnings', () => {
  const history = [1000, 1010, 990, 1005, 995]
  it('says nothing for an ordinary value', () => {
    expect(entryWarnings(1002, history)).toEqual([])
  })
  it.each([
    [-4, 'negative'],
    [0, 'zero'],
    [2000, 'spike'],
    [400, 'decline'],
  ])('flags %d as %s without blocking', (kwh, kind) => {
    expect(entryWarnings(kwh, history).map((w) => w.kind)).toEqual([kind])
  })
  it('has no baseline for a first reading', () => {
    expect(entryWarnings(5000, [])).toEqual([])
  })
})

describe('CSV', () => {
  it('exports what it imports', () => {
    const rows = [
      reading('2026-03-08T06:00:00Z', 1234.5, { notes: 'a, "quoted" note', equipment_id: 'e1' }),
    ]
    const csv = readingsToCsv(rows, { siteCode: () => 'PB-MV14', assetTag: () => 'OP-1' })
    const back = parseReadingsCsv(csv)
    expect(back.problems).toEqual([])
    expect(back.rows).toEqual([
      {
        line: 2,
        values: {
          site_code: 'PB-MV14',
          equipment_asset_tag: 'OP-1',
          period_start: '2026-03-08T06:00:00Z',
          period_end: '2026-03-08T06:00:00Z',
          energy_kwh: 1234.5,
          gas_volume_mcf: 10,
          runtime_hours: 24,
          source: 'meter',
          notes: 'a, "quoted" note',
        },
      },
    ])
  })

  it('reports bad rows by line and keeps the good ones', () => {
    const csv = [
      'site_code,period_start,period_end,energy_kwh',
      'A,2026-01-01T00:00:00Z,2026-01-02T00:00:00Z,12',
      'A,2026-01-02T00:00:00Z,2026-01-03T00:00:00Z,lots',
      'B,2026-01-03T00:00:00Z,2026-01-04T00:00:00Z,',
    ].join('\n')
    const { rows, problems } = parseReadingsCsv(csv)
    expect(rows.map((r) => r.line)).toEqual([2])
    expect(problems).toEqual([
      { line: 3, message: 'energy_kwh "lots" is not a number' },
      { line: 4, message: 'energy_kwh "" is not a number' },
    ])
    expect(parseReadingsCsv('site,kwh\nA,1').problems[0]!.message).toMatch(
      /Missing columns: site_code, period_start, period_end, energy_kwh/,
    )
  })
})

describe('reconciliation', () => {
  it('compares a month of production with invoices and credits and counts missing days', () => {
    const readings = ['2026-09-01', '2026-09-02', '2026-09-04'].map((d) =>
      reading(`${d}T05:00:00Z`, 1000),
    )
    const line = reconcileMonth(
      's1',
      'America/Chicago',
      '2026-09-01',
      readings,
      [
        {
          site_id: 's1',
          period_start: '2026-09-01',
          energy_kwh: 2700,
          amount: 121.5,
          deleted_at: null,
        },
      ],
      [
        {
          site_id: 's1',
          period_start: '2026-09-01',
          methane_destroyed_mcf: 30,
          credits_tco2e: 16,
          deleted_at: null,
        },
      ],
      '2026-09-04',
    )
    expect(line).toMatchObject({
      producedKwh: 3000,
      invoicedKwh: 2700,
      gasMcf: 30,
      creditedMcf: 30,
      expectedDays: 4,
      capturedDays: 3,
      missing: ['2026-09-03'],
    })
    expect(line.invoiceDiff).toBeCloseTo(-0.1)
    expect(line.creditDiff).toBe(0)
    expect(lastMonths(3, '2026-01-15')).toEqual(['2026-01-01', '2025-12-01', '2025-11-01'])
  })
})
