import { describe, expect, it } from 'vitest'
import type { OutboxEntry } from '../../../src/shared/sync/outbox'
import { planBatch } from '../../../src/shared/sync/plan-batch'
import { rebaseRow } from '../../../src/shared/sync/rebase'
import { retryDelay } from '../../../src/shared/sync/backoff'
import { correctedNow, measureOffset } from '../../../src/shared/sync/clock'

let seq = 0
const m = (over: Partial<OutboxEntry>): OutboxEntry => ({
  seq: ++seq,
  id: `m${seq}`,
  table: 'maintenance_logs',
  op: 'insert',
  row_id: `r${seq}`,
  base_updated_at: null,
  data: {},
  base: {},
  changed_at: '2026-01-01T00:00:00Z',
  device_id: 'd',
  user_id: 'u1',
  state: 'pending',
  attempts: 0,
  sent: false,
  error: null,
  created_at: '2026-01-01T00:00:00Z',
  ...over,
})

describe('planBatch', () => {
  it('sends in outbox order, up to the batch size', () => {
    const list = [m({}), m({}), m({})]
    expect(planBatch([list[2]!, list[0]!, list[1]!], 'u1', 2).batch.map((e) => e.id)).toEqual([
      list[0]!.id,
      list[1]!.id,
    ])
  })

  it('holds what depends on a failed mutation, and other users’ mutations', () => {
    const eq = m({ table: 'equipment', row_id: 'eq1', state: 'failed' })
    const log = m({ data: { equipment_id: 'eq1', site_id: 's1' } })
    const eqEdit = m({ table: 'equipment', op: 'update', row_id: 'eq1' })
    const unrelated = m({ data: { equipment_id: 'eq2', site_id: 's1' } })
    const foreign = m({ user_id: 'u2' })
    const plan = planBatch([eq, log, eqEdit, unrelated, foreign], 'u1')
    expect(plan.batch.map((e) => e.id)).toEqual([unrelated.id])
    expect(plan.held.map((h) => [h.entry.id, h.reason])).toEqual([
      [eq.id, 'failed'],
      [log.id, 'waits_for_failed'],
      [eqEdit.id, 'waits_for_failed'],
      [foreign.id, 'other_user'],
    ])
  })
})

describe('rebaseRow', () => {
  it('puts pending edits over the server row in order, deletes as tombstones', () => {
    const server = { id: 'r', status: 'operational', notes: 'server', deleted_at: null }
    const row = rebaseRow(server, [
      m({ op: 'update', data: { status: 'down' } }),
      m({ op: 'update', data: { status: 'degraded' } }),
    ])
    expect(row).toEqual({ id: 'r', status: 'degraded', notes: 'server', deleted_at: null })
    expect(rebaseRow(server, [m({ op: 'delete', changed_at: 'T' })]).deleted_at).toBe('T')
  })
})

describe('retryDelay', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    expect(retryDelay(0, { random: () => 0 })).toBe(500)
    expect(retryDelay(0, { random: () => 0.999999 })).toBe(1000)
    expect(retryDelay(3, { random: () => 0 })).toBe(4000)
    expect(retryDelay(30, { random: () => 0.999999, maxMs: 60_000 })).toBe(60_000)
    const seen = new Set(Array.from({ length: 50 }, () => retryDelay(4)))
    expect(seen.size).toBeGreaterThan(10)
  })
})

describe('clock offset', () => {
  it('measures the server clock against the middle of the request', () => {
    expect(measureOffset(1_000, 1_200, new Date(61_100).toISOString())).toBe(60_000)
    expect(correctedNow(-86_400_000, Date.parse('2026-01-02T00:00:00Z'))).toBe(
      '2026-01-01T00:00:00.000Z',
    )
    expect(measureOffset(0, 0, 'garbage')).toBe(0)
  })
})
