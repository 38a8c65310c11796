// CSV export of readings and import with a row-by-row report. Parsing is papaparse's; the
// rules are the shared validation, so an imported row is checked exactly like a typed one.
import Papa from 'papaparse'
import type { EnergyReadingRow } from '../../../../shared/schema/tables'
import { siteDay, siteIsoWithOffset } from '../../../../shared/site-time'

/** What the import reads back; the export writes these and a few for people (below). */
export const CSV_COLUMNS = [
  'site_code',
  'equipment_asset_tag',
  'period_start',
  'period_end',
  'energy_kwh',
  'gas_volume_mcf',
  'runtime_hours',
  'source',
  'notes',
] as const

/** Written for the people reading the file; the import ignores them. */
export const CSV_READER_COLUMNS = [
  'site_name',
  'meter',
  'meter_role',
  'day',
  'entered_by',
  'entered_at',
] as const

export interface CsvContext {
  siteCode: (siteId: string) => string
  assetTag: (equipmentId: string) => string
  siteName?: (siteId: string) => string
  /** The site's time zone: instants and days are written in site-local time. */
  timeZone?: (siteId: string) => string
  meterName?: (equipmentId: string | null) => string
  billingMeter?: (siteId: string) => string | null
  person?: (userId: string | null) => string
}

/** Fixed decimals, never "-0.000". */
const decimals = (n: number | null, d: number): string => {
  if (n === null) return ''
  const s = n.toFixed(d)
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s
}

export function readingsToCsv(rows: readonly EnergyReadingRow[], ctx: CsvContext): string {
  return Papa.unparse({
    fields: [...CSV_COLUMNS, ...CSV_READER_COLUMNS],
    data: rows.map((r) => {
      const tz = ctx.timeZone?.(r.site_id) ?? 'UTC'
      const billing = ctx.billingMeter?.(r.site_id) ?? null
      return [
        ctx.siteCode(r.site_id),
        r.equipment_id ? ctx.assetTag(r.equipment_id) : '',
        siteIsoWithOffset(r.period_start, tz),
        siteIsoWithOffset(r.period_end, tz),
        decimals(r.energy_kwh, 3),
        decimals(r.gas_volume_mcf, 3),
        decimals(r.runtime_hours, 2),
        r.source,
        r.notes ?? '',
        ctx.siteName?.(r.site_id) ?? '',
        ctx.meterName?.(r.equipment_id) ?? (r.equipment_id ? '' : 'Site meter'),
        (r.equipment_id ?? null) === billing ? 'billing' : 'sub-meter',
        siteDay(r.period_start, tz),
        ctx.person?.(r.created_by) ?? '',
        r.created_at ? siteIsoWithOffset(r.created_at, tz) : '',
      ]
    }),
  })
}

export interface ParsedRow {
  line: number
  values: {
    site_code: string
    equipment_asset_tag: string
    period_start: string
    period_end: string
    energy_kwh: number
    gas_volume_mcf: number | null
    runtime_hours: number | null
    source: string
    notes: string | null
  }
}

export interface RowProblem {
  line: number
  message: string
}

const optionalNumber = (v: string | undefined): number | null =>
  v === undefined || v.trim() === '' ? null : Number(v)

/** Parses the file; problems of shape (missing columns, not a number) are reported per line. */
export function parseReadingsCsv(text: string): { rows: ParsedRow[]; problems: RowProblem[] } {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), {
    header: true,
    skipEmptyLines: true,
  })
  const problems: RowProblem[] = parsed.errors.map((e) => ({
    line: (e.row ?? 0) + 2,
    message: e.message,
  }))
  const header = parsed.meta.fields ?? []
  const missing = ['site_code', 'period_start', 'period_end', 'energy_kwh'].filter(
    (c) => !header.includes(c),
  )
  if (missing.length > 0)
    return { rows: [], problems: [{ line: 1, message: `Missing columns: ${missing.join(', ')}` }] }
  const rows: ParsedRow[] = []
  parsed.data.forEach((raw, i) => {
    const line = i + 2
    const energy = Number(raw.energy_kwh)
    if (raw.energy_kwh === undefined || raw.energy_kwh.trim() === '' || Number.isNaN(energy)) {
      problems.push({ line, message: `energy_kwh "${raw.energy_kwh ?? ''}" is not a number` })
      return
    }
    rows.push({
      line,
      values: {
        site_code: (raw.site_code ?? '').trim(),
        equipment_asset_tag: (raw.equipment_asset_tag ?? '').trim(),
        period_start: (raw.period_start ?? '').trim(),
        period_end: (raw.period_end ?? '').trim(),
        energy_kwh: energy,
        gas_volume_mcf: optionalNumber(raw.gas_volume_mcf),
        runtime_hours: optionalNumber(raw.runtime_hours),
        source: (raw.source ?? '').trim() || 'import',
        notes: (raw.notes ?? '').trim() || null,
      },
    })
  })
  return { rows, problems }
}

/** A parsed row resolved to its site and meter, ready to be written. */
export interface ResolvedRow {
  line: number
  siteId: string
  equipmentId: string | null
  values: ParsedRow['values']
}

/**
 * The slot the database's unique index gives a daily reading: site, meter and start instant
 * (adjustments are deltas and take no slot). Instants are compared, not strings, so
 * "…T06:00:00Z" and "…T06:00:00.000Z" are one slot.
 */
export function readingSlot(r: {
  siteId: string
  equipmentId: string | null
  periodStart: string
  source: string
}): string | null {
  if (r.source === 'adjustment') return null
  const t = Date.parse(r.periodStart)
  return Number.isNaN(t) ? null : `${r.siteId}|${r.equipmentId ?? ''}|${t}`
}

const sameValues = (a: ParsedRow['values'], b: ParsedRow['values']) =>
  JSON.stringify({
    ...a,
    period_start: Date.parse(a.period_start),
    period_end: Date.parse(a.period_end),
  }) ===
  JSON.stringify({
    ...b,
    period_start: Date.parse(b.period_start),
    period_end: Date.parse(b.period_end),
  })

/**
 * Counts a file the way the server will: lines for the same meter and start are one reading.
 * An identical repeat is imported once; a repeat with other values is refused (which one is
 * right is the person's call, not the importer's).
 */
export function collapseDuplicates(rows: readonly ResolvedRow[]): {
  rows: ResolvedRow[]
  problems: RowProblem[]
} {
  const seen = new Map<string, ResolvedRow>()
  const kept: ResolvedRow[] = []
  const problems: RowProblem[] = []
  for (const row of rows) {
    const slot = readingSlot({
      siteId: row.siteId,
      equipmentId: row.equipmentId,
      periodStart: row.values.period_start,
      source: row.values.source,
    })
    const first = slot ? seen.get(slot) : undefined
    if (!first) {
      if (slot) seen.set(slot, row)
      kept.push(row)
    } else if (sameValues(first.values, row.values)) {
      problems.push({
        line: row.line,
        message: `Same reading as line ${first.line}: imported once`,
      })
    } else {
      problems.push({
        line: row.line,
        message: `Line ${first.line} already has a reading for this meter and period start (${first.values.energy_kwh.toLocaleString('en-US')} kWh): not imported`,
      })
    }
  }
  return { rows: kept, problems }
}
