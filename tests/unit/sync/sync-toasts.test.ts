import { describe, expect, it } from 'vitest'
import { syncToasts } from '../../../src/renderer/src/sync/sync-toasts'

const base = {
  unsyncedCount: 0,
  failedCount: 0,
  lastSuccessAt: '2026-12-03T06:00:00Z',
  phase: 'idle' as const,
}
const after = { ...base, lastSuccessAt: '2026-12-03T06:05:00Z' }

describe('syncToasts', () => {
  it('announces the edits a finished sync took off the outbox', () => {
    expect(syncToasts({ ...base, unsyncedCount: 5 }, { ...after, unsyncedCount: 1 })).toEqual([
      { kind: 'synced', edits: 4 },
    ])
  })

  it('says nothing when the outbox shrank without a sync (a discard) or a sync sent nothing', () => {
    expect(syncToasts({ ...base, unsyncedCount: 3 }, { ...base, unsyncedCount: 2 })).toEqual([])
    expect(syncToasts(base, after)).toEqual([])
  })

  it('counts a refused edit as refused, not as synced, and announces it once', () => {
    const refused = { ...after, unsyncedCount: 0, failedCount: 1 }
    expect(syncToasts({ ...base, unsyncedCount: 3 }, refused)).toEqual([
      { kind: 'synced', edits: 2 },
      { kind: 'failed', edits: 1 },
    ])
    const nextSync = { ...refused, lastSuccessAt: '2026-12-03T06:10:00Z' }
    expect(syncToasts(refused, nextSync)).toEqual([])
  })

  it('is silent around a sign-out, when the counts reset', () => {
    expect(
      syncToasts(
        { ...base, unsyncedCount: 4, failedCount: 2 },
        { ...after, phase: 'signed-out', unsyncedCount: 0, failedCount: 0 },
      ),
    ).toEqual([])
  })
})
