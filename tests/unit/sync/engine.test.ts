import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutpostDB } from '../../../src/renderer/src/store/db'
import { updateRow } from '../../../src/renderer/src/store/writes'
import { applyPage } from '../../../src/renderer/src/sync/apply-page'
import type { SyncEngineDeps, Timers } from '../../../src/renderer/src/sync/engine'
import { createSyncEngine } from '../../../src/renderer/src/sync/engine'
import type { SyncRemote } from '../../../src/renderer/src/sync/remote'
import { SyncError, classify } from '../../../src/renderer/src/sync/remote'
import { createSyncStore } from '../../../src/renderer/src/sync/state'
import type { Mutation, PullResponse, PushResponse } from '../../../src/shared/sync/protocol'
import { DEVICE, SITE, USER, memoryDb, page, serverEquipment, writeContext } from '../store/helpers'

let db: OutpostDB
beforeEach(() => {
  db = memoryDb()
})
afterEach(() => db.close())

/** A scripted server: answers pushes by applying, pulls from a queue of pages. */
function fakeRemote() {
  const pushes: Mutation[][] = []
  const pulls: (PullResponse | Error)[] = []
  let pushFailures: Error[] = []
  const remote: SyncRemote = {
    async pull() {
      const next = pulls.shift() ?? page({})
      if (next instanceof Error) throw next
      return next
    },
    async push(mutations): Promise<PushResponse> {
      pushes.push(mutations)
      const failure = pushFailures.shift()
      if (failure) throw failure
      return {
        server_time: new Date().toISOString(),
        results: mutations.map((m) => ({
          id: m.id,
          status: 'applied' as const,
          row: { ...serverEquipment(), ...m.data, updated_at: '2026-02-01 00:00:00+00' },
          conflict_id: null,
          error: null,
        })),
      }
    },
    count: async () => 10,
  }
  return { remote, pushes, pulls, failPushes: (...e: Error[]) => (pushFailures = e) }
}

function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = []
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms }
      pending.push(t)
      return t
    },
    clearTimeout: (h) => {
      const i = pending.indexOf(h as never)
      if (i >= 0) pending.splice(i, 1)
    },
  }
  return { timers, pending }
}

/** An engine on this test's database with a signed-in user and timers that only fire by hand. */
function engineFor(remote: SyncRemote, over: Partial<SyncEngineDeps> = {}) {
  return createSyncEngine({
    db,
    remote,
    store: createSyncStore(),
    session: { currentUser: async () => USER },
    timers: manualTimers().timers,
    ...over,
  })
}

async function seeded() {
  await applyPage(db, page({ equipment: [serverEquipment()] }))
  await db.sync_state.update('main', { userId: USER })
  await updateRow(writeContext(db), 'equipment', serverEquipment().id, { status: 'down' })
}

describe('sync engine', () => {
  it('pushes, pulls and reports progress and counts', async () => {
    await seeded()
    const { remote, pushes } = fakeRemote()
    const store = createSyncStore()
    const engine = engineFor(remote, { store })
    await engine.sync()
    expect(pushes).toHaveLength(1)
    expect(pushes[0]![0]).toMatchObject({ op: 'update', data: { status: 'down' } })
    expect(store.getState()).toMatchObject({
      phase: 'idle',
      unsyncedCount: 0,
      failedCount: 0,
      lastError: null,
    })
    expect(store.getState().lastSuccessAt).not.toBeNull()
    expect(await db.equipment.get(serverEquipment().id)).toMatchObject({
      status: 'down',
      _state: 'synced',
    })
  })

  it('keeps the outbox on a network error, retries with backoff, and resends the same ids', async () => {
    await seeded()
    const { remote, pushes, failPushes } = fakeRemote()
    failPushes(new SyncError('offline', 'No connection'), new SyncError('server', 'busy', 503))
    const { timers, pending } = manualTimers()
    const store = createSyncStore()
    const engine = engineFor(remote, { store, timers, random: () => 0.5 })
    await engine.sync()
    expect(store.getState()).toMatchObject({ phase: 'offline', unsyncedCount: 1 })
    expect(pending.map((t) => t.ms)).toEqual([750])
    // The retry timer fires.
    const retry = pending.shift()!
    retry.fn()
    await new Promise((r) => setTimeout(r, 50))
    expect(store.getState().phase).toBe('error')
    expect(pending.at(-1)!.ms).toBe(1500)
    await engine.sync()
    expect(store.getState()).toMatchObject({ phase: 'idle', unsyncedCount: 0 })
    expect(new Set(pushes.map((p) => p[0]!.id)).size).toBe(1)
  })

  it('resends mutations left "sending" by a push that never finished', async () => {
    await seeded()
    await db.outbox.toCollection().modify({ state: 'sending', sent: true })
    const { remote, pushes } = fakeRemote()
    const engine = engineFor(remote)
    await engine.sync()
    expect(pushes).toHaveLength(1)
    expect(await db.outbox.count()).toBe(0)
  })

  it('runs one cycle at a time and runs once more if asked meanwhile', async () => {
    await seeded()
    const { remote, pushes } = fakeRemote()
    const engine = engineFor(remote)
    const a = engine.sync()
    const b = engine.sync()
    const c = engine.sync()
    await Promise.all([a, b, c])
    expect(pushes).toHaveLength(1)
  })

  it('asks to sign in again and keeps the outbox when the session is gone', async () => {
    await seeded()
    const { remote, pushes } = fakeRemote()
    const store = createSyncStore()
    const engine = engineFor(remote, { store, session: { currentUser: async () => null } })
    await engine.sync()
    expect(store.getState()).toMatchObject({ phase: 'signed-out', unsyncedCount: 1 })
    expect(pushes).toHaveLength(0)
  })

  it('holds another user’s edits and starts the cache over for the new user', async () => {
    await seeded()
    const { remote, pushes, pulls } = fakeRemote()
    pulls.push(page({ sites: [] }, { scope: { site_ids: [SITE] } }))
    const store = createSyncStore()
    const engine = engineFor(remote, {
      store,
      session: { currentUser: async () => 'another-user' },
    })
    await engine.sync()
    expect(pushes).toHaveLength(0)
    expect(store.getState()).toMatchObject({ heldForOtherUser: 1, unsyncedCount: 0 })
    expect(await db.equipment.get(serverEquipment().id)).toMatchObject({ _state: 'unsynced' })
  })

  it('debounces local writes into one sync and syncs when coming back online', async () => {
    await seeded()
    const { remote, pushes } = fakeRemote()
    const { timers, pending } = manualTimers()
    const store = createSyncStore({ online: false })
    const engine = engineFor(remote, { store, timers, debounceMs: 2000 })
    engine.localWriteHappened()
    engine.localWriteHappened()
    expect(pending.filter((t) => t.ms === 2000)).toHaveLength(1)
    engine.setOnline(true)
    await new Promise((r) => setTimeout(r, 50))
    expect(pushes).toHaveLength(1)
  })
})

/** Equipment rows on the device, each with one pending edit, in outbox order. */
async function editedEquipment(count: number): Promise<string[]> {
  const ids = Array.from(
    { length: count },
    (_, i) => `40000000-0000-4000-8000-${String(500 + i).padStart(12, '0')}`,
  )
  await applyPage(db, page({ equipment: ids.map((id) => serverEquipment({ id })) }))
  await db.sync_state.update('main', { userId: USER })
  for (const id of ids) await updateRow(writeContext(db), 'equipment', id, { notes: `note ${id}` })
  return ids
}

/**
 * As an older app version would have queued it, before entry validation refused such text:
 * the row shows the edit and the outbox holds it.
 */
async function queuePoisoned(id: string): Promise<void> {
  const notes = 'bad \u0000 value'
  await db.transaction('rw', db.equipment, db.outbox, async () => {
    const row = (await db.equipment.get(id))!
    await db.equipment.put({ ...row, notes, _state: 'unsynced', _base: row })
    await db.outbox.add({
      id: crypto.randomUUID(),
      table: 'equipment',
      op: 'update',
      row_id: id,
      base_updated_at: row.updated_at,
      data: { notes },
      base: { notes: row.notes },
      changed_at: new Date().toISOString(),
      device_id: DEVICE,
      user_id: USER,
      state: 'pending',
      attempts: 0,
      sent: false,
      error: null,
      created_at: new Date().toISOString(),
    })
  })
}

/**
 * A server that behaves like PostgreSQL behind PostgREST for whole-call failures: a batch
 * holding a NUL is refused with 400/22P05, one larger than `timeoutAbove` is cancelled with
 * 500/57014; otherwise each mutation is applied, or answered `retry` while its id is in
 * `busy` (once per listed id).
 */
function strictServer(options: { timeoutAbove?: number; busy?: Set<string> } = {}) {
  const pushes: Mutation[][] = []
  const applied: string[] = []
  let pulls = 0
  const remote: SyncRemote = {
    async pull() {
      pulls++
      return page({})
    },
    async push(mutations): Promise<PushResponse> {
      pushes.push(mutations)
      if (mutations.some((m) => JSON.stringify(m.data).includes('\\u0000'))) {
        throw classify(400, { code: '22P05', message: 'unsupported Unicode escape sequence' })
      }
      if (options.timeoutAbove !== undefined && mutations.length > options.timeoutAbove) {
        throw classify(500, {
          code: '57014',
          message: 'canceling statement due to statement timeout',
        })
      }
      return {
        server_time: new Date().toISOString(),
        results: mutations.map((m) => {
          if (options.busy?.delete(m.id)) {
            return {
              id: m.id,
              status: 'retry' as const,
              row: null,
              conflict_id: null,
              error: { code: 'transient', message: 'deadlock detected', sqlstate: '40P01' },
            }
          }
          applied.push(m.id)
          return {
            id: m.id,
            status: 'applied' as const,
            row: {
              ...serverEquipment({ id: m.row_id }),
              ...m.data,
              updated_at: '2026-02-01 00:00:00+00',
            },
            conflict_id: null,
            error: null,
          }
        }),
      }
    },
    count: async () => 0,
  }
  return { remote, pushes, applied, pulls: () => pulls }
}

describe('sync engine: one mutation never stops a device', () => {
  it('isolates a mutation refused with the whole batch: the rest go through, it waits for a person, pulls go on', async () => {
    const ids = await editedEquipment(7)
    await queuePoisoned(ids[3]!)
    // A later edit of the same row must not overtake the poisoned one.
    await db.outbox.add({
      ...(await db.outbox.toArray()).at(-1)!,
      seq: undefined,
      id: crypto.randomUUID(),
      data: { status: 'down' },
      base: { status: 'operational' },
    })
    const outboxIds = (await db.outbox.toArray()).map((e) => e.id)
    const server = strictServer()
    const store = createSyncStore()
    const engine = engineFor(server.remote, { store })
    await engine.sync()

    const [poisoned, follower] = (await db.outbox.toArray()).map((e) => e)
    expect(poisoned).toMatchObject({
      row_id: ids[3],
      state: 'failed',
      error: { code: 'invalid_value', sqlstate: '22P05' },
    })
    expect(poisoned!.error!.message).toMatch(/character the server cannot store/)
    // Carried by a refused call, so its id is final; held back until the poisoned one is settled.
    expect(follower).toMatchObject({ row_id: ids[3], state: 'pending', error: null })
    expect(server.applied.sort()).toEqual(
      outboxIds.filter((id) => id !== poisoned!.id && id !== follower!.id).sort(),
    )
    expect(await db.equipment.get(ids[3]!)).toMatchObject({ _state: 'failed' })
    expect(await db.equipment.get(ids[0]!)).toMatchObject({ _state: 'synced' })
    expect(server.pulls()).toBe(1)
    expect(store.getState()).toMatchObject({
      phase: 'idle',
      lastError: null,
      failedCount: 1,
      unsyncedCount: 1,
    })
    // Bisection, not one request per mutation: 8 → 4 + 4 → 2 + 2 → 1 + 1, plus the good half.
    expect(server.pushes.length).toBeLessThanOrEqual(6)
    // The next cycle does not send it again until the user acts.
    const before = server.pushes.length
    await engine.sync()
    expect(server.pushes.length).toBe(before)
    expect(server.pulls()).toBe(2)
  })

  it('sends mutations answered "retry" again after a backoff with the same id, applying the rest at once', async () => {
    const ids = await editedEquipment(3)
    const outbox = await db.outbox.toArray()
    const busyId = outbox[1]!.id
    const server = strictServer({ busy: new Set([busyId]) })
    const { timers, pending } = manualTimers()
    const store = createSyncStore()
    const engine = engineFor(server.remote, { store, timers, random: () => 0.5 })
    await engine.sync()
    expect(await db.outbox.toArray()).toMatchObject([
      { id: busyId, state: 'pending', sent: true, error: null },
    ])
    expect(await db.equipment.get(ids[1]!)).toMatchObject({ _state: 'unsynced' })
    expect(await db.equipment.get(ids[0]!)).toMatchObject({ _state: 'synced' })
    // Not sent again within the cycle (no tight loop), the pull ran, nothing failed.
    expect(server.pushes.map((p) => p.length)).toEqual([3])
    expect(server.pulls()).toBe(1)
    expect(store.getState()).toMatchObject({ phase: 'idle', failedCount: 0, unsyncedCount: 1 })
    expect(store.getState().lastError).toMatch(/busy/)
    expect(pending.map((t) => t.ms)).toEqual([750])
    pending.shift()!.fn()
    await new Promise((r) => setTimeout(r, 50))
    expect(server.pushes.at(-1)!.map((m) => m.id)).toEqual([busyId])
    expect(await db.outbox.count()).toBe(0)
    expect(store.getState()).toMatchObject({ phase: 'idle', lastError: null, unsyncedCount: 0 })
  })

  it('sends smaller batches after one times out, and grows them back after successes', async () => {
    await editedEquipment(8)
    const options: { timeoutAbove?: number } = { timeoutAbove: 2 }
    const server = strictServer(options)
    const engine = engineFor(server.remote, { pushBatch: 8 })
    await engine.sync()
    expect(await db.outbox.count()).toBe(0)
    // 8 and its first half time out; then pieces of 2; after three successes the ceiling is 4.
    expect(server.pushes.map((p) => p.length)).toEqual([8, 4, 2, 2, 2, 2])
    // The server is fast again: later pushes start from the ceiling reached and double back.
    delete options.timeoutAbove
    server.pushes.length = 0
    await db.equipment.clear()
    await db.outbox.clear()
    await editedEquipment(28)
    await engine.sync()
    expect(await db.outbox.count()).toBe(0)
    // (One success after the last growth carried over: two more make three.)
    expect(server.pushes.map((p) => p.length)).toEqual([4, 4, 8, 8, 4])
  })

  it('a single mutation that keeps timing out waits for a later cycle; the rest and the pull go on', async () => {
    await editedEquipment(3)
    const server = strictServer({ timeoutAbove: 0 })
    const { timers, pending } = manualTimers()
    const store = createSyncStore()
    const engine = engineFor(server.remote, { store, timers, random: () => 0.5 })
    await engine.sync()
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual([
      'pending',
      'pending',
      'pending',
    ])
    expect(server.pulls()).toBe(1)
    expect(store.getState()).toMatchObject({ phase: 'idle', failedCount: 0 })
    expect(pending).toHaveLength(1)
  })

  it('a 4xx no single mutation explains fails the cycle as before and parks nothing', async () => {
    await editedEquipment(3)
    const { remote, failPushes, pushes } = fakeRemote()
    failPushes(classify(404, { code: 'PGRST202', message: 'Could not find the function' }))
    const store = createSyncStore()
    const engine = engineFor(remote, { store })
    await engine.sync()
    expect(pushes).toHaveLength(1)
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual([
      'pending',
      'pending',
      'pending',
    ])
    expect(store.getState()).toMatchObject({ phase: 'error', failedCount: 0 })
  })
})
