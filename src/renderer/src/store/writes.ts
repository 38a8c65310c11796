// Local writes: the row and its outbox mutation change in one Dexie transaction, so both are
// stored or neither is. Input is validated with the shared rules first; invalid input throws
// a ValidationError with per-field messages and touches nothing.
import type { FieldErrors } from '../../../shared/schema/validate'
import { validateRow } from '../../../shared/schema/validate'
import type { RowOf } from '../../../shared/schema/tables'
import {
  ROW_DEFAULTS,
  SERVER_COLUMNS,
  referencesOf,
  nullDefaults,
} from '../../../shared/schema/tables'
import { coalesceMutation } from '../../../shared/sync/coalesce'
import type { Edit, OutboxEntry } from '../../../shared/sync/outbox'
import type { JsonObject } from '../../../shared/sync/protocol'
import type { DataTable, LocalRowOf, LocalState, OutpostDB } from './db'
import { isMonthClosed } from './queries'
import {
  materialize,
  searchKeys,
  serverShape,
  serverVersionOf,
  stateOf,
} from '../../../shared/sync/local-row'
import { monthLabel, siteMonth } from '../../../shared/site-time'

export class ValidationError extends Error {
  constructor(readonly errors: FieldErrors) {
    super(Object.values(errors).join('; '))
    this.name = 'ValidationError'
  }
}

export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(
      'This device is out of storage space. Nothing was saved; free space or sync, then try again.',
      {
        cause,
      },
    )
    this.name = 'StorageFullError'
  }
}

export interface WriteContext {
  db: OutpostDB
  userId: string
  deviceId: string
  /** Server-corrected current time (ISO). */
  now(): string
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function isQuotaError(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string } } | null
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError'
}

async function guardQuota<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(error)
    throw error
  }
}

/**
 * Whether the edit names a row (a work order's new maintenance log) whose own mutation was
 * queued after `last`. Folded into `last`, the reference would reach the server before the
 * row it names and be refused; such an edit is queued on its own, after that row.
 */
async function refersToLater(
  db: OutpostDB,
  edit: Edit,
  last: OutboxEntry | undefined,
): Promise<boolean> {
  if (last?.seq === undefined) return false
  const refs = referencesOf(edit.table)
    .map(([col]) => edit.data[col])
    .filter((v): v is string => typeof v === 'string')
  if (refs.length === 0) return false
  const later = await db.outbox.where('row_id').anyOf(refs).toArray()
  return later.some((m) => (m.seq ?? 0) > (last.seq ?? 0))
}

/** Records an edit in the outbox (coalescing with the row's unsent mutation); returns the row's state. */
async function recordEdit(ctx: WriteContext, edit: Edit): Promise<LocalState | 'gone'> {
  const { db } = ctx
  const last = await db.outbox.where('[table+row_id]').equals([edit.table, edit.row_id]).last()
  const result = (await refersToLater(db, edit, last))
    ? ({ kind: 'append' } as const)
    : coalesceMutation(last, edit)
  if (result.kind === 'append') {
    const entry: OutboxEntry = {
      ...edit,
      id: crypto.randomUUID(),
      device_id: ctx.deviceId,
      user_id: ctx.userId,
      state: 'pending',
      attempts: 0,
      sent: false,
      error: null,
      created_at: new Date().toISOString(),
    }
    await db.outbox.add(entry)
  } else if (result.kind === 'replace') {
    await db.outbox.put(result.entry)
  } else if (last?.seq !== undefined) {
    await db.outbox.delete(last.seq)
  }
  const remaining = await db.outbox
    .where('[table+row_id]')
    .equals([edit.table, edit.row_id])
    .toArray()
  if (remaining.length === 0)
    return result.kind === 'remove' && last?.op === 'insert' ? 'gone' : 'synced'
  return stateOf(remaining)
}

/**
 * Readings of a month the office closed cannot change; the database refuses them too, but
 * the technician hears it at the form, before anything is queued.
 */
async function assertPeriodOpen(
  db: OutpostDB,
  table: DataTable,
  row: Record<string, unknown>,
): Promise<void> {
  if (table !== 'energy_production' || row.source === 'adjustment') return
  const site = await db.sites.get(String(row.site_id))
  const month = siteMonth(String(row.period_start), site?.timezone ?? 'UTC')
  if (await isMonthClosed(db, String(row.site_id), month)) {
    throw new ValidationError({
      period_start: `${monthLabel(month)} is closed for this site. Enter a correction as an adjustment with a reason.`,
    })
  }
}

/**
 * A reading's month is the database's to set (from the site's time zone when the reading is
 * written); the device mirrors that rule so the row is complete before the server answers.
 */
async function withPeriodMonth(
  db: OutpostDB,
  table: DataTable,
  row: Record<string, unknown>,
  previous?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (table !== 'energy_production' || Number.isNaN(Date.parse(String(row.period_start))))
    return row
  if (
    previous &&
    typeof previous.period_month === 'string' &&
    previous.period_start === row.period_start &&
    previous.site_id === row.site_id
  )
    return { ...row, period_month: previous.period_month }
  const site = await db.sites.get(String(row.site_id))
  return { ...row, period_month: siteMonth(String(row.period_start), site?.timezone ?? 'UTC') }
}

/**
 * A unit's status change carries the moment it was made and its reason (none unless given),
 * as the database's stamp_equipment_status would set them for a writer that sent neither.
 */
function withStatusStamp<T extends DataTable>(
  table: T,
  patch: Partial<RowOf[T]>,
  visible: RowOf[T],
  server: RowOf[T] | null,
  now: string,
): Partial<RowOf[T]> {
  if (table !== 'equipment') return patch
  const v = visible as RowOf['equipment']
  const s = server as RowOf['equipment'] | null
  const p = withHoursStamp(patch, v, s, now)
  if (p.status === undefined || p.status === v.status || p.status_changed_at !== undefined)
    return p as Partial<RowOf[T]>
  // Back to the server's status: the change is undone, not made again.
  const stamp =
    s && p.status === s.status
      ? { status_reason: s.status_reason ?? null, status_changed_at: s.status_changed_at ?? null }
      : { status_reason: null, status_changed_at: now }
  return { ...stamp, ...p } as unknown as Partial<RowOf[T]>
}

/**
 * A new hour meter value carries when it was read, as stamp_equipment_hours would: the
 * readings' runtime after that moment adds to it (src/shared/maintenance/pm-due.ts).
 */
function withHoursStamp(
  p: Partial<RowOf['equipment']>,
  v: Pick<RowOf['equipment'], 'runtime_hours'> | null,
  s: Pick<RowOf['equipment'], 'runtime_hours' | 'runtime_hours_at'> | null,
  now: string,
): Partial<RowOf['equipment']> {
  if (p.runtime_hours === undefined || p.runtime_hours_at !== undefined) return p
  if (v && p.runtime_hours === v.runtime_hours) return p
  // Back to the server's hours: the reading is undone, not taken again.
  if (s && p.runtime_hours === s.runtime_hours)
    return { ...p, runtime_hours_at: s.runtime_hours_at ?? null }
  return { ...p, runtime_hours_at: now }
}

function withSearch<T extends DataTable>(
  table: T,
  row: Record<string, unknown>,
): Record<string, unknown> {
  if (table !== 'equipment') return row
  return { ...row, _search: searchKeys(row as RowOf['equipment']) }
}

/**
 * Runs several writes as one: every row and outbox entry they touch is stored, or none is (a
 * work order with its checklist, a completion with its maintenance log). The writes inside
 * open their own transactions, which Dexie runs as part of this one.
 */
export function writeTogether<T>(ctx: WriteContext, work: () => Promise<T>): Promise<T> {
  const { db } = ctx
  return guardQuota(() =>
    // Through an async function whatever `work` is: Dexie keeps a transaction open across
    // native awaits only when its scope function is async, and a plain function returning a
    // promise commits it early (PrematureCommitError).
    db.transaction('rw', [...db.dataTables, db.outbox, db.period_closes], async () => work()),
  )
}

/**
 * A row whose id and values every device derives alike (a scheduled order and its steps).
 * Its insert is kept as it is (coalesceMutation), and dated `at`, the moment of what it
 * derives from, not this device's clock: merged into a row another device pushed and people
 * changed since, it loses every difference and never undoes their edits by being later.
 */
export interface DerivedRow {
  id: string
  at: string
}

export async function createRow<T extends DataTable>(
  ctx: WriteContext,
  table: T,
  values: Partial<RowOf[T]> & { organization_id: string },
  options: { derived?: DerivedRow } = {},
): Promise<LocalRowOf<T>> {
  const now = ctx.now()
  const stamped = table === 'equipment' ? withHoursStamp(values, null, null, now) : values
  const row = await withPeriodMonth(ctx.db, table, {
    ...nullDefaults(table),
    ...ROW_DEFAULTS[table],
    ...stamped,
    id: options.derived?.id ?? crypto.randomUUID(),
    created_at: now,
    created_by: ctx.userId,
    updated_at: now,
    updated_by: ctx.userId,
    deleted_at: null,
  })
  const checked = validateRow(table, row)
  if (!checked.ok) throw new ValidationError(checked.errors)
  const data: JsonObject = { ...checked.row }
  for (const k of SERVER_COLUMNS) delete data[k]
  const local = withSearch(table, {
    ...checked.row,
    _state: 'unsynced',
    _base: null,
  }) as unknown as LocalRowOf<T>
  return guardQuota(() =>
    ctx.db.transaction(
      'rw',
      [ctx.db.rows(table), ctx.db.outbox, ctx.db.sites, ctx.db.period_closes],
      async () => {
        await assertPeriodOpen(ctx.db, table, local)
        await ctx.db.rows(table).add(local)
        await recordEdit(ctx, {
          table,
          op: 'insert',
          row_id: local.id,
          base_updated_at: null,
          data,
          // Every device derives the same values: a merge into another device's copy of the row
          // then keeps whatever people changed there since, with no conflict.
          base: options.derived ? data : {},
          changed_at: options.derived?.at ?? now,
          ...(options.derived ? { derived: true as const } : {}),
        })
        return local
      },
    ),
  )
}

export async function updateRow<T extends DataTable>(
  ctx: WriteContext,
  table: T,
  id: string,
  patch: Partial<RowOf[T]>,
): Promise<LocalRowOf<T>> {
  const forbidden = Object.keys(patch).filter(
    (k) => (SERVER_COLUMNS as readonly string[]).includes(k) || k === 'organization_id',
  )
  if (forbidden.length > 0) throw new Error(`cannot set ${forbidden.join(', ')} from the app`)
  return guardQuota(() =>
    ctx.db.transaction(
      'rw',
      [ctx.db.rows(table), ctx.db.outbox, ctx.db.sites, ctx.db.period_closes],
      async () => {
        const current = await ctx.db.rows(table).get(id)
        if (!current) throw new Error(`${table} row ${id} is not on this device`)
        if (current.deleted_at) throw new Error('This record was deleted')
        // A row cached before a column existed lacks it: to the write it is null, as on the server.
        const visible = { ...nullDefaults(table), ...serverShape(current) } as RowOf[T]
        patch = withStatusStamp(table, patch, visible, serverVersionOf(current), ctx.now())
        const changed = Object.keys(patch).filter(
          (k) => !sameValue((patch as JsonObject)[k], (visible as JsonObject)[k]),
        )
        if (changed.length === 0) return current
        const next = await withPeriodMonth(ctx.db, table, { ...visible, ...patch }, visible)
        const checked = validateRow(table, next)
        if (!checked.ok) throw new ValidationError(checked.errors)
        const serverVersion = serverVersionOf(current)
        // Only the server's copy is locked by a close: a reading it never accepted (refused
        // because its month closed meanwhile) may still be moved to an open day.
        if (serverVersion) await assertPeriodOpen(ctx.db, table, serverVersion)
        await assertPeriodOpen(ctx.db, table, next)
        const data = Object.fromEntries(changed.map((k) => [k, (checked.row as JsonObject)[k]]))
        const base = Object.fromEntries(changed.map((k) => [k, (visible as JsonObject)[k]]))
        const state = await recordEdit(ctx, {
          table,
          op: 'update',
          row_id: id,
          base_updated_at: serverVersion?.updated_at ?? null,
          data,
          base,
          changed_at: ctx.now(),
        })
        const stored = withSearch(table, {
          ...(state === 'synced' && serverVersion ? serverVersion : checked.row),
          _state: state === 'gone' ? 'synced' : state,
          _base: state === 'synced' ? null : serverVersion,
        }) as unknown as LocalRowOf<T>
        await ctx.db.rows(table).put(stored)
        return stored
      },
    ),
  )
}

export async function deleteRow<T extends DataTable>(
  ctx: WriteContext,
  table: T,
  id: string,
): Promise<void> {
  await guardQuota(() =>
    ctx.db.transaction(
      'rw',
      [ctx.db.rows(table), ctx.db.outbox, ctx.db.sites, ctx.db.period_closes],
      async () => {
        const current = await ctx.db.rows(table).get(id)
        if (!current || current.deleted_at) return
        const serverVersion = serverVersionOf(current)
        if (serverVersion) await assertPeriodOpen(ctx.db, table, serverVersion)
        const now = ctx.now()
        const state = await recordEdit(ctx, {
          table,
          op: 'delete',
          row_id: id,
          base_updated_at: serverVersion?.updated_at ?? null,
          data: {},
          base: {},
          changed_at: now,
        })
        if (state === 'gone') {
          await ctx.db.rows(table).delete(id)
          return
        }
        const tombstone: LocalRowOf<T> = {
          ...current,
          _state: state === 'failed' ? 'failed' : 'unsynced',
          _base: serverVersion,
        }
        tombstone.deleted_at = now
        await ctx.db.rows(table).put(tombstone)
      },
    ),
  )
}

/** Throws away an unsent or failed mutation and puts the row back to what remains. */
export async function discardMutation(db: OutpostDB, seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, ...db.dataTables], async () => {
    const entry = await db.outbox.get(seq)
    if (!entry || entry.state === 'sending') return
    await db.outbox.delete(seq)
    const table = entry.table
    const current = await db.rows(table).get(entry.row_id)
    if (!current) return
    const rest = await db.outbox
      .where('[table+row_id]')
      .equals([entry.table, entry.row_id])
      .toArray()
    const next = materialize(table, serverVersionOf(current), rest, current)
    // A row kept only for its unsynced edits (its site left the user's scope, or it moved to
    // a site they cannot see) goes with its last edit: the server will not send it again.
    const kept = rest.length > 0 || (serverVersionOf(current) && !current._outOfScope)
    if (next && kept) await db.rows(table).put(next)
    else await db.rows(table).delete(entry.row_id)
  })
}

/** Sends a failed mutation again as it is (for causes fixed elsewhere, e.g. a site re-assigned). */
export async function retryMutation(db: OutpostDB, seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, ...db.dataTables], async () => {
    const entry = await db.outbox.get(seq)
    if (!entry || entry.state !== 'failed') return
    await db.outbox.update(seq, { state: 'pending', error: null })
    const table = entry.table
    const current = await db.rows(table).get(entry.row_id)
    if (!current) return
    const pending = await db.outbox
      .where('[table+row_id]')
      .equals([entry.table, entry.row_id])
      .toArray()
    const next = materialize(table, serverVersionOf(current), pending, current)
    if (next) await db.rows(table).put(next)
  })
}
