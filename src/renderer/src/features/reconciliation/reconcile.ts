// Pure reconciliation of production against invoices and carbon credits, per site and month.
// Invoices and credits are compared with the site's billing meter only; the other meters are
// sub-meters, whose sum is set against the billing meter as a meter balance (a finding about
// the meters, never added to what is billed).
import type { ReadingLike } from '../energy/energy-math'
import { missingDays } from '../energy/energy-math'
import { dayLabel, lastDayOfMonth, siteDay, siteMonth } from '../../../../shared/site-time'

export interface InvoiceLike {
  site_id: string | null
  invoice_number: string
  period_start: string
  energy_kwh: number | null
  amount: number
  currency: string
  status?: string
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
  equipment_id: string | null
  gas_volume_mcf: number | null
}

/** '' is the site meter (readings without equipment); otherwise the unit's id. */
export type MeterId = string

export interface SubMeterLine {
  meter: MeterId
  kwh: number
}

export interface MonthLine {
  siteId: string
  month: string
  billingMeter: MeterId
  /** kWh of the billing meter, its corrections included: what invoices are compared with. */
  producedKwh: number
  invoiceNumbers: string[]
  invoicedKwh: number | null
  invoiceAmount: number | null
  currency: string | null
  /** (invoiced − produced) / produced; null when either side is missing. */
  invoiceDiff: number | null
  gasMcf: number
  creditedMcf: number | null
  creditsTco2e: number | null
  creditDiff: number | null
  /** Every other meter of the site with readings this month. */
  subMeters: SubMeterLine[]
  /** Sum of the sub-meters, or null when none has a reading. */
  subMeterKwh: number | null
  /** (sub-meters − billing) / billing: unmetered load or a faulty meter when far from 0. */
  meterBalance: number | null
  expectedDays: number
  capturedDays: number
  missing: string[]
}

/** Differences above this share are highlighted for review. */
export const TOLERANCE = 0.01
/** Sub-meters read a little more than the billing meter (losses, auxiliary load); beyond this it is a finding. */
export const METER_BALANCE_TOLERANCE = 0.03

const diff = (actual: number | null, expected: number): number | null =>
  actual === null || expected === 0 ? null : (actual - expected) / expected

const meterOf = (r: { equipment_id: string | null }): MeterId => r.equipment_id ?? ''

export interface MonthInput {
  siteId: string
  timeZone: string
  /** First day of the month, YYYY-MM-01. */
  month: string
  billingMeter: MeterId
  readings: readonly ReadingWithGas[]
  invoices: readonly InvoiceLike[]
  credits: readonly CreditLike[]
  /** The site's last day that counts (site-local yesterday): later days are not due yet. */
  lastDay: string
}

export function reconcileMonth(input: MonthInput): MonthLine {
  const { siteId, timeZone, month, billingMeter, readings, invoices, credits, lastDay } = input
  const inMonth = readings.filter(
    (r) => !r.deleted_at && r.site_id === siteId && siteMonth(r.period_start, timeZone) === month,
  )
  const billing = inMonth.filter((r) => meterOf(r) === billingMeter)
  const producedKwh = billing.reduce((s, r) => s + r.energy_kwh, 0)
  const gasMcf = billing.reduce((s, r) => s + (r.gas_volume_mcf ?? 0), 0)
  const sub = new Map<MeterId, number>()
  for (const r of inMonth) {
    const m = meterOf(r)
    if (m !== billingMeter) sub.set(m, (sub.get(m) ?? 0) + r.energy_kwh)
  }
  const subMeters = [...sub.entries()].map(([meter, kwh]) => ({ meter, kwh }))
  const subMeterKwh = subMeters.length ? subMeters.reduce((s, m) => s + m.kwh, 0) : null
  const inv = invoices.filter(
    (i) =>
      !i.deleted_at &&
      i.status !== 'void' &&
      i.site_id === siteId &&
      i.period_start.slice(0, 7) === month.slice(0, 7),
  )
  const cr = credits.filter(
    (c) =>
      !c.deleted_at && c.site_id === siteId && c.period_start.slice(0, 7) === month.slice(0, 7),
  )
  const invoicedKwh = inv.length ? inv.reduce((s, i) => s + (i.energy_kwh ?? 0), 0) : null
  const creditedMcf = cr.length ? cr.reduce((s, c) => s + (c.methane_destroyed_mcf ?? 0), 0) : null
  const currencies = [...new Set(inv.map((i) => i.currency))]
  const end = [lastDayOfMonth(month), lastDay].sort()[0]!
  const due = end >= month
  // Only days that were due count as captured: a future reading is not a captured day.
  const captured = new Set(
    billing
      .filter((r) => r.source !== 'adjustment')
      .map((r) => siteDay(r.period_start, timeZone))
      .filter((d) => d >= month && d <= end),
  )
  return {
    siteId,
    month,
    billingMeter,
    producedKwh,
    invoiceNumbers: inv.map((i) => i.invoice_number).sort(),
    invoicedKwh,
    invoiceAmount: inv.length ? inv.reduce((s, i) => s + i.amount, 0) : null,
    currency: currencies.length === 1 ? currencies[0]! : currencies.length ? 'mixed' : null,
    invoiceDiff: diff(invoicedKwh, producedKwh),
    gasMcf,
    creditedMcf,
    creditsTco2e: cr.length ? cr.reduce((s, c) => s + c.credits_tco2e, 0) : null,
    creditDiff: diff(creditedMcf, gasMcf),
    subMeters,
    subMeterKwh,
    meterBalance: subMeterKwh === null ? null : diff(subMeterKwh, producedKwh),
    expectedDays: due ? Math.round((Date.parse(end) - Date.parse(month)) / 86_400_000) + 1 : 0,
    capturedDays: captured.size,
    missing: due ? missingDays(billing, timeZone, month, end) : [],
  }
}

export interface Totals {
  producedKwh: number
  /** Billing-meter kWh of the months that have an invoice: what the invoiced kWh compare with. */
  producedInvoicedKwh: number
  /** Gas of the months that have credits. */
  gasCreditedMcf: number
  invoicedKwh: number
  invoiceAmount: number
  currency: string | null
  gasMcf: number
  creditedMcf: number
  creditsTco2e: number
  subMeterKwh: number
  invoices: number
}

/** Sums of lines (per site, per month or overall). Missing invoices or credits count as 0. */
export function totalsOf(lines: readonly MonthLine[]): Totals {
  const currencies = [...new Set(lines.map((l) => l.currency).filter((c) => c !== null))]
  return {
    producedKwh: lines.reduce((s, l) => s + l.producedKwh, 0),
    producedInvoicedKwh: lines.reduce(
      (s, l) => s + (l.invoicedKwh === null ? 0 : l.producedKwh),
      0,
    ),
    gasCreditedMcf: lines.reduce((s, l) => s + (l.creditedMcf === null ? 0 : l.gasMcf), 0),
    invoicedKwh: lines.reduce((s, l) => s + (l.invoicedKwh ?? 0), 0),
    invoiceAmount: lines.reduce((s, l) => s + (l.invoiceAmount ?? 0), 0),
    currency: currencies.length === 1 ? currencies[0]! : currencies.length ? 'mixed' : null,
    gasMcf: lines.reduce((s, l) => s + l.gasMcf, 0),
    creditedMcf: lines.reduce((s, l) => s + (l.creditedMcf ?? 0), 0),
    creditsTco2e: lines.reduce((s, l) => s + (l.creditsTco2e ?? 0), 0),
    subMeterKwh: lines.reduce((s, l) => s + (l.subMeterKwh ?? 0), 0),
    invoices: lines.reduce((s, l) => s + l.invoiceNumbers.length, 0),
  }
}

/** A fixed number of decimals, never "-0.00" (a rounding of a tiny negative is 0). */
export function fixed(n: number | null, decimals: number): string {
  if (n === null) return ''
  const s = n.toFixed(decimals)
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s
}

/** A share as a percentage with one decimal for screens, "—" when unknown; never "-0.0%". */
export function percent(v: number | null, decimals = 1): string {
  return v === null ? '—' : `${fixed(v * 100, decimals)}%`
}

export interface CsvNames {
  site: (id: string) => { name: string; code: string | null }
  meter: (siteId: string, meter: MeterId) => string
}

/** "2026-11" for "2026-11-01": a month is written as a month. */
export const monthKey = (month: string): string => month.slice(0, 7)

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`

/**
 * The accountant's CSV: one line per site and month, then a total per site, per month and
 * overall. kWh and mcf with 3 decimals, money with 2, tCO2e with 3, percentages with 2.
 */
export function linesToCsv(lines: readonly MonthLine[], names: CsvNames): string {
  const header = [
    'row',
    'site',
    'site_code',
    'month',
    'billing_meter',
    'billing_meter_kwh',
    'sub_meters_kwh',
    'meter_balance_pct',
    'invoice_numbers',
    'invoiced_kwh',
    'invoice_diff_pct',
    'invoice_amount',
    'currency',
    'gas_mcf',
    'credited_mcf',
    'credit_diff_pct',
    'credits_tco2e',
    'expected_days',
    'captured_days',
    'missing_days',
  ].join(',')
  const pct = (v: number | null) => (v === null ? '' : fixed(v * 100, 2))
  const line = (l: MonthLine) => {
    const site = names.site(l.siteId)
    return [
      'month',
      quote(site.name),
      quote(site.code ?? ''),
      monthKey(l.month),
      quote(names.meter(l.siteId, l.billingMeter)),
      fixed(l.producedKwh, 3),
      fixed(l.subMeterKwh, 3),
      pct(l.meterBalance),
      quote(l.invoiceNumbers.join(' ')),
      fixed(l.invoicedKwh, 3),
      pct(l.invoiceDiff),
      fixed(l.invoiceAmount, 2),
      l.currency ?? '',
      fixed(l.gasMcf, 3),
      fixed(l.creditedMcf, 3),
      pct(l.creditDiff),
      fixed(l.creditsTco2e, 3),
      l.expectedDays,
      l.capturedDays,
      quote(l.missing.join(' ')),
    ].join(',')
  }
  const total = (kind: string, site: string, month: string, t: Totals) =>
    [
      kind,
      quote(site),
      '""',
      month,
      '""',
      fixed(t.producedKwh, 3),
      fixed(t.subMeterKwh, 3),
      '',
      '""',
      fixed(t.invoicedKwh, 3),
      pct(t.invoices ? diff(t.invoicedKwh, t.producedInvoicedKwh) : null),
      fixed(t.invoiceAmount, 2),
      t.currency ?? '',
      fixed(t.gasMcf, 3),
      fixed(t.creditedMcf, 3),
      pct(t.gasCreditedMcf ? diff(t.creditedMcf, t.gasCreditedMcf) : null),
      fixed(t.creditsTco2e, 3),
      '',
      '',
      '""',
    ].join(',')
  const siteIds = [...new Set(lines.map((l) => l.siteId))]
  const months = [...new Set(lines.map((l) => l.month))].sort()
  return [
    header,
    ...lines.map(line),
    ...siteIds.map((id) =>
      total('site total', names.site(id).name, '', totalsOf(lines.filter((l) => l.siteId === id))),
    ),
    ...months.map((m) =>
      total('month total', '', monthKey(m), totalsOf(lines.filter((l) => l.month === m))),
    ),
    total('total', '', '', totalsOf(lines)),
  ].join('\n')
}

const shortDay = (day: string) => dayLabel(day, { year: false })
const kwh = (n: number) => `${Math.round(n).toLocaleString('en-US')} kWh`

/**
 * What is still open in a month, in words, for the office to see before closing it. An empty
 * list means nothing is known to be open.
 */
export function openItems(
  line: MonthLine,
  opts: { unsyncedEdits: number; ledgerKnown: boolean },
): string[] {
  const items: string[] = []
  if (line.missing.length > 0) {
    const list = line.missing.slice(0, 10).map(shortDay).join(', ')
    const more = line.missing.length > 10 ? ` and ${line.missing.length - 10} more` : ''
    items.push(
      `${line.missing.length} ${line.missing.length === 1 ? 'day has' : 'days have'} no billing-meter reading: ${list}${more}.`,
    )
  }
  if (opts.unsyncedEdits > 0)
    items.push(
      `${opts.unsyncedEdits} ${opts.unsyncedEdits === 1 ? 'reading edit is' : 'reading edits are'} on this device and not yet on the server.`,
    )
  if (!opts.ledgerKnown) items.push('Invoices and credits could not be checked (no connection).')
  else {
    if (line.invoicedKwh === null) items.push('No invoice for this month.')
    else if (line.invoiceDiff !== null && Math.abs(line.invoiceDiff) > TOLERANCE)
      items.push(
        `Invoiced ${kwh(line.invoicedKwh)} against ${kwh(line.producedKwh)} metered (${percent(line.invoiceDiff)}).`,
      )
    if (line.creditedMcf === null) items.push('No carbon credits for this month.')
    else if (line.creditDiff !== null && Math.abs(line.creditDiff) > TOLERANCE)
      items.push(
        `Credited ${Math.round(line.creditedMcf).toLocaleString('en-US')} mcf against ${Math.round(line.gasMcf).toLocaleString('en-US')} mcf metered (${percent(line.creditDiff)}).`,
      )
  }
  if (line.meterBalance !== null && Math.abs(line.meterBalance) > METER_BALANCE_TOLERANCE)
    items.push(
      `Meter balance ${percent(line.meterBalance)}: sub-meters ${kwh(line.subMeterKwh ?? 0)} against the billing meter's ${kwh(line.producedKwh)}.`,
    )
  return items
}
