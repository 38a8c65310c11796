import { describe, expect, it } from 'vitest'
import {
  GROW_AFTER,
  afterSettled,
  afterSplit,
  initialSizing,
  newCycle,
  nextBatchSize,
} from '../../../src/shared/sync/batch-size'
import type { PushFailure } from '../../../src/shared/sync/push-failure'
import { decidePushFailure } from '../../../src/shared/sync/push-failure'

const refused = (code: string, status = 400): PushFailure => ({
  kind: 'protocol',
  status,
  code,
  message: `The server refused the sync request (${status})`,
  serverMessage: 'unsupported Unicode escape sequence',
})

describe('decidePushFailure', () => {
  it('bisects a batch PostgreSQL refuses for a value, and parks the mutation left alone', () => {
    for (const code of ['22P05', '22P02', '22023', '22021', '54000']) {
      expect(decidePushFailure(refused(code), 10)).toEqual({ kind: 'split', shrink: false })
    }
    const park = decidePushFailure(refused('22P05'), 1)
    expect(park).toMatchObject({
      kind: 'park',
      error: { code: 'invalid_value', sqlstate: '22P05' },
    })
    if (park.kind !== 'park') throw new Error('expected park')
    expect(park.error.message).toMatch(/character the server cannot store/)
    expect(park.error.message).toContain('unsupported Unicode escape sequence')
    expect(decidePushFailure(refused('54000'), 1)).toMatchObject({
      kind: 'park',
      error: { code: 'too_large' },
    })
    expect(
      decidePushFailure({ kind: 'protocol', status: 413, message: 'Payload Too Large' }, 1),
    ).toMatchObject({ kind: 'park', error: { code: 'too_large' } })
  })

  it('bisects and shrinks on a statement timeout; a single slow mutation waits for later', () => {
    const timeout: PushFailure = {
      kind: 'server',
      status: 500,
      code: '57014',
      message: 'canceling statement due to statement timeout',
    }
    expect(decidePushFailure(timeout, 500)).toEqual({ kind: 'split', shrink: true })
    expect(decidePushFailure(timeout, 1)).toEqual({ kind: 'defer' })
  })

  it('keeps failing the cycle for faults no single mutation explains', () => {
    const cases: PushFailure[] = [
      { kind: 'offline', status: 0, message: 'No connection' },
      { kind: 'auth', status: 401, code: 'PGRST301', message: 'expired' },
      { kind: 'server', status: 503, message: 'unavailable' },
      { kind: 'server', status: 500, code: '40P01', message: 'deadlock' },
      // A missing function after a bad deploy: parking every mutation would be wrong.
      { kind: 'protocol', status: 404, code: 'PGRST202', message: 'not found' },
      { kind: 'protocol', status: 403, code: '42501', message: 'permission denied' },
      { kind: 'protocol', status: 400, message: 'not json' },
      // A 22xxx code on a 5xx is not a refusal of the argument.
      { kind: 'server', status: 502, code: '22P05', message: 'proxy' },
    ]
    for (const failure of cases) {
      expect(decidePushFailure(failure, 10), JSON.stringify(failure)).toEqual({ kind: 'give_up' })
      expect(decidePushFailure(failure, 1), JSON.stringify(failure)).toEqual({ kind: 'give_up' })
    }
  })
})

describe('batch sizing', () => {
  it('sends the halves of a split batch one after the other, down to one', () => {
    let s = initialSizing(500)
    expect(nextBatchSize(s)).toBe(500)
    s = afterSplit(s, 5, false)
    expect(s.pieces).toEqual([3, 2])
    expect(nextBatchSize(s)).toBe(3)
    s = afterSplit(s, 3, false)
    expect(s.pieces).toEqual([2, 1, 2])
    s = afterSplit(s, 2, false)
    expect(s.pieces).toEqual([1, 1, 1, 2])
    s = afterSettled(s)
    s = afterSettled(s)
    s = afterSettled(s)
    expect(nextBatchSize(s)).toBe(2)
    s = afterSettled(s)
    // A split for a value leaves the ceiling alone.
    expect(nextBatchSize(s)).toBe(500)
  })

  it('lowers the ceiling on a timeout and grows it back after successes', () => {
    let s = afterSplit(initialSizing(500), 500, true)
    expect(nextBatchSize(s)).toBe(250)
    s = afterSplit(s, 250, true)
    expect(nextBatchSize(s)).toBe(125)
    for (let i = 0; i < GROW_AFTER; i++) s = afterSettled(s)
    expect(s.limit).toBe(250)
    for (let i = 0; i < GROW_AFTER * 2; i++) s = afterSettled(s)
    expect(s.limit).toBe(500)
    for (let i = 0; i < GROW_AFTER; i++) s = afterSettled(s)
    expect(s.limit).toBe(500)
  })

  it('forgets unfinished pieces at a new cycle but keeps the ceiling', () => {
    const s = newCycle(afterSplit(initialSizing(500), 40, true))
    expect(s.pieces).toEqual([])
    expect(nextBatchSize(s)).toBe(20)
  })
})
