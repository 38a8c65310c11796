import { describe, expect, it } from 'vitest'
import { outboxCounts } from '../../../src/shared/sync/outbox-counts'

const entry = (user_id: string, state: 'pending' | 'sending' | 'failed', created_at: string) => ({
  user_id,
  state,
  created_at,
})

describe('outbox counts (sync indicator and sync center alike)', () => {
  it("counts the user's waiting and refused edits apart from other users' held ones", () => {
    const counts = outboxCounts(
      [
        entry('me', 'pending', '2026-12-01T10:00:00Z'),
        entry('me', 'sending', '2026-12-01T09:00:00Z'),
        entry('me', 'failed', '2026-11-30T08:00:00Z'),
        entry('someone else', 'pending', '2026-11-01T00:00:00Z'),
      ],
      'me',
    )
    expect(counts).toEqual({
      unsynced: 2,
      failed: 1,
      heldForOtherUser: 1,
      oldestUnsyncedAt: '2026-11-30T08:00:00Z',
    })
  })

  it('counts every entry as the user’s before the cache belongs to anyone, and nothing when empty', () => {
    expect(
      outboxCounts([entry('a', 'pending', '2026-12-01'), entry('b', 'failed', '2026-12-02')], null),
    ).toEqual({ unsynced: 1, failed: 1, heldForOtherUser: 0, oldestUnsyncedAt: '2026-12-01' })
    expect(outboxCounts([], 'me')).toEqual({
      unsynced: 0,
      failed: 0,
      heldForOtherUser: 0,
      oldestUnsyncedAt: null,
    })
  })
})
