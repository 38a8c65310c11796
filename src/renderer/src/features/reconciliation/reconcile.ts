// Pure reconciliation of production against invoices and carbon credits, per site and month.
import { monthOf } from '../../../../shared/time'
import { localDate } from '../../ui/format'
import type { ReadingLike } from '../energy/energy-math'
import { missingDays } from '../energy/energy-math'

export interface InvoiceLike {
  site_id: string | null
  period_start: string
  energy_kwh: number | null
  amount: number
  deleted_at: string | null
}

export interface CreditLike {
  site_id: string
  period_start: string
  methane_destroyed_mcf: number | null
  credits_tco2e: number
  deleted_at: string | null
}

export interface ReadingWithGas extends ReadingLike {
  gas_volume_mcf: number | null
}

export interface MonthLine {
  siteId: string
  month: string
  producedKwh: number
  invoicedKwh: number | null
  invoiceAmount: number | null
  /** (invoiced − produced) / produced; null when either side is missing. */
  invoiceDiff: number | null
  gasMcf: number
  creditedMcf: number | null
  creditsTco2e: number | null
  creditDiff: number | null
  expectedDays: number
  capturedDays: number
  missing: string[]
}

/** Differences above this share are highlighted for review. */
export const TOLERANCE = 0.01

const diff = (actual: number | null, expected: number): number | null =>
  actual === null || expected === 0 ? null : (actual - expected) / expected

function lastDayOfMonth(month: string): string {
  const d = new Date(`${month}T12:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + 1, 0)
  return d.toISOString().slice(0, 10)
}

export function reconcileMonth(
  siteId: string,
  timeZone: string,
  month: string,
  readings: readonly ReadingWithGas[],
  invoices: readonly InvoiceLike[],
  credits: readonly CreditLike[],
  today: string,
): MonthLine {
  const inMonth = readings.filter(
    (r) => !r.deleted_at && r.site_id === siteId && monthOf(r.period_start, timeZone) === month,
  )
  const producedKwh = inMonth.reduce((s, r) => s + r.energy_kwh, 0)
  const gasMcf = inMonth.reduce((s, r) => s + (r.gas_volume_mcf ?? 0), 0)
  const inv = invoices.filter(
    (i) =>
      !i.deleted_at && i.site_id === siteId && i.period_start.slice(0, 7) === month.slice(0, 7),
  )
  const cr = credits.filter(
    (c) =>
      !c.deleted_at && c.site_id === siteId && c.period_start.slice(0, 7) === month.slice(0, 7),
  )
  const invoicedKwh = inv.length ? inv.reduce((s, i) => s + (i.energy_kwh ?? 0), 0) : null
  const creditedMcf = cr.length ? cr.reduce((s, c) => s + (c.methane_destroyed_mcf ?? 0), 0) : null
  const end = [lastDayOfMonth(month), today].sort()[0]!
  const missing = end < month ? [] : missingDays(inMonth, timeZone, month, end)
  const expectedDays =
    end < month ? 0 : Math.round((Date.parse(end) - Date.parse(month)) / 86_400_000) + 1
  return {
    siteId,
    month,
    producedKwh,
    invoicedKwh,
    invoiceAmount: inv.length ? inv.reduce((s, i) => s + i.amount, 0) : null,
    invoiceDiff: diff(invoicedKwh, producedKwh),
    gasMcf,
    creditedMcf,
    creditsTco2e: cr.length ? cr.reduce((s, c) => s + c.credits_tco2e, 0) : null,
    creditDiff: diff(creditedMcf, gasMcf),
    expectedDays,
    capturedDays: new Set(
      inMonth
        .filter((r) => r.source !== 'adjustment')
        .map((r) => localDate(r.period_start, timeZone)),
    ).size,
    missing,
  }
}

export function lastMonths(count: number, today: string): string[] {
  const months: string[] = []
  const d = new Date(`${today.slice(0, 7)}-01T12:00:00Z`)
  for (let i = 0; i < count; i++) {
    months.push(d.toISOString().slice(0, 10))
    d.setUTCMonth(d.getUTCMonth() - 1)
  }
  return months
}

export function linesToCsv(lines: readonly MonthLine[], siteName: (id: string) => string): string {
  const header =
    'site,month,produced_kwh,invoiced_kwh,invoice_diff_pct,gas_mcf,credited_mcf,credit_diff_pct,credits_tco2e,expected_days,captured_days,missing_days'
  const pct = (v: number | null) => (v === null ? '' : (v * 100).toFixed(2))
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`
  return [
    header,
    ...lines.map((l) =>
      [
        quote(siteName(l.siteId)),
        l.month,
        l.producedKwh.toFixed(3),
        l.invoicedKwh ?? '',
        pct(l.invoiceDiff),
        l.gasMcf.toFixed(3),
        l.creditedMcf ?? '',
        pct(l.creditDiff),
        l.creditsTco2e ?? '',
        l.expectedDays,
        l.capturedDays,
        quote(l.missing.join(' ')),
      ].join(','),
    ),
  ].join('\n')
}
