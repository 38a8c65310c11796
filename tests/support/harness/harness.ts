// Runs in Chromium (real IndexedDB): simulated devices, each with its own Dexie database,
// supabase-js client and sync engine, driven from Node through page.evaluate.
import { createClient } from '@supabase/supabase-js'
import { filteredReadings } from '../../../src/renderer/src/features/energy/queries'
import type { Database } from '../../../src/shared/database.types'
import { OutpostDB, deviceId, readSyncState } from '../../../src/renderer/src/store/db'
import type { DataTable } from '../../../src/renderer/src/store/db'
import type { WriteContext } from '../../../src/renderer/src/store/writes'
import {
  createRow,
  deleteRow,
  discardMutation,
  retryMutation,
  updateRow,
} from '../../../src/renderer/src/store/writes'
import { serverShape } from '../../../src/shared/sync/local-row'
import type {
  Completion,
  NewWorkOrder,
  StepAnswer,
} from '../../../src/renderer/src/store/work-orders'
import {
  answerStep,
  completeWorkOrder,
  createWorkOrder,
  raiseScheduledOrder,
} from '../../../src/renderer/src/store/work-orders'
import { scheduledDue } from '../../../src/renderer/src/store/queries'
import type { TemplateStep } from '../../../src/shared/schema/tables'
import { correctedNow } from '../../../src/shared/sync/clock'
import type { SyncEngine } from '../../../src/renderer/src/sync/engine'
import { createSyncEngine } from '../../../src/renderer/src/sync/engine'
import { createSupabaseRemote } from '../../../src/renderer/src/sync/remote'
import { createSupabaseSession } from '../../../src/renderer/src/sync/session'
import type { SyncStatus } from '../../../src/renderer/src/sync/state'
import { createSyncStore } from '../../../src/renderer/src/sync/state'

interface Network {
  online: boolean
  /** Deliver the next push to the server but lose its answer. */
  loseNextPushResponse: boolean
  /** Fail sync_pull calls after this many more succeed (null: never). */
  failPullAfter: number | null
  /** Added to the device clock, in ms. */
  skewMs: number
  /**
   * Answer the next sync_push calls with these HTTP errors instead of sending them (a proxy
   * or the hosted statement timeout, as PostgREST words it: `{ code, message }`).
   */
  pushFaults: { status: number; code: string; message: string }[]
  /** How many mutations each sync_push call carried, in order (faulted ones included). */
  pushSizes: number[]
}

interface Device {
  name: string
  db: OutpostDB
  client: ReturnType<typeof createClient<Database>>
  engine: SyncEngine
  status: () => SyncStatus
  net: Network
  ctx: () => Promise<WriteContext>
}

const devices = new Map<string, Device>()
/** Rows fetched by benchFetch, by table, for benchRawPut to write. */
let fetched: [string, Record<string, unknown>[]][] = []
const storage = new Map<string, string>()

function device(name: string): Device {
  const d = devices.get(name)
  if (!d) throw new Error(`no device ${name}`)
  return d
}

function createDevice(name: string, url: string, anonKey: string): void {
  const net: Network = {
    online: true,
    loseNextPushResponse: false,
    failPullAfter: null,
    skewMs: 0,
    pushFaults: [],
    pushSizes: [],
  }
  const fetchThrough: typeof fetch = async (input, init) => {
    const target = String(input instanceof Request ? input.url : input)
    if (!net.online) throw new TypeError('Failed to fetch')
    if (target.includes('/rpc/sync_pull') && net.failPullAfter !== null) {
      if (net.failPullAfter <= 0) throw new TypeError('Failed to fetch')
      net.failPullAfter--
    }
    if (target.includes('/rpc/sync_push') && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as { p_mutations?: unknown[] }
      net.pushSizes.push(body.p_mutations?.length ?? 0)
    }
    const fault = target.includes('/rpc/sync_push') ? net.pushFaults.shift() : undefined
    if (fault) {
      return new Response(JSON.stringify({ ...fault, details: null, hint: null }), {
        status: fault.status,
        headers: { 'content-type': 'application/json' },
      })
    }
    const response = await fetch(input, init)
    if (target.includes('/rpc/sync_push') && net.loseNextPushResponse) {
      net.loseNextPushResponse = false
      await response.text()
      throw new TypeError('Failed to fetch')
    }
    return response
  }
  const client = createClient<Database>(url, anonKey, {
    global: { fetch: fetchThrough },
    auth: {
      storageKey: `sb-${name}`,
      persistSession: true,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storage: {
        getItem: (k) => storage.get(k) ?? null,
        setItem: (k, v) => void storage.set(k, v),
        removeItem: (k) => void storage.delete(k),
      },
    },
  })
  const db = new OutpostDB(`outpost-${name}`)
  const store = createSyncStore()
  const engine = createSyncEngine({
    db,
    remote: createSupabaseRemote(client),
    session: createSupabaseSession(client),
    store,
    // Tests drive every sync explicitly; no timers, no hidden retries.
    timers: { setTimeout: () => null, clearTimeout: () => undefined },
    now: () => Date.now() + net.skewMs,
    pullLimit: 500,
  })
  devices.set(name, {
    name,
    db,
    client,
    engine,
    net,
    status: () => store.getState(),
    async ctx() {
      // As the app does: the stored session names the user, even when its token has expired
      // offline (getSession() here would try a refresh).
      const stored = JSON.parse(storage.get(`sb-${name}`) ?? 'null') as {
        user?: { id: string }
      } | null
      const userId = stored?.user?.id
      if (!userId) throw new Error(`${name} is not signed in`)
      const offset = (await readSyncState(db)).clockOffsetMs
      return {
        db,
        userId,
        deviceId: await deviceId(db),
        now: () => correctedNow(offset, Date.now() + net.skewMs),
      }
    },
  })
}

const api = {
  createDevice,
  async signIn(name: string, email: string, password: string) {
    const { error } = await device(name).client.auth.signInWithPassword({ email, password })
    if (error) throw new Error(error.message)
  },
  /** Marks the stored session as expired, as after days offline. */
  expireSession(name: string) {
    const key = `sb-${name}`
    const stored = storage.get(key)
    if (!stored) throw new Error(`${name} has no stored session`)
    const session = JSON.parse(stored) as { expires_at: number }
    session.expires_at = Math.floor(Date.now() / 1000) - 60
    storage.set(key, JSON.stringify(session))
  },
  async signOut(name: string) {
    await device(name).client.auth.signOut({ scope: 'local' })
  },
  async sync(name: string): Promise<SyncStatus> {
    const d = device(name)
    await d.engine.sync()
    return d.status()
  },
  setNetwork(name: string, patch: Partial<Network>) {
    Object.assign(device(name).net, patch)
  },
  async create(name: string, table: DataTable, values: Record<string, unknown>) {
    const d = device(name)
    return createRow(await d.ctx(), table, values as never)
  },
  async update(name: string, table: DataTable, id: string, patch: Record<string, unknown>) {
    const d = device(name)
    return updateRow(await d.ctx(), table, id, patch as never)
  },
  async createWorkOrder(name: string, values: NewWorkOrder, steps: TemplateStep[]) {
    return createWorkOrder(await device(name).ctx(), values, steps)
  },
  /** Where every schedule on the device has each unit (plain points, without the rows). */
  async scheduledDue(name: string) {
    const due = await scheduledDue(device(name).db)
    return due.map(({ schedule: _s, unit: _u, ...point }) => point)
  },
  /** Raises the order for the point a schedule has this unit at, as the unit page's button does. */
  async raiseScheduled(
    name: string,
    scheduleId: string,
    equipmentId: string,
    steps: TemplateStep[],
  ) {
    const d = device(name)
    const due = (await scheduledDue(d.db, { equipmentId })).find((p) => p.scheduleId === scheduleId)
    if (!due) throw new Error(`no point of schedule ${scheduleId} for ${equipmentId} on ${name}`)
    const ctx = await d.ctx()
    return raiseScheduledOrder(ctx, due, steps, ctx.userId)
  },
  async answerStep(name: string, stepId: string, answer: StepAnswer) {
    return answerStep(await device(name).ctx(), stepId, answer)
  },
  /** Completes an order; a refusal comes back as its messages instead of an exception. */
  async completeWorkOrder(name: string, orderId: string, done: Completion) {
    try {
      return {
        ok: true as const,
        row: await completeWorkOrder(await device(name).ctx(), orderId, done),
      }
    } catch (error) {
      return {
        ok: false as const,
        errors: (error as { errors?: Record<string, string> }).errors ?? { _row: String(error) },
      }
    }
  },
  async remove(name: string, table: DataTable, id: string) {
    const d = device(name)
    await deleteRow(await d.ctx(), table, id)
  },
  async tryCreate(name: string, table: DataTable, values: Record<string, unknown>) {
    try {
      await api.create(name, table, values)
      return null
    } catch (error) {
      return (error as { errors?: Record<string, string> }).errors ?? { _row: String(error) }
    }
  },
  /**
   * Queues an update as an app version without entry validation would have: straight into the
   * outbox, with the row showing it. `poison` puts text PostgreSQL cannot store in `field`
   * (made here: NUL and lone surrogates do not survive the trip from Node intact).
   */
  async queueRaw(
    name: string,
    table: DataTable,
    id: string,
    field: string,
    poison: 'nul' | 'surrogate',
  ): Promise<string> {
    const d = device(name)
    const ctx = await d.ctx()
    const value =
      poison === 'nul'
        ? `bad ${String.fromCharCode(0)} value`
        : `bad ${String.fromCharCode(0xd800)} value`
    const mutationId = crypto.randomUUID()
    await d.db.transaction('rw', d.db.rows(table), d.db.outbox, async () => {
      const row = await d.db.rows(table).get(id)
      if (!row) throw new Error(`${table} ${id} is not on ${name}`)
      const base = row._state === 'synced' ? serverShape(row) : row._base
      await d.db.rows(table).put({ ...row, [field]: value, _state: 'unsynced', _base: base })
      await d.db.outbox.add({
        id: mutationId,
        table,
        op: 'update',
        row_id: id,
        base_updated_at: base?.updated_at ?? null,
        data: { [field]: value },
        base: { [field]: (row as Record<string, unknown>)[field] ?? null },
        changed_at: ctx.now(),
        device_id: ctx.deviceId,
        user_id: ctx.userId,
        state: 'pending',
        attempts: 0,
        sent: false,
        error: null,
        created_at: new Date().toISOString(),
      })
    })
    return mutationId
  },
  /** Puts a row in the device's cache as if a pull had brought it (e.g. one the server no longer has). */
  async putSynced(name: string, table: DataTable, row: Record<string, unknown>) {
    await device(name)
      .db.rows(table)
      .put({ ...row, _state: 'synced', _base: null } as never)
  },
  /** Replaces the stored pull cursor (as a restore leaves it: valid-looking, from elsewhere). */
  async setCursor(name: string, cursor: Record<string, unknown>) {
    const db = device(name).db
    await db.sync_state.put({ ...(await readSyncState(db)), cursor })
  },
  async retry(name: string, seq: number) {
    await retryMutation(device(name).db, seq)
  },
  async discard(name: string, seq: number) {
    await discardMutation(device(name).db, seq)
  },
  async rows(name: string, table: DataTable) {
    return device(name).db.rows(table).toArray()
  },
  async row(name: string, table: DataTable, id: string) {
    return (await device(name).db.rows(table).get(id)) ?? null
  },
  async outbox(name: string) {
    return device(name).db.outbox.toArray()
  },
  async conflicts(name: string) {
    return device(name).db.conflicts.toArray()
  },
  async syncState(name: string) {
    return readSyncState(device(name).db)
  },
  status(name: string) {
    return device(name).status()
  },
  network(name: string): Network {
    return { ...device(name).net }
  },
  /** Bench ceiling, network side: every pull page of a full sync, fetched and parsed, not stored. */
  async benchFetch(name: string): Promise<{ rows: number; pages: number; ms: number }> {
    const remote = createSupabaseRemote(device(name).client)
    const started = performance.now()
    let cursor: Record<string, unknown> | null = null
    let pages = 0
    fetched = []
    for (;;) {
      const page = await remote.pull(cursor, 1000)
      pages++
      fetched.push(...Object.entries(page.changes))
      if (!page.has_more) break
      cursor = page.cursor
    }
    return {
      rows: fetched.reduce((n, [, rows]) => n + rows.length, 0),
      pages,
      ms: performance.now() - started,
    }
  },
  /**
   * Bench ceiling, storage side: the fetched rows bulk-written, page by page, into the same
   * tables and indexes as the app's, with nothing else (no outbox lookups, no cursor).
   */
  async benchRawPut(): Promise<{ rows: number; ms: number }> {
    const raw = new OutpostDB('bench-raw')
    await raw.open()
    const started = performance.now()
    let rows = 0
    for (const [table, list] of fetched) {
      rows += list.length
      await raw.table(table === 'sync_conflicts' ? 'conflicts' : table).bulkPut(list)
    }
    const ms = performance.now() - started
    raw.close()
    await OutpostDB.delete('bench-raw')
    return { rows, ms }
  },
  /**
   * The readings table's query over `count` readings on one device: newest first across all
   * sites and for one site, against reading the whole table unsorted (the ceiling).
   */
  async benchTable(
    name: string,
    count: number,
  ): Promise<{ allMs: number; siteMs: number; exportMs: number; rawMs: number; rows: number }> {
    const { db } = device(name)
    const sites = Array.from({ length: 20 }, () => crypto.randomUUID())
    const day = 86_400_000
    const base = Date.parse('2020-01-01T06:00:00Z')
    await db.energy_production.clear()
    for (let i = 0; i < count; i += 5000) {
      await db.energy_production.bulkPut(
        Array.from({ length: Math.min(5000, count - i) }, (_, j) => {
          const n = i + j
          const start = new Date(base + Math.floor(n / sites.length) * day).toISOString()
          return {
            id: crypto.randomUUID(),
            organization_id: 'o',
            site_id: sites[n % sites.length]!,
            equipment_id: null,
            period_start: start,
            period_end: start,
            period_month: `${start.slice(0, 7)}-01`,
            energy_kwh: n % 20_000,
            gas_volume_mcf: null,
            runtime_hours: null,
            source: 'meter' as const,
            notes: null,
            created_at: start,
            created_by: null,
            updated_at: start,
            updated_by: null,
            deleted_at: null,
            _state: 'synced' as const,
            _base: null,
          }
        }),
      )
    }
    const time = async (fn: () => Promise<unknown>) => {
      const started = performance.now()
      await fn()
      return performance.now() - started
    }
    // What the live table runs (at most 5,000 rows), and what Export CSV reads (all of them).
    const allMs = await time(() => filteredReadings(db, { site: '', from: '', to: '' }, 5000))
    const siteMs = await time(() => filteredReadings(db, { site: sites[0]!, from: '', to: '' }))
    const exportMs = await time(() => filteredReadings(db, { site: '', from: '', to: '' }))
    const rawMs = await time(() => db.energy_production.toArray())
    await db.energy_production.clear()
    return { allMs, siteMs, exportMs, rawMs, rows: count }
  },
  /** A full first sync of the device, timed. */
  async benchSync(name: string): Promise<{ rows: number; ms: number; error: string | null }> {
    const d = device(name)
    const started = performance.now()
    await d.engine.sync()
    const ms = performance.now() - started
    const counts = await Promise.all(d.db.cacheTables.map((t) => t.count()))
    return { rows: counts.reduce((a, b) => a + b, 0), ms, error: d.status().lastError }
  },
  /** The window closes: the engine stops and the database closes; IndexedDB and the stored session stay. */
  closeDevice(name: string) {
    const d = device(name)
    d.engine.stop()
    d.db.close()
    devices.delete(name)
  },
  async destroy(name: string) {
    const d = device(name)
    d.engine.stop()
    d.db.close()
    await OutpostDB.delete(`outpost-${name}`)
    devices.delete(name)
  },
}

export type Harness = typeof api
;(globalThis as unknown as { harness: Harness }).harness = api
