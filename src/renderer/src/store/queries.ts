// Every read a screen makes of this laptop's copy, apart from the readings' own queries
// (features/energy/queries.ts). Lists leave out deleted rows (a delete not yet synced, or a
// row the server deleted while edits were pending) unless asked for; a single record is
// returned as it is, so its page can say it was deleted. Screens wrap these in useLiveQuery.
import type { ClientWritableTable } from '../../../shared/schema/tables'
import {
  OPEN_WORK_STATUSES,
  isClientWritableTable,
  isOpenStatus,
} from '../../../shared/schema/tables'
import type { DuePoint } from '../../../shared/maintenance/pm-due'
import { duePoints, unitsOf } from '../../../shared/maintenance/pm-due'
import { siteToday } from '../../../shared/site-time'
import type { JsonObject } from '../../../shared/sync/protocol'
import type { OutboxEntry } from '../../../shared/sync/outbox'
import type { LocalConflict, LocalRowOf, OutpostDB } from './db'

export interface ListOptions {
  /** Include deleted rows (names of records that are gone, history). */
  withDeleted?: boolean
}

const live = <T extends { deleted_at: string | null }>(rows: T[], o: ListOptions = {}): T[] =>
  o.withDeleted ? rows : rows.filter((r) => !r.deleted_at)

// "Site 2" before "Site 10", as people number their sites and units.
const names = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const byName = <T extends { name: string }>(rows: T[]): T[] =>
  rows.sort((a, b) => names.compare(a.name, b.name))

export async function listSites(db: OutpostDB, o?: ListOptions): Promise<LocalRowOf<'sites'>[]> {
  return byName(live(await db.sites.toArray(), o))
}

export function getSite(db: OutpostDB, id: string): Promise<LocalRowOf<'sites'> | undefined> {
  return db.sites.get(id)
}

export interface EquipmentFilter extends ListOptions {
  siteId?: string
  kind?: string
  status?: string
}

export async function listEquipment(
  db: OutpostDB,
  f: EquipmentFilter = {},
): Promise<LocalRowOf<'equipment'>[]> {
  const rows = f.siteId
    ? await db.equipment.where('site_id').equals(f.siteId).toArray()
    : await db.equipment.toArray()
  return byName(
    live(rows, f).filter(
      (e) => (!f.kind || e.kind === f.kind) && (!f.status || e.status === f.status),
    ),
  )
}

export function getEquipment(
  db: OutpostDB,
  id: string,
): Promise<LocalRowOf<'equipment'> | undefined> {
  return db.equipment.get(id)
}

/** Equipment a technician should look at: down, degraded or in maintenance (the sidebar's count). */
export const ATTENTION_STATUSES = ['down', 'degraded', 'maintenance'] as const

export async function countEquipmentNeedingAttention(db: OutpostDB): Promise<number> {
  const rows = await db.equipment.where('status').anyOf(ATTENTION_STATUSES).toArray()
  return live(rows).length
}

/** Live units whose serial number or asset tag is `code` (scanner lookup, any case). */
export async function equipmentByCode(
  db: OutpostDB,
  code: string,
): Promise<LocalRowOf<'equipment'>[]> {
  const key = code.trim().toLowerCase()
  if (!key) return []
  return live(await db.equipment.where('_search').equals(key).toArray())
}

export interface MaintenanceFilter {
  siteId?: string
  equipmentId?: string
  /** Performed on or after this day / instant (ISO prefix comparison). */
  from?: string
  /** Performed on or before this day (YYYY-MM-DD, whole day). */
  to?: string
  limit?: number
}

/** Live maintenance logs, newest first. */
export async function listMaintenance(
  db: OutpostDB,
  f: MaintenanceFilter = {},
): Promise<LocalRowOf<'maintenance_logs'>[]> {
  const logs = f.equipmentId
    ? await db.maintenance_logs.where('equipment_id').equals(f.equipmentId).toArray()
    : f.siteId
      ? await db.maintenance_logs
          .where('[site_id+performed_at]')
          .between([f.siteId, ''], [f.siteId, '\uffff'])
          .toArray()
      : await db.maintenance_logs.orderBy('performed_at').reverse().limit(500).toArray()
  const rows = live(logs)
    .filter(
      (l) =>
        (!f.siteId || l.site_id === f.siteId) &&
        (!f.from || l.performed_at >= f.from) &&
        (!f.to || l.performed_at <= `${f.to}T23:59:59`),
    )
    .sort((a, b) => b.performed_at.localeCompare(a.performed_at))
  return f.limit === undefined ? rows : rows.slice(0, f.limit)
}

export async function getMaintenanceLog(
  db: OutpostDB,
  id: string,
): Promise<LocalRowOf<'maintenance_logs'> | null> {
  return (await db.maintenance_logs.get(id)) ?? null
}

export interface WorkFilter {
  siteId?: string
  equipmentId?: string
  /** Only orders not done or cancelled. */
  open?: boolean
}

/** Live work orders (sorted by the screen, which knows whose they are). */
export async function listWorkOrders(
  db: OutpostDB,
  f: WorkFilter = {},
): Promise<LocalRowOf<'work_orders'>[]> {
  const rows = f.equipmentId
    ? await db.work_orders.where('equipment_id').equals(f.equipmentId).toArray()
    : f.siteId
      ? await db.work_orders.where('site_id').equals(f.siteId).toArray()
      : f.open
        ? await db.work_orders.where('status').anyOf(OPEN_WORK_STATUSES).toArray()
        : await db.work_orders.toArray()
  return live(rows).filter(
    (w) => (!f.siteId || w.site_id === f.siteId) && (!f.open || isOpenStatus(w.status)),
  )
}

export function getWorkOrder(
  db: OutpostDB,
  id: string,
): Promise<LocalRowOf<'work_orders'> | undefined> {
  return db.work_orders.get(id)
}

/** An order's live checklist, in order. */
export async function stepsOf(
  db: OutpostDB,
  workOrderId: string,
): Promise<LocalRowOf<'work_order_steps'>[]> {
  const steps = await db.work_order_steps.where('work_order_id').equals(workOrderId).toArray()
  return live(steps).sort((a, b) => a.position - b.position)
}

/** Open work assigned to this person (the sidebar's count). */
export async function countMyOpenWork(db: OutpostDB, userId: string): Promise<number> {
  const rows = await db.work_orders.where('assignee_id').equals(userId).toArray()
  return live(rows).filter((w) => isOpenStatus(w.status)).length
}

/** Any record of a data table, as the device holds it. */
export function getRecord(
  db: OutpostDB,
  table: string,
  id: string,
): Promise<LocalRowOf<ClientWritableTable> | undefined> {
  return isClientWritableTable(table) ? db.rows(table).get(id) : Promise.resolve(undefined)
}

/** The edit of this record the server refused, waiting for the person. */
export async function failedEditOf(db: OutpostDB, rowId: string): Promise<OutboxEntry | undefined> {
  return (await db.outbox.where('row_id').equals(rowId).toArray()).find((m) => m.state === 'failed')
}

/** Whether the office closed a site's month (a reopened month is open). */
export async function isMonthClosed(
  db: OutpostDB,
  siteId: string,
  month: string,
): Promise<boolean> {
  const close = await db.period_closes.where('[site_id+month]').equals([siteId, month]).first()
  return close?.status === 'closed' && !close.deleted_at
}

export async function listPeriodCloses(db: OutpostDB) {
  return live(await db.period_closes.toArray())
}

export function listConflicts(db: OutpostDB, o: { open?: boolean } = {}): Promise<LocalConflict[]> {
  return o.open ? db.conflicts.where('status').equals('open').toArray() : db.conflicts.toArray()
}

export function conflictsOfRecord(
  db: OutpostDB,
  table: string,
  rowId: string,
): Promise<LocalConflict[]> {
  return db.conflicts.where('[table_name+row_id]').equals([table, rowId]).toArray()
}

export function conflictsOfTable(db: OutpostDB, table: string): Promise<LocalConflict[]> {
  return db.conflicts.filter((c) => c.table_name === table).toArray()
}

/** Each queued edit, in order, with the row it edits (undefined if the row is gone). */
export async function outboxWithRows(
  db: OutpostDB,
): Promise<{ entry: OutboxEntry; row: JsonObject | undefined }[]> {
  const entries = await db.outbox.orderBy('seq').toArray()
  return Promise.all(
    entries.map(async (entry) => ({
      entry,
      row: (await db.rows(entry.table).get(entry.row_id)) as JsonObject | undefined,
    })),
  )
}

const titles = <T extends { title: string }>(rows: T[]): T[] =>
  rows.sort((a, b) => names.compare(a.title, b.title))

/** Maintenance schedules, live ones, of one site or every site here, by title. */
export async function listSchedules(
  db: OutpostDB,
  f: { siteId?: string } = {},
): Promise<LocalRowOf<'maintenance_schedules'>[]> {
  const rows = f.siteId
    ? await db.maintenance_schedules.where('site_id').equals(f.siteId).toArray()
    : await db.maintenance_schedules.toArray()
  return titles(live(rows))
}

export function getSchedule(
  db: OutpostDB,
  id: string,
): Promise<LocalRowOf<'maintenance_schedules'> | undefined> {
  return db.maintenance_schedules.get(id)
}

export interface ScheduledDue extends DuePoint {
  schedule: LocalRowOf<'maintenance_schedules'>
  unit: LocalRowOf<'equipment'>
}

/**
 * Where each schedule has each unit it covers, for one unit, one site or every site here: the
 * readings read are only those after each unit's hour meter reading.
 */
export async function scheduledDue(
  db: OutpostDB,
  scope: { equipmentId?: string; siteId?: string } = {},
): Promise<ScheduledDue[]> {
  const unit = scope.equipmentId ? await db.equipment.get(scope.equipmentId) : undefined
  const siteId = unit?.site_id ?? scope.siteId
  const schedules = live(
    siteId
      ? await db.maintenance_schedules.where('site_id').equals(siteId).toArray()
      : await db.maintenance_schedules.toArray(),
  )
  if (schedules.length === 0) return []
  const units = live(
    siteId
      ? await db.equipment.where('site_id').equals(siteId).toArray()
      : await db.equipment.toArray(),
  ).filter((u) => !scope.equipmentId || u.id === scope.equipmentId)
  const covered = new Map<string, LocalRowOf<'equipment'>>()
  for (const s of schedules) for (const u of unitsOf(s, units)) covered.set(u.id, u)
  const siteIds = [...new Set([...covered.values()].map((u) => u.site_id))]
  const zones = new Map(
    (await db.sites.bulkGet(siteIds)).map((s, i) => [siteIds[i]!, s?.timezone ?? 'UTC']),
  )
  const readings = (
    await Promise.all(
      [...covered.values()].map((u) =>
        db.energy_production
          .where('[equipment_id+period_start]')
          .between([u.id, u.runtime_hours_at ?? u.created_at], [u.id, '\uffff'])
          .toArray(),
      ),
    )
  ).flat()
  const orders = await db.work_orders
    .where('schedule_id')
    .anyOf(schedules.map((s) => s.id))
    .toArray()
  const points = duePoints({
    schedules,
    units: [...covered.values()],
    readings,
    orders,
    todayAt: (id) => siteToday(zones.get(id) ?? 'UTC'),
  })
  const scheduleById = new Map(schedules.map((s) => [s.id, s]))
  return points.map((p) => ({
    ...p,
    schedule: scheduleById.get(p.scheduleId)!,
    unit: covered.get(p.equipmentId)!,
  }))
}
