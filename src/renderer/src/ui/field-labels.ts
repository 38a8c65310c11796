// Column names as the forms label them, for history, conflicts and the sync center: a person
// reads "Runtime (hours)", not runtime_hours.

const LABELS: Record<string, string> = {
  energy_kwh: 'Energy (kWh)',
  gas_volume_mcf: 'Gas volume (mcf)',
  runtime_hours: 'Runtime (hours)',
  notes: 'Notes',
  period_start: 'Period start',
  period_end: 'Period end',
  equipment_id: 'Meter',
  source: 'Source',
  site_id: 'Site',
  name: 'Name',
  code: 'Site code',
  status: 'Status',
  kind: 'Kind',
  make: 'Make',
  model: 'Model',
  serial_number: 'Serial number',
  asset_tag: 'Asset tag',
  rated_power_kw: 'Rated power (kW)',
  installed_on: 'Installed on',
  latitude: 'Latitude',
  longitude: 'Longitude',
  county: 'County',
  region: 'Region',
  country: 'Country',
  timezone: 'Time zone',
  capacity_kw: 'Capacity (kW)',
  billing_meter_id: 'Billing meter',
  performed_at: 'Performed at',
  summary: 'Summary',
  details: 'Details',
  downtime_hours: 'Downtime (hours)',
  parts: 'Parts',
  deleted_at: 'Deleted',
  month: 'Month',
  reason: 'Reason',
  closed_by: 'Closed by',
  closed_at: 'Closed at',
  reopened_by: 'Reopened by',
  reopened_at: 'Reopened at',
}

export function fieldLabel(column: string): string {
  return LABELS[column] ?? column.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())
}
