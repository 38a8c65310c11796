// The device's database. Schema changes add a version with an upgrade function; an upgrade
// never clears the outbox or rows with unsynced edits (tests/unit/store/db-upgrade.test.ts).
import Dexie from 'dexie'
import type { DexieOptions, EntityTable, Table } from 'dexie'
import type {
  ClientWritableTable,
  ConflictRow,
  PeriodCloseRow,
} from '../../../shared/schema/tables'
import { CLIENT_WRITABLE_TABLE_NAMES } from '../../../shared/schema/tables'
import type { LocalRowOf } from '../../../shared/sync/local-row'
import { searchKeys } from '../../../shared/sync/local-row'
import type { OutboxEntry } from '../../../shared/sync/outbox'
import type { PullCursor } from '../../../shared/sync/protocol'
import { forgetTables } from '../../../shared/sync/cursor'

export type { LocalRow, LocalRowOf, LocalState } from '../../../shared/sync/local-row'

/** A conflict as the device knows it: pulled from the server, or a stub from a push result. */
export type LocalConflict = ConflictRow

export interface SyncStateRecord {
  key: 'main'
  cursor: PullCursor | null
  /** Site ids the last complete pull reported. */
  scope: string[] | null
  lastPullAt: string | null
  lastPushAt: string | null
  lastSuccessAt: string | null
  /** Add to the device clock to get server time. */
  clockOffsetMs: number
  /** The user whose rows this cache holds; another user's sign-in starts from scratch. */
  userId: string | null
}

export interface MetaRecord {
  key: string
  value: unknown
}

export const DB_VERSION = 6

// What migration 20261203000900 gave every existing row.
const V6_EQUIPMENT_DEFAULTS = { custom_fields: {} }
const V6_SITE_DEFAULTS = { custom_fields: {}, production_drop_pct: 20 }

export class OutpostDB extends Dexie {
  sites!: EntityTable<LocalRowOf<'sites'>, 'id'>
  equipment!: EntityTable<LocalRowOf<'equipment'>, 'id'>
  maintenance_logs!: EntityTable<LocalRowOf<'maintenance_logs'>, 'id'>
  energy_production!: EntityTable<LocalRowOf<'energy_production'>, 'id'>
  work_orders!: EntityTable<LocalRowOf<'work_orders'>, 'id'>
  work_order_steps!: EntityTable<LocalRowOf<'work_order_steps'>, 'id'>
  maintenance_schedules!: EntityTable<LocalRowOf<'maintenance_schedules'>, 'id'>
  conflicts!: EntityTable<LocalConflict, 'id'>
  period_closes!: EntityTable<PeriodCloseRow, 'id'>
  outbox!: EntityTable<OutboxEntry, 'seq'>
  sync_state!: EntityTable<SyncStateRecord, 'key'>
  meta!: EntityTable<MetaRecord, 'key'>

  constructor(name = 'outpost', options?: DexieOptions) {
    super(name, options)
    this.version(1).stores({
      sites: 'id, organization_id, status, _state',
      equipment: 'id, site_id, [site_id+status], status, kind, _state',
      maintenance_logs:
        'id, site_id, equipment_id, performed_at, [site_id+performed_at], [equipment_id+performed_at], _state',
      energy_production:
        'id, site_id, equipment_id, [site_id+period_start], [equipment_id+period_start], _state',
      conflicts: 'id, status, [table_name+row_id], site_id',
      outbox: '++seq, &id, row_id, [table+row_id], state, user_id',
      sync_state: 'key',
      meta: 'key',
    })
    // v2: scanner lookup by serial number or asset tag; closed months for entry checks.
    this.version(2)
      .stores({
        equipment: 'id, site_id, [site_id+status], status, kind, _state, *_search',
        energy_production:
          'id, site_id, equipment_id, period_start, [site_id+period_start], [equipment_id+period_start], _state',
        period_closes: 'id, site_id, [site_id+month]',
      })
      .upgrade(async (tx) => {
        await tx
          .table<LocalRowOf<'equipment'>>('equipment')
          .toCollection()
          .modify((row) => {
            row._search = searchKeys(row)
          })
      })
    // v3: a row with unsynced edits is 'unsynced' (it was 'pending', which in the outbox means
    // only "waiting to be sent").
    this.version(3).upgrade(async (tx) => {
      // The tables of version 3, not today's: an upgrade sees the database as it was then.
      for (const table of ['sites', 'equipment', 'maintenance_logs', 'energy_production'])
        await tx
          .table<{ _state: string }>(table)
          .where('_state')
          .equals('pending')
          .modify((row) => {
            row._state = 'unsynced'
          })
    })
    // v4: work orders and their checklists. A cursor stored by an older version stepped over
    // their rows (it did not know the tables), so their positions are forgotten and the next
    // pull reads them from the start; the other tables carry on.
    this.version(4)
      .stores({
        work_orders: 'id, site_id, equipment_id, status, assignee_id, [site_id+status], _state',
        work_order_steps: 'id, site_id, work_order_id, _state',
      })
      .upgrade(async (tx) => {
        await tx
          .table<SyncStateRecord>('sync_state')
          .toCollection()
          .modify((state) => {
            state.cursor = forgetTables(state.cursor, ['work_orders', 'work_order_steps'])
          })
      })
    // v5: maintenance schedules, whose position is forgotten as v4's tables' were; orders found
    // by the schedule that raised them.
    this.version(5)
      .stores({
        work_orders:
          'id, site_id, equipment_id, status, assignee_id, [site_id+status], schedule_id, _state',
        maintenance_schedules: 'id, site_id, equipment_id, _state',
      })
      .upgrade(async (tx) => {
        await tx
          .table<SyncStateRecord>('sync_state')
          .toCollection()
          .modify((state) => {
            state.cursor = forgetTables(state.cursor, ['maintenance_schedules'])
          })
      })
    // v6: custom fields on sites and equipment, and a site's drop threshold. Adding the
    // columns rewrote no row on the server, so no pull brings them to rows already cached:
    // they get the values the server gave every existing row, on the row and on the server
    // copy an unsynced edit is based on.
    this.version(6).upgrade(async (tx) => {
      const fill = (defaults: Record<string, unknown>) => (row: Record<string, unknown>) => {
        for (const target of [row, row._base])
          if (target && typeof target === 'object')
            for (const [k, v] of Object.entries(defaults))
              if (!(k in target)) (target as Record<string, unknown>)[k] = structuredClone(v)
      }
      await tx.table('sites').toCollection().modify(fill(V6_SITE_DEFAULTS))
      await tx.table('equipment').toCollection().modify(fill(V6_EQUIPMENT_DEFAULTS))
    })
  }

  /** The tables devices edit. */
  get dataTables() {
    return DATA_TABLES.map((t) => this.rows(t))
  }

  /** Every table holding a copy of server rows (what a sync transaction writes). */
  get cacheTables() {
    return [...this.dataTables, this.conflicts, this.period_closes]
  }

  /** A data table by name, typed for generic code over the data tables. */
  rows<T extends DataTable>(table: T): Table<LocalRowOf<T>, string> {
    return this.table(table)
  }
}

/** The tables devices edit (business.sync_tables' client_writable ones). */
export const DATA_TABLES = CLIENT_WRITABLE_TABLE_NAMES
export type DataTable = ClientWritableTable

export async function readSyncState(db: OutpostDB): Promise<SyncStateRecord> {
  return (
    (await db.sync_state.get('main')) ?? {
      key: 'main',
      cursor: null,
      scope: null,
      lastPullAt: null,
      lastPushAt: null,
      lastSuccessAt: null,
      clockOffsetMs: 0,
      userId: null,
    }
  )
}

/** This installation's id, made once and kept for the life of the database. */
export async function deviceId(db: OutpostDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await db.meta.get('device_id')
    if (typeof existing?.value === 'string') return existing.value
    const id = crypto.randomUUID()
    await db.meta.put({ key: 'device_id', value: id })
    return id
  })
}
