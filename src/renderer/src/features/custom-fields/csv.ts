// Custom fields in CSV exports: one column per field, headed by its label (and unit), keyed
// so two fields with one label stay apart. Values as stored: numbers without grouping, a day
// as YYYY-MM-DD, yes / no.
import Papa from 'papaparse'
import type { CustomFields, FieldDefinition } from '../../../../shared/schema/custom-fields'
import { fieldText } from '../../../../shared/schema/custom-fields'
import type { EquipmentRow, SiteRow } from '../../../../shared/schema/tables'

/** Fields in column order, one per key and target (a miner's and a generator's are two). */
function columnsOf(fields: readonly FieldDefinition[]): FieldDefinition[] {
  const seen = new Set<string>()
  return fields.filter((f) => {
    if (seen.has(f.key)) return false
    seen.add(f.key)
    return true
  })
}

const header = (f: FieldDefinition) => `${f.label}${f.unit ? ` (${f.unit})` : ''} [${f.key}]`

// The unit is in the header, so a cell holds the bare value.
const cells = (fields: readonly FieldDefinition[], values: CustomFields) =>
  fields.map((f) => fieldText({ unit: null }, values[f.key]))

export function equipmentToCsv(
  units: readonly EquipmentRow[],
  fields: readonly FieldDefinition[],
  siteName: (siteId: string) => string,
): string {
  const extra = columnsOf(fields.filter((f) => f.applies_to === 'equipment'))
  return Papa.unparse({
    fields: [
      'site',
      'name',
      'kind',
      'make',
      'model',
      'serial_number',
      'asset_tag',
      'status',
      'runtime_hours',
      'rated_power_kw',
      ...extra.map(header),
    ],
    data: units.map((u) => [
      siteName(u.site_id),
      u.name,
      u.kind,
      u.make ?? '',
      u.model ?? '',
      u.serial_number ?? '',
      u.asset_tag ?? '',
      u.status,
      String(u.runtime_hours),
      u.rated_power_kw === null ? '' : String(u.rated_power_kw),
      ...cells(extra, u.custom_fields),
    ]),
  })
}

export function sitesToCsv(sites: readonly SiteRow[], fields: readonly FieldDefinition[]): string {
  const extra = columnsOf(fields.filter((f) => f.applies_to === 'site'))
  return Papa.unparse({
    fields: [
      'code',
      'name',
      'status',
      'county',
      'region',
      'country',
      'timezone',
      'capacity_kw',
      'production_drop_pct',
      ...extra.map(header),
    ],
    data: sites.map((s) => [
      s.code ?? '',
      s.name,
      s.status,
      s.county ?? '',
      s.region ?? '',
      s.country,
      s.timezone,
      s.capacity_kw === null ? '' : String(s.capacity_kw),
      String(s.production_drop_pct),
      ...cells(extra, s.custom_fields),
    ]),
  })
}
