import { describe, expect, it } from 'vitest'
import {
  collapseDuplicates,
  parseReadingsCsv,
  readingsToCsv,
} from '../../../src/renderer/src/features/energy/csv'
import {
  dailyTotals,
  plausibilityWarnings,
  missingDays,
} from '../../../src/renderer/src/features/energy/energy-math'
import type { MonthLine } from '../../../src/renderer/src/features/reconciliation/reconcile'
import {
  fixed,
  linesToCsv,
  openItems,
  percent,
  reconcileMonth,
} from '../../../src/renderer/src/features/reconciliation/reconcile'
import type { EnergyReadingRow } from '../../../src/shared/schema/tables'
import { lastMonths, startOfSiteDay } from '../../../src/shared/site-time'

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
    expect(startOfSiteDay('2026-03-08', 'America/Chicago')).toBe('2026-03-08T06:00:00.000Z')
    expect(startOfSiteDay('2026-03-09', 'America/Chicago')).toBe('2026-03-09T05:00:00.000Z')
    expect(startOfSiteDay('2026-11-01', 'America/Chicago')).toBe('2026-11-01T05:00:00.000Z')
    expect(startOfSiteDay('2026-11-02', 'America/Chicago')).toBe('2026-11-02T06:00:00.000Z')
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

describe('plausibility warnings', () => {
  const history = [1000, 1010, 990, 1005, 995]
  const check = (kwh: number, over: Partial<Parameters<typeof plausibilityWarnings>[0]> = {}) =>
    plausibilityWarnings({
      kwh,
      hours: 24,
      ratedKw: 1200,
      meterName: 'Generator B',
      history,
      ...over,
    })
  it('says nothing for an ordinary value', () => {
    expect(check(1002)).toEqual([])
  })
  it.each([
    [0, 'zero'],
    [2000, 'spike'],
    [400, 'decline'],
  ])('flags %d as %s without blocking', (kwh, kind) => {
    expect(check(kwh).map((w) => w.kind)).toEqual([kind])
  })
  it('flags a reading above what the meter can produce in the period, and says why', () => {
    const [w] = check(98_000, { history: [] })
    expect(w).toEqual({
      kind: 'capacity',
      message:
        '98,000 kWh is more than Generator B can produce in 24 h at 1,200 kW (at most 28,800 kWh).',
    })
    expect(check(28_800, { history: [] })).toEqual([])
    // A 25-hour day (DST ends) holds more.
    expect(check(29_500, { history: [], hours: 25 })).toEqual([])
  })
  it('compares with the previous reading when the average does not flag it', () => {
    const kinds = check(1600, { history: [2000, 2000, 2000, 2000, 900] }).map((w) => w.kind)
    expect(kinds).toEqual(['previous'])
  })
  it('has no baseline for a first reading and no capacity when the rating is unknown', () => {
    expect(check(5000, { history: [], ratedKw: null })).toEqual([])
  })
})

describe('CSV', () => {
  it('exports what it imports', () => {
    const rows = [
      reading('2026-03-08T06:00:00Z', 1234.5, { notes: 'a, "quoted" note', equipment_id: 'e1' }),
    ]
    const csv = readingsToCsv(rows, {
      siteCode: () => 'PB-MV14',
      assetTag: () => 'OP-1',
      siteName: () => 'Mesa Verde 14-2',
      timeZone: () => 'America/Chicago',
      meterName: () => 'Generator A',
      billingMeter: () => null,
      person: () => 'Tomás Tech',
    })
    // Site-local instants with their offset, names for people, fixed decimals.
    expect(csv.split('\r\n')[1]).toBe(
      'PB-MV14,OP-1,2026-03-08T00:00:00-06:00,2026-03-08T00:00:00-06:00,1234.500,10.000,24.00,meter,"a, ""quoted"" note",Mesa Verde 14-2,Generator A,sub-meter,2026-03-08,Tomás Tech,',
    )
    const back = parseReadingsCsv(csv)
    expect(back.problems).toEqual([])
    expect(back.rows).toEqual([
      {
        line: 2,
        values: {
          site_code: 'PB-MV14',
          equipment_asset_tag: 'OP-1',
          period_start: '2026-03-08T00:00:00-06:00',
          period_end: '2026-03-08T00:00:00-06:00',
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
  const invoice = {
    site_id: 's1',
    invoice_number: 'INV-1',
    period_start: '2026-09-01',
    energy_kwh: 2700,
    amount: 121.5,
    currency: 'USD',
    deleted_at: null,
  }
  const credit = {
    site_id: 's1',
    period_start: '2026-09-01',
    methane_destroyed_mcf: 30,
    credits_tco2e: 16,
    deleted_at: null,
  }
  it('compares a month of the billing meter with invoices and credits and counts missing days', () => {
    const readings = ['2026-09-01', '2026-09-02', '2026-09-04'].map((d) =>
      reading(`${d}T05:00:00Z`, 1000),
    )
    const line = reconcileMonth({
      siteId: 's1',
      timeZone: 'America/Chicago',
      month: '2026-09-01',
      billingMeter: '',
      readings,
      invoices: [invoice],
      credits: [credit],
      lastDay: '2026-09-04',
    })
    expect(line).toMatchObject({
      producedKwh: 3000,
      invoicedKwh: 2700,
      invoiceNumbers: ['INV-1'],
      invoiceAmount: 121.5,
      currency: 'USD',
      gasMcf: 30,
      creditedMcf: 30,
      creditsTco2e: 16,
      expectedDays: 4,
      capturedDays: 3,
      missing: ['2026-09-03'],
      subMeterKwh: null,
      meterBalance: null,
    })
    expect(line.invoiceDiff).toBeCloseTo(-0.1)
    expect(line.creditDiff).toBe(0)
    expect(lastMonths(3, '2026-01-15')).toEqual(['2026-01-01', '2025-12-01', '2025-11-01'])
  })

  it('bills from the billing meter only and sets the sub-meters against it as a meter balance', () => {
    const days = ['2026-09-01', '2026-09-02']
    const readings = [
      ...days.map((d) => reading(`${d}T05:00:00Z`, 1000)),
      ...days.map((d) => reading(`${d}T05:00:00Z`, 600, { equipment_id: 'gen-a' })),
      ...days.map((d) => reading(`${d}T05:00:00Z`, 380, { equipment_id: 'gen-b' })),
      reading('2026-09-02T05:00:00Z', -100, { source: 'adjustment', notes: 'over-read' }),
      // A future day is not a captured day (the old count said "4 of 1").
      reading('2026-09-25T05:00:00Z', 1000),
    ]
    const line = reconcileMonth({
      siteId: 's1',
      timeZone: 'America/Chicago',
      month: '2026-09-01',
      billingMeter: '',
      readings,
      invoices: [{ ...invoice, energy_kwh: 2900 }],
      credits: [],
      lastDay: '2026-09-02',
    })
    expect(line.producedKwh).toBe(2900)
    expect(line.invoiceDiff).toBe(0)
    expect(line.subMeters).toEqual([
      { meter: 'gen-a', kwh: 1200 },
      { meter: 'gen-b', kwh: 760 },
    ])
    expect(line.subMeterKwh).toBe(1960)
    expect(line.meterBalance).toBeCloseTo(1960 / 2900 - 1)
    expect(line.capturedDays).toBe(2)
    expect(line.expectedDays).toBe(2)
    expect(line.creditsTco2e).toBeNull()

    // A unit as the billing meter: the site meter becomes a sub-meter.
    const byGen = reconcileMonth({
      siteId: 's1',
      timeZone: 'America/Chicago',
      month: '2026-09-01',
      billingMeter: 'gen-a',
      readings,
      invoices: [],
      credits: [],
      lastDay: '2026-09-02',
    })
    expect(byGen.producedKwh).toBe(1200)
    expect(byGen.subMeters.map((m) => m.meter).sort()).toEqual(['', 'gen-b'])
  })

  it('writes a CSV an accountant can total: months as months, names, fixed decimals, no -0.00', () => {
    const base = reconcileMonth({
      siteId: 's1',
      timeZone: 'UTC',
      month: '2026-09-01',
      billingMeter: '',
      readings: [reading('2026-09-01T00:00:00Z', 1000.0004)],
      invoices: [{ ...invoice, energy_kwh: 1000, amount: 45 }],
      credits: [credit],
      lastDay: '2026-09-01',
    })
    const csv = linesToCsv([base, { ...base, month: '2026-10-01' }], {
      site: () => ({ name: 'Mesa "Verde"', code: 'PB-MV14' }),
      meter: () => 'Site meter',
    }).split('\n')
    expect(csv[0]).toBe(
      'row,site,site_code,month,billing_meter,billing_meter_kwh,sub_meters_kwh,meter_balance_pct,invoice_numbers,invoiced_kwh,invoice_diff_pct,invoice_amount,currency,gas_mcf,credited_mcf,credit_diff_pct,credits_tco2e,expected_days,captured_days,missing_days',
    )
    expect(csv[1]).toBe(
      'month,"Mesa ""Verde""","PB-MV14",2026-09,"Site meter",1000.000,,,"INV-1",1000.000,0.00,45.00,USD,10.000,30.000,200.00,16.000,1,1,""',
    )
    expect(csv.at(-1)).toBe(
      'total,"","",,"",2000.001,0.000,,"",2000.000,0.00,90.00,USD,20.000,60.000,200.00,32.000,,,""',
    )
    expect(csv.join('\n')).not.toMatch(/-0\.0/)
    expect(csv.some((l) => l.startsWith('site total,"Mesa'))).toBe(true)
    expect(csv.filter((l) => l.startsWith('month total')).map((l) => l.split(',')[3])).toEqual([
      '2026-09',
      '2026-10',
    ])
    expect(fixed(-0.0001, 2)).toBe('0.00')
    expect(percent(-0.00001)).toBe('0.0%')
  })
})

describe('CSV import counts like the server', () => {
  const row = (line: number, start: string, kwh: number, source = 'import') => ({
    line,
    siteId: 's1',
    equipmentId: 'e1',
    values: {
      site_code: 'A',
      equipment_asset_tag: 'T',
      period_start: start,
      period_end: '2026-01-02T06:00:00Z',
      energy_kwh: kwh,
      gas_volume_mcf: null,
      runtime_hours: null,
      source,
      notes: null,
    },
  })
  it('imports an identical repeat once and refuses a repeat with other values', () => {
    const { rows, problems } = collapseDuplicates([
      row(2, '2026-01-01T06:00:00Z', 100),
      row(3, '2026-01-01T06:00:00.000Z', 100),
      row(4, '2026-01-01T06:00:00Z', 120),
      row(5, '2026-01-01T06:00:00Z', -5, 'adjustment'),
      row(6, '2026-01-01T06:00:00Z', -5, 'adjustment'),
    ])
    expect(rows.map((r) => r.line)).toEqual([2, 5, 6])
    expect(problems).toEqual([
      { line: 3, message: 'Same reading as line 2: imported once' },
      {
        line: 4,
        message:
          'Line 2 already has a reading for this meter and period start (100 kWh): not imported',
      },
    ])
  })
})

describe('what is open in a month before it closes', () => {
  const line = (over: Partial<MonthLine>): MonthLine => ({
    siteId: 's1',
    month: '2026-11-01',
    billingMeter: '',
    producedKwh: 712_195,
    invoiceNumbers: ['INV-1'],
    invoicedKwh: 712_195,
    invoiceAmount: 32_048.78,
    currency: 'USD',
    invoiceDiff: 0,
    gasMcf: 9001,
    creditedMcf: 9001,
    creditsTco2e: 4839.5,
    creditDiff: 0,
    subMeters: [],
    subMeterKwh: null,
    meterBalance: null,
    expectedDays: 30,
    capturedDays: 30,
    missing: [],
    ...over,
  })
  it('is nothing for a complete, matching month', () => {
    expect(openItems(line({}), { unsyncedEdits: 0, ledgerKnown: true })).toEqual([])
  })
  it('names missing days, unsynced edits, invoice and credit gaps and the meter balance', () => {
    expect(
      openItems(
        line({
          missing: ['2026-11-03', '2026-11-04'],
          capturedDays: 28,
          invoicedKwh: 600_000,
          invoiceDiff: 600_000 / 712_195 - 1,
          creditedMcf: null,
          creditDiff: null,
          subMeterKwh: 868_305 - 712_195,
          meterBalance: (868_305 - 712_195) / 712_195 - 1,
        }),
        { unsyncedEdits: 1, ledgerKnown: true },
      ),
    ).toEqual([
      '2 days have no billing-meter reading: Nov 3, Nov 4.',
      '1 reading edit is on this device and not yet on the server.',
      'Invoiced 600,000 kWh against 712,195 kWh metered (-15.8%).',
      'No carbon credits for this month.',
      "Meter balance -78.1%: sub-meters 156,110 kWh against the billing meter's 712,195 kWh.",
    ])
  })
  it('says when invoices could not be checked', () => {
    expect(openItems(line({}), { unsyncedEdits: 0, ledgerKnown: false })).toEqual([
      'Invoices and credits could not be checked (no connection).',
    ])
  })
})
