// Runs sync cycles: push the outbox, pull changes, push what was edited meanwhile. One cycle
// at a time per device (Web Locks across tabs), triggered by coming online, a timer, a
// debounced local write or "Sync now"; failures retry with backoff and never lose an edit,
// and no single mutation can stop a device from pushing the rest or from pulling.
import { SYNCED_TABLE_NAMES } from '../../../shared/schema/tables'
import { retryDelay } from '../../../shared/sync/backoff'
import type { BatchSizing } from '../../../shared/sync/batch-size'
import {
  afterSettled,
  afterSplit,
  initialSizing,
  newCycle,
  nextBatchSize,
} from '../../../shared/sync/batch-size'
import { measureOffset } from '../../../shared/sync/clock'
import type { OutboxEntry } from '../../../shared/sync/outbox'
import { outboxCounts } from '../../../shared/sync/outbox-counts'
import { planBatch } from '../../../shared/sync/plan-batch'
import { decidePushFailure } from '../../../shared/sync/push-failure'
import type { Mutation, PullCursor } from '../../../shared/sync/protocol'
import { DEFAULT_PULL_LIMIT, MAX_PUSH_BATCH } from '../../../shared/sync/protocol'
import type { OutpostDB } from '../store/db'
import { DATA_TABLES, readSyncState } from '../store/db'
import { applyPage, clearSyncedRows } from './apply-page'
import { applyPushResults, parkRefused } from './apply-results'
import type { TryLock } from './locks'
import { createTryLock } from './locks'
import type { SyncRemote } from './remote'
import { SyncError } from './remote'
import type { SyncProgress, SyncStore } from './state'

export interface SessionSource {
  /**
   * The signed-in user, once their session is usable (refreshed if it had to be), or null
   * when they must sign in again. Throws a SyncError('offline') if a refresh needs a network.
   */
  currentUser(): Promise<string | null>
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface SyncEngineDeps {
  db: OutpostDB
  remote: SyncRemote
  session: SessionSource
  store: SyncStore
  tryLock?: TryLock
  timers?: Timers
  random?: () => number
  now?: () => number
  pullLimit?: number
  pushBatch?: number
  /** How often to sync while online. */
  intervalMs?: number
  /** Quiet time after a local write before it is pushed. */
  debounceMs?: number
  onError?: (error: unknown) => void
}

export interface SyncEngine {
  /** Runs a cycle, or joins the one running (which then runs once more). */
  sync(): Promise<void>
  localWriteHappened(): void
  setOnline(online: boolean): void
  start(): void
  stop(): void
  refreshCounts(): Promise<void>
}

const LOCK_NAME = 'outpost-sync'

function toMutation(e: OutboxEntry): Mutation {
  return {
    id: e.id,
    table: e.table,
    op: e.op,
    row_id: e.row_id,
    base_updated_at: e.base_updated_at,
    data: e.data,
    base: e.base,
    changed_at: e.changed_at,
    device_id: e.device_id,
  }
}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, remote, session, store } = deps
  const tryLock = deps.tryLock ?? createTryLock()
  const timers: Timers = deps.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  }
  const now = deps.now ?? Date.now
  const pullLimit = deps.pullLimit ?? DEFAULT_PULL_LIMIT
  const pushBatch = deps.pushBatch ?? MAX_PUSH_BATCH
  const intervalMs = deps.intervalMs ?? 60_000
  const debounceMs = deps.debounceMs ?? 2_000

  let running: Promise<void> | null = null
  let again = false
  let failures = 0
  /** Cycles in a row that ended with mutations the server asked to send again later. */
  let busyCycles = 0
  let sizing: BatchSizing = initialSizing(pushBatch)
  let retryTimer: unknown = null
  let intervalTimer: unknown = null
  let debounceTimer: unknown = null
  let started = false

  async function saveOffset(sentAt: number, serverTime: string): Promise<void> {
    const offset = measureOffset(sentAt, now(), serverTime)
    await db.sync_state.put({ ...(await readSyncState(db)), clockOffsetMs: offset })
  }

  /** A cache filled for another user is dropped; their unsynced edits stay, held for them. */
  async function adoptUser(userId: string): Promise<void> {
    await db.transaction('rw', [...db.cacheTables, db.sync_state], async () => {
      const state = await readSyncState(db)
      if (state.userId === userId) return
      if (state.userId !== null) await clearSyncedRows(db)
      await db.sync_state.put({ ...state, userId, cursor: null, scope: null })
    })
  }

  /** Mutations marked sending by a push that never finished (the app closed) go again, same ids. */
  async function recoverInterruptedPush(): Promise<void> {
    await db.outbox.where('state').equals('sending').modify({ state: 'pending' })
  }

  /**
   * Pushes the user's outbox, batch by batch, until nothing is left to send this cycle.
   * `deferred` collects mutations to send again in a later cycle (a transient server error);
   * they and what depends on them are skipped for the rest of this one.
   */
  async function pushAll(userId: string, deferred: Set<string>): Promise<void> {
    for (;;) {
      const { batch } = planBatch(
        await db.outbox.toArray(),
        userId,
        nextBatchSize(sizing),
        deferred,
      )
      if (batch.length === 0) {
        // Pieces of a split cut short by held entries are not carried to the next push.
        sizing = newCycle(sizing)
        return
      }
      store.setState({ phase: 'pushing' })
      // Marked before the request: a crash from here on leaves them "sending", and the next
      // start sends them again under the same ids (the server answers "duplicate" if it had
      // applied them).
      const sending = batch.map((e) => ({
        ...e,
        state: 'sending' as const,
        sent: true,
        attempts: e.attempts + 1,
      }))
      await db.outbox.bulkPut(sending)
      const sentAt = now()
      let response
      try {
        response = await remote.push(sending.map(toMutation))
      } catch (error) {
        await db.outbox.bulkPut(sending.map((e) => ({ ...e, state: 'pending' as const })))
        if (!(error instanceof SyncError)) throw error
        const action = decidePushFailure(error, sending.length)
        if (action.kind === 'give_up') throw error
        if (action.kind === 'split') {
          sizing = afterSplit(sizing, sending.length, action.shrink)
          continue
        }
        const [single] = sending
        if (action.kind === 'park') await parkRefused(db, single!, action.error)
        else deferred.add(single!.id)
        sizing = afterSettled(sizing)
        continue
      }
      const outcome = await applyPushResults(db, sending, response)
      for (const id of outcome.deferred) deferred.add(id)
      sizing = afterSettled(sizing)
      await saveOffset(sentAt, response.server_time)
    }
  }

  async function estimateTotal(): Promise<number | null> {
    try {
      const counts = await Promise.all(DATA_TABLES.map((t) => remote.count(t)))
      return counts.reduce((a, b) => a + b, 0)
    } catch {
      return null
    }
  }

  async function pullAll(): Promise<void> {
    let cursor: PullCursor | null = (await readSyncState(db)).cursor
    const progress: SyncProgress = {
      rows: 0,
      totalRows: cursor === null ? await estimateTotal() : null,
      tablesDone: 0,
      tablesTotal: SYNCED_TABLE_NAMES.length,
    }
    store.setState({ phase: 'pulling', progress: { ...progress } })
    for (;;) {
      const sentAt = now()
      const page = await remote.pull(cursor, pullLimit)
      const stats = await applyPage(db, page)
      // One clock measurement per pull is enough; a write per page would slow a first sync.
      if (!page.has_more) await saveOffset(sentAt, page.server_time)
      progress.rows += stats.rows
      const seen = Object.keys(page.changes).map((t) => SYNCED_TABLE_NAMES.indexOf(t as never))
      if (seen.length > 0) progress.tablesDone = Math.max(progress.tablesDone, Math.max(...seen))
      if (!page.has_more) progress.tablesDone = progress.tablesTotal
      store.setState({ progress: { ...progress } })
      if (!page.has_more) return
      cursor = page.cursor
    }
  }

  /** Returns how many mutations wait for a later cycle because the server was busy. */
  async function cycle(): Promise<number> {
    const userId = await session.currentUser()
    if (!userId) {
      store.setState({
        phase: 'signed-out',
        lastError: 'Sign in to sync. Your unsynced edits are kept.',
      })
      return 0
    }
    await recoverInterruptedPush()
    await adoptUser(userId)
    // A split interrupted by a failed cycle starts over from whole batches.
    sizing = newCycle(sizing)
    const deferred = new Set<string>()
    await pushAll(userId, deferred)
    await pullAll()
    await pushAll(userId, deferred)
    const at = new Date(now()).toISOString()
    await db.sync_state.put({ ...(await readSyncState(db)), lastSuccessAt: at })
    const busy =
      deferred.size === 0
        ? null
        : `The server was busy; ${deferred.size === 1 ? '1 change' : `${deferred.size} changes`} will be sent again shortly.`
    store.setState({ phase: 'idle', progress: null, lastError: busy, lastSuccessAt: at })
    return deferred.size
  }

  function scheduleRetry(attempt: number): void {
    if (retryTimer !== null) timers.clearTimeout(retryTimer)
    const delay = retryDelay(attempt, { random: deps.random })
    retryTimer = timers.setTimeout(() => {
      retryTimer = null
      void sync()
    }, delay)
  }

  function fail(error: unknown): void {
    failures++
    const message = error instanceof Error ? error.message : String(error)
    if (error instanceof SyncError && error.kind === 'auth') {
      store.setState({ phase: 'signed-out', progress: null, lastError: message })
      return
    }
    const offline = error instanceof SyncError && error.kind === 'offline'
    store.setState({ phase: offline ? 'offline' : 'error', progress: null, lastError: message })
    if (!(error instanceof SyncError)) deps.onError?.(error)
    if (store.getState().online) scheduleRetry(failures - 1)
  }

  async function runOnce(): Promise<void> {
    const ran = await tryLock(LOCK_NAME, async () => {
      try {
        const deferred = await cycle()
        failures = 0
        // Mutations the server could not take right now (a deadlock, a lock or statement
        // timeout) go again after a backoff that grows while the server stays busy.
        busyCycles = deferred > 0 ? busyCycles + 1 : 0
        if (deferred > 0 && store.getState().online) scheduleRetry(busyCycles - 1)
      } catch (error) {
        fail(error)
      }
      return true
    })
    // Another window holds the lock and is syncing this same database.
    if (ran === undefined) again = false
  }

  async function sync(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await runOnce()
        } while (again)
      } finally {
        running = null
        await refreshCounts()
      }
    })()
    return running
  }

  async function refreshCounts(): Promise<void> {
    const state = await readSyncState(db)
    const counts = outboxCounts(await db.outbox.toArray(), state.userId)
    store.setState({
      unsyncedCount: counts.unsynced,
      failedCount: counts.failed,
      heldForOtherUser: counts.heldForOtherUser,
      oldestUnsyncedAt: counts.oldestUnsyncedAt,
      openConflicts: await db.conflicts.where('status').equals('open').count(),
      lastSuccessAt: state.lastSuccessAt,
    })
  }

  function tick(): void {
    intervalTimer = timers.setTimeout(() => {
      if (store.getState().online) void sync()
      if (started) tick()
    }, intervalMs)
  }

  return {
    sync,
    refreshCounts,
    localWriteHappened() {
      void refreshCounts()
      if (debounceTimer !== null) timers.clearTimeout(debounceTimer)
      debounceTimer = timers.setTimeout(() => {
        debounceTimer = null
        if (store.getState().online) void sync()
      }, debounceMs)
    },
    setOnline(online) {
      const was = store.getState().online
      store.setState({ online, ...(online ? {} : { phase: 'offline' as const }) })
      if (online && !was) {
        failures = 0
        void sync()
      }
    },
    start() {
      if (started) return
      started = true
      tick()
      void sync()
    },
    stop() {
      started = false
      for (const t of [intervalTimer, retryTimer, debounceTimer])
        if (t !== null) timers.clearTimeout(t)
      intervalTimer = retryTimer = debounceTimer = null
    },
  }
}
