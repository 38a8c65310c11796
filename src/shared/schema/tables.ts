// The synced tables: one place for their row shapes, enum values and the field rules that
// mirror the database CHECK constraints (supabase/migrations/…000300_business_tables.sql).
// Row types are inferred from these schemas; tests/unit/shared/tables.test.ts checks them
// against the generated `Database` types so a migration cannot drift from them unnoticed.
import { z } from 'zod'

export const SITE_STATUSES = [
  'planned',
  'commissioning',
  'active',
  'curtailed',
  'offline',
  'decommissioned',
] as const
export const EQUIPMENT_KINDS = ['generator', 'miner', 'compressor', 'transformer', 'other'] as const
export const EQUIPMENT_STATUSES = [
  'operational',
  'degraded',
  'down',
  'maintenance',
  'retired',
] as const
export const MAINTENANCE_KINDS = ['preventive', 'corrective', 'inspection', 'emergency'] as const
export const ENERGY_SOURCES = ['manual', 'meter', 'scada', 'import', 'adjustment'] as const
export const CONFLICT_STATUSES = ['open', 'resolved'] as const
export const MEMBER_ROLES = ['admin', 'office', 'technician', 'viewer'] as const
export const WORK_KINDS = ['corrective', 'preventive', 'inspection'] as const
export const WORK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export const WORK_STATUSES = ['open', 'in_progress', 'on_hold', 'done', 'cancelled'] as const
/** Statuses of work still to do: everything but done and cancelled. */
export const OPEN_WORK_STATUSES = ['open', 'in_progress', 'on_hold'] as const
export const WORK_ORIGINS = ['manual', 'equipment_down', 'schedule'] as const
export const STEP_REQUIRES = ['check', 'number', 'text'] as const

export type SiteStatus = (typeof SITE_STATUSES)[number]
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number]
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number]
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number]
export type EnergySource = (typeof ENERGY_SOURCES)[number]
export type MemberRole = (typeof MEMBER_ROLES)[number]
export type WorkKind = (typeof WORK_KINDS)[number]
export type WorkPriority = (typeof WORK_PRIORITIES)[number]
export type WorkStatus = (typeof WORK_STATUSES)[number]
export const isOpenStatus = (s: WorkStatus): boolean =>
  (OPEN_WORK_STATUSES as readonly string[]).includes(s)
export type WorkOrigin = (typeof WORK_ORIGINS)[number]
export type StepRequires = (typeof STEP_REQUIRES)[number]

const uuid = z.uuid({ message: 'Must be an id (UUID)' })
/** Timestamps stay the exact strings the server sent: equality on updated_at needs microseconds. */
const timestamp = z.string().min(1)
/** An instant a person gives (when work was done, a step ticked): it must be one PostgreSQL reads. */
const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'Enter a date and time' })
const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, { message: `${label} can be at most ${max} characters` })
    .nullable()

/** Text that may be left out (null) but, when given, holds something: the database's `length >= 1`. */
const optionalFilledText = (max: number, label: string) =>
  z
    .string()
    .min(1, { message: `${label} cannot be blank; leave it out instead` })
    .max(max, { message: `${label} can be at most ${max} characters` })
    .nullable()

/** An IANA zone name the platform knows; the database checks pg_timezone_names the same way. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

const bookkeeping = {
  id: uuid,
  organization_id: uuid,
  created_at: timestamp,
  created_by: uuid.nullable(),
  updated_at: timestamp,
  updated_by: uuid.nullable(),
  deleted_at: timestamp.nullable(),
}

const jsonObject = z.record(z.string(), z.unknown())
/**
 * Values of the organization's custom fields, by key (src/shared/schema/custom-fields.ts
 * checks them against their definitions). Absent from servers before migration 20261203000900.
 */
const customFields = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .default({})

const requiredName = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .min(1, { message: `${label} is required` })
    .max(max, { message: `${label} can be at most ${max} characters` })

export const siteRowSchema = z.object({
  ...bookkeeping,
  project_id: uuid.nullable(),
  client_id: uuid.nullable(),
  name: requiredName('Site name'),
  code: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, {
      message: 'Site code: letters, digits, - and _, up to 40',
    })
    .nullable(),
  status: z.enum(SITE_STATUSES),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  county: optionalText(100, 'County'),
  region: optionalText(100, 'Region'),
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'Country is a two-letter code' }),
  timezone: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, { message: 'Time zone must be a name such as America/Denver' }),
  capacity_kw: z.number().min(0).nullable(),
  notes: optionalText(4000, 'Notes'),
  // The unit whose meter bills the site; null: the site meter (readings without equipment).
  // Every other meter is a sub-meter (migrations/20261202500000_billing_meter.sql).
  billing_meter_id: uuid.nullable(),
  custom_fields: customFields,
  // A day's production this many percent below its 7-day average is a drop on the home.
  production_drop_pct: z
    .number({ message: 'Enter a percentage' })
    .gt(0, { message: 'Enter more than 0 %' })
    .max(100, { message: 'At most 100 %' })
    .default(20),
})

export const equipmentRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  kind: z.enum(EQUIPMENT_KINDS),
  name: requiredName('Equipment name'),
  make: optionalText(100, 'Make'),
  model: optionalText(100, 'Model'),
  serial_number: optionalFilledText(100, 'Serial number'),
  asset_tag: optionalFilledText(64, 'Asset tag'),
  status: z.enum(EQUIPMENT_STATUSES),
  runtime_hours: z
    .number({ message: 'Runtime hours must be a number' })
    .min(0, { message: 'Runtime hours cannot be negative' })
    .max(1_000_000, { message: 'Runtime hours above 1,000,000 are not plausible' }),
  rated_power_kw: z.number().min(0).nullable(),
  installed_on: z.string().nullable(),
  notes: optionalText(4000, 'Notes'),
  // What is wrong when it is down or degraded, and when its status last changed (as the
  // person who changed it says: the device's time of the change, not of the sync). Absent
  // from servers before migration 20261203000600.
  status_reason: optionalFilledText(1000, 'Reason').default(null),
  status_changed_at: instant.nullable().default(null),
  // When the hour meter read runtime_hours; readings' runtime after it adds to it. Null on
  // units from before migration 20261203000800: read when the unit was registered.
  runtime_hours_at: instant.nullable().default(null),
  custom_fields: customFields,
})

export const partSchema = z.object({
  name: requiredName('Part name'),
  part_number: z.string().max(100).nullable(),
  quantity: z.number().positive({ message: 'Quantity must be more than 0' }),
})

export const maintenanceLogRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  equipment_id: uuid,
  kind: z.enum(MAINTENANCE_KINDS),
  performed_at: timestamp,
  summary: requiredName('Summary', 500),
  details: optionalText(10_000, 'Details'),
  downtime_hours: z
    .number({ message: 'Downtime must be a number of hours' })
    .min(0, { message: 'Downtime cannot be negative' })
    .max(8784, { message: 'Downtime cannot be more than a year' }),
  parts: z.array(partSchema),
})

export const energyReadingRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  equipment_id: uuid.nullable(),
  period_start: timestamp,
  period_end: timestamp,
  // Negative only for adjustments (signed corrections); see the cross-field checks.
  energy_kwh: z.number({ message: 'Energy must be a number of kWh' }),
  gas_volume_mcf: z
    .number({ message: 'Gas volume must be a number of mcf' })
    .min(0, { message: 'Gas volume cannot be negative' })
    .nullable(),
  runtime_hours: z
    .number({ message: 'Runtime must be a number of hours' })
    .min(0, { message: 'Runtime cannot be negative' })
    .nullable(),
  source: z.enum(ENERGY_SOURCES),
  notes: optionalText(2000, 'Notes'),
  // The site-local month (YYYY-MM-01) the database files the reading under; set by the
  // server when the reading is written and never changed by a later time-zone change.
  period_month: z.string().regex(/^\d{4}-\d{2}-01$/),
})

// A day as the database's `date` prints it.
/** "2000 h" or "2026-12-10": the hour count or the day a schedule falls due at. */
export const SCHEDULE_POINT = /^([0-9]{1,7}(\.[0-9])? h|[0-9]{4}-[0-9]{2}-[0-9]{2})$/
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Enter a day' })

export const workOrderRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  equipment_id: uuid.nullable(),
  title: requiredName('Title'),
  description: optionalText(10_000, 'Description'),
  kind: z.enum(WORK_KINDS),
  priority: z.enum(WORK_PRIORITIES),
  status: z.enum(WORK_STATUSES),
  // Why it is on hold or cancelled (required then; see the cross-field checks).
  status_reason: optionalFilledText(1000, 'Reason'),
  assignee_id: uuid.nullable(),
  due_on: day.nullable(),
  origin: z.enum(WORK_ORIGINS),
  completed_at: instant.nullable(),
  maintenance_log_id: uuid.nullable(),
  openproject_work_package_id: z
    .number({ message: 'An OpenProject work package is a number' })
    .int({ message: 'An OpenProject work package is a whole number' })
    .min(1, { message: 'An OpenProject work package is a number above 0' })
    .max(2_147_483_647, { message: 'That is not an OpenProject work package number' })
    .nullable(),
  flrts_task_ref: optionalFilledText(500, 'FLRTS task'),
  // The maintenance schedule and due point that raised it (absent from servers before
  // migration 20261203000800).
  schedule_id: uuid.nullable().default(null),
  schedule_point: z
    .string()
    .regex(SCHEDULE_POINT, { message: 'Not a due point' })
    .nullable()
    .default(null),
})

export const maintenanceScheduleRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  equipment_id: uuid.nullable(),
  equipment_kind: z.enum(EQUIPMENT_KINDS).nullable(),
  title: requiredName('Title'),
  description: optionalText(10_000, 'Description'),
  every_hours: z
    .number({ message: 'Enter the hours between services' })
    .gt(0, { message: 'Enter more than 0 hours' })
    .max(100_000, { message: 'At most 100,000 hours' })
    .nullable(),
  start_hours: z
    .number({ message: 'Enter the hour count it starts from' })
    .min(0, { message: 'Hours cannot be negative' })
    .max(1_000_000, { message: 'Hours above 1,000,000 are not plausible' }),
  every_days: z
    .number({ message: 'Enter the days between services' })
    .int({ message: 'Enter whole days' })
    .min(1, { message: 'At least every day' })
    .max(3660, { message: 'At most every 3,660 days' })
    .nullable(),
  starts_on: day.nullable(),
  lead: z
    .number({ message: 'Enter how early it shows as due' })
    .min(0, { message: 'Cannot be negative' })
    .max(100_000, { message: 'At most 100,000' }),
  priority: z.enum(WORK_PRIORITIES),
  template_id: uuid.nullable(),
  active: z.boolean(),
})

export const workOrderStepRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  work_order_id: uuid,
  position: z.number().int().min(1).max(1000),
  label: requiredName('Step', 500),
  required: z.boolean(),
  requires: z.enum(STEP_REQUIRES),
  unit: optionalFilledText(20, 'Unit'),
  done_at: instant.nullable(),
  value_number: z.number({ message: 'Enter a number' }).nullable(),
  value_text: optionalFilledText(2000, 'Answer'),
})

/** A step of a checklist template (business.checklist_templates.steps), before it is copied. */
export const templateStepSchema = z.object({
  label: requiredName('Step', 500),
  required: z.boolean().default(false),
  requires: z.enum(STEP_REQUIRES).default('check'),
  unit: z.string().min(1).max(20).nullable().default(null),
})

export const checklistTemplateSchema = z.object({
  id: uuid,
  organization_id: uuid,
  name: requiredName('Template name'),
  equipment_kind: z.enum(EQUIPMENT_KINDS).nullable(),
  work_kind: z.enum(WORK_KINDS),
  steps: z.array(templateStepSchema).min(1).max(100),
  deleted_at: timestamp.nullable(),
})

export const conflictRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  table_name: z.string(),
  row_id: uuid,
  mutation_id: uuid.nullable(),
  device_id: uuid.nullable(),
  op: z.enum(['insert', 'update', 'delete']),
  fields: z.array(z.string()),
  base: jsonObject,
  server: jsonObject,
  client: jsonObject,
  winner: z.enum(['server', 'client']),
  client_changed_at: timestamp.nullable(),
  server_updated_at: timestamp.nullable(),
  // Who wrote the server's side; absent from servers before migration 20261202800000.
  server_updated_by: uuid.nullable().default(null),
  status: z.enum(CONFLICT_STATUSES),
  resolution: jsonObject.nullable(),
  resolved_by: uuid.nullable(),
  resolved_at: timestamp.nullable(),
})

export const periodCloseRowSchema = z.object({
  ...bookkeeping,
  site_id: uuid,
  month: z.string(),
  status: z.enum(['closed', 'reopened']),
  reason: z.string().nullable(),
  closed_by: uuid.nullable(),
  closed_at: timestamp,
  reopened_by: uuid.nullable(),
  reopened_at: timestamp.nullable(),
})

export type SiteRow = z.infer<typeof siteRowSchema>
export type EquipmentRow = z.infer<typeof equipmentRowSchema>
export type MaintenanceLogRow = z.infer<typeof maintenanceLogRowSchema>
export type EnergyReadingRow = z.infer<typeof energyReadingRowSchema>
export type ConflictRow = z.infer<typeof conflictRowSchema>
export type PeriodCloseRow = z.infer<typeof periodCloseRowSchema>
export type Part = z.infer<typeof partSchema>
export type WorkOrderRow = z.infer<typeof workOrderRowSchema>
export type WorkOrderStepRow = z.infer<typeof workOrderStepRowSchema>
export type TemplateStep = z.infer<typeof templateStepSchema>
export type ChecklistTemplate = z.infer<typeof checklistTemplateSchema>
export type MaintenanceScheduleRow = z.infer<typeof maintenanceScheduleRowSchema>

/** Columns the server owns; a device never sends them in a mutation. */
export const SERVER_COLUMNS = [
  'id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
  'period_month',
] as const

/**
 * The tables devices sync, as business.sync_tables lists them: siteColumn and clientWritable
 * are its site_column and client_writable; references maps each column that names a row of a
 * table devices push to that table, as the foreign keys do (tests/integration/schema/contract.test.ts).
 */
export const SYNCED_TABLES = {
  sites: {
    schema: siteRowSchema,
    siteColumn: 'id',
    clientWritable: true,
    references: { billing_meter_id: 'equipment' },
  },
  equipment: {
    schema: equipmentRowSchema,
    siteColumn: 'site_id',
    clientWritable: true,
    references: { site_id: 'sites' },
  },
  maintenance_logs: {
    schema: maintenanceLogRowSchema,
    siteColumn: 'site_id',
    clientWritable: true,
    references: { site_id: 'sites', equipment_id: 'equipment' },
  },
  energy_production: {
    schema: energyReadingRowSchema,
    siteColumn: 'site_id',
    clientWritable: true,
    references: { site_id: 'sites', equipment_id: 'equipment' },
  },
  sync_conflicts: {
    schema: conflictRowSchema,
    siteColumn: 'site_id',
    clientWritable: false,
    references: {},
  },
  period_closes: {
    schema: periodCloseRowSchema,
    siteColumn: 'site_id',
    clientWritable: false,
    references: {},
  },
  work_orders: {
    schema: workOrderRowSchema,
    siteColumn: 'site_id',
    clientWritable: true,
    references: {
      site_id: 'sites',
      equipment_id: 'equipment',
      maintenance_log_id: 'maintenance_logs',
      schedule_id: 'maintenance_schedules',
    },
  },
  work_order_steps: {
    schema: workOrderStepRowSchema,
    siteColumn: 'site_id',
    clientWritable: true,
    references: { site_id: 'sites', work_order_id: 'work_orders' },
  },
  maintenance_schedules: {
    schema: maintenanceScheduleRowSchema,
    siteColumn: 'site_id',
    clientWritable: true,
    references: { site_id: 'sites', equipment_id: 'equipment' },
  },
} as const

export type SyncedTable = keyof typeof SYNCED_TABLES
export type ClientWritableTable = {
  [T in SyncedTable]: (typeof SYNCED_TABLES)[T]['clientWritable'] extends true ? T : never
}[SyncedTable]
export const SYNCED_TABLE_NAMES = Object.keys(SYNCED_TABLES) as SyncedTable[]
export const CLIENT_WRITABLE_TABLE_NAMES = SYNCED_TABLE_NAMES.filter(
  (t): t is ClientWritableTable => SYNCED_TABLES[t].clientWritable,
)
/** The columns of a table's rows that name another row devices push, with that row's table. */
export const referencesOf = (table: SyncedTable): [string, ClientWritableTable][] =>
  Object.entries(SYNCED_TABLES[table].references)

export const isClientWritableTable = (t: string): t is ClientWritableTable =>
  (CLIENT_WRITABLE_TABLE_NAMES as readonly string[]).includes(t)

export interface RowOf {
  sites: SiteRow
  equipment: EquipmentRow
  maintenance_logs: MaintenanceLogRow
  energy_production: EnergyReadingRow
  sync_conflicts: ConflictRow
  period_closes: PeriodCloseRow
  work_orders: WorkOrderRow
  work_order_steps: WorkOrderStepRow
  maintenance_schedules: MaintenanceScheduleRow
}

/** Values the database would default; a row created on the device starts from them. */
export const ROW_DEFAULTS: { [T in ClientWritableTable]: Partial<RowOf[T]> } = {
  sites: {
    status: 'active',
    country: 'US',
    timezone: 'UTC',
    custom_fields: {},
    production_drop_pct: 20,
  },
  equipment: { status: 'operational', runtime_hours: 0, custom_fields: {} },
  maintenance_logs: { downtime_hours: 0, parts: [] },
  energy_production: { source: 'manual' },
  work_orders: { kind: 'corrective', priority: 'normal', status: 'open', origin: 'manual' },
  work_order_steps: { required: false, requires: 'check' },
  maintenance_schedules: { start_hours: 0, lead: 0, priority: 'normal', active: true },
}

/** Every nullable column set to null, so a new row has all its fields. */
export function nullDefaults(table: SyncedTable): Record<string, null> {
  const shape = SYNCED_TABLES[table].schema.shape as Record<string, z.ZodType>
  return Object.fromEntries(
    Object.entries(shape)
      .filter(([, field]) => field.safeParse(null).success)
      .map(([k]) => [k, null]),
  )
}
