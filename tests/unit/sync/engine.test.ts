import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutpostDB } from '../../../src/renderer/src/store/db'
import { updateRow } from '../../../src/renderer/src/store/writes'
import { applyPage } from '../../../src/renderer/src/sync/apply-page'
import type { SyncEngineDeps, Timers } from '../../../src/renderer/src/sync/engine'
import { createSyncEngine } from '../../../src/renderer/src/sync/engine'
import type { SyncRemote } from '../../../src/renderer/src/sync/remote'
import { SyncError } from '../../../src/renderer/src/sync/remote'
import { createSyncStore } from '../../../src/renderer/src/sync/state'
import type { Mutation, PullResponse, PushResponse } from '../../../src/shared/sync/protocol'
import { SITE, USER, memoryDb, page, serverEquipment, writeContext } from '../store/helpers'

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
      pendingCount: 0,
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
    expect(store.getState()).toMatchObject({ phase: 'offline', pendingCount: 1 })
    expect(pending.map((t) => t.ms)).toEqual([750])
    // The retry timer fires.
    const retry = pending.shift()!
    retry.fn()
    await new Promise((r) => setTimeout(r, 50))
    expect(store.getState().phase).toBe('error')
    expect(pending.at(-1)!.ms).toBe(1500)
    await engine.sync()
    expect(store.getState()).toMatchObject({ phase: 'idle', pendingCount: 0 })
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
    expect(store.getState()).toMatchObject({ phase: 'signed-out', pendingCount: 1 })
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
    expect(store.getState()).toMatchObject({ heldForOtherUser: 1, pendingCount: 0 })
    expect(await db.equipment.get(serverEquipment().id)).toMatchObject({ _state: 'pending' })
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
