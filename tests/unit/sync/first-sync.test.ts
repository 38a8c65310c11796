import { describe, expect, it } from 'vitest'
import { firstSyncRunning, initialSyncStatus } from '../../../src/renderer/src/sync/state'

describe('when screens stop following the cache live', () => {
  const progress = { rows: 10, totalRows: 32_000, tablesDone: 1, tablesTotal: 6 }
  it('only during a first sync: a pull that knows its total', () => {
    expect(firstSyncRunning({ ...initialSyncStatus, phase: 'pulling', progress })).toBe(true)
    // An incremental pull, a push, or idle: screens stay live.
    expect(
      firstSyncRunning({
        ...initialSyncStatus,
        phase: 'pulling',
        progress: { ...progress, totalRows: null },
      }),
    ).toBe(false)
    expect(firstSyncRunning({ ...initialSyncStatus, phase: 'pushing', progress })).toBe(false)
    expect(firstSyncRunning(initialSyncStatus)).toBe(false)
  })
})
