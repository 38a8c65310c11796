import { describe, expect, it } from 'vitest'
import { coalesceMutation } from '../../../src/shared/sync/coalesce'
import type { Edit, OutboxEntry } from '../../../src/shared/sync/outbox'

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  seq: 1,
  id: 'm1',
  table: 'equipment',
  op: 'update',
  row_id: 'r1',
  base_updated_at: '2026-01-01 00:00:00.123456+00',
  data: {},
  base: {},
  changed_at: '2026-01-02T00:00:00.000Z',
  device_id: 'd1',
  user_id: 'u1',
  state: 'pending',
  attempts: 0,
  sent: false,
  error: null,
  created_at: '2026-01-02T00:00:00.000Z',
  ...over,
})
const edit = (over: Partial<Edit>): Edit => ({
  table: 'equipment',
  op: 'update',
  row_id: 'r1',
  base_updated_at: '2026-01-05 00:00:00+00',
  data: {},
  base: {},
  changed_at: '2026-01-03T00:00:00.000Z',
  ...over,
})

describe('coalesceMutation', () => {
  it('appends when there is nothing to fold into', () => {
    expect(coalesceMutation(undefined, edit({}))).toEqual({ kind: 'append' })
  })

  it('keeps the first base and base_updated_at across edits, the latest values and time', () => {
    const first = entry({ data: { status: 'down' }, base: { status: 'operational' } })
    const r = coalesceMutation(
      first,
      edit({ data: { status: 'degraded', notes: 'n' }, base: { status: 'down', notes: null } }),
    )
    expect(r).toEqual({
      kind: 'replace',
      entry: {
        ...first,
        data: { status: 'degraded', notes: 'n' },
        base: { status: 'operational', notes: null },
        changed_at: '2026-01-03T00:00:00.000Z',
      },
    })
  })

  it('drops fields edited back to their base, and the whole mutation when nothing is left', () => {
    const first = entry({
      data: { status: 'down', notes: 'x' },
      base: { status: 'operational', notes: null },
    })
    const partly = coalesceMutation(
      first,
      edit({ data: { status: 'operational' }, base: { status: 'down' } }),
    )
    expect(partly).toMatchObject({
      kind: 'replace',
      entry: { data: { notes: 'x' }, base: { notes: null } },
    })
    const single = entry({ data: { status: 'down' }, base: { status: 'operational' } })
    expect(
      coalesceMutation(single, edit({ data: { status: 'operational' }, base: { status: 'down' } })),
    ).toEqual({ kind: 'remove' })
  })

  it('folds updates into a pending insert and cancels insert followed by delete', () => {
    const insert = entry({
      op: 'insert',
      base_updated_at: null,
      data: { name: 'a', status: 'operational' },
    })
    expect(coalesceMutation(insert, edit({ data: { status: 'down' } }))).toMatchObject({
      kind: 'replace',
      entry: { op: 'insert', data: { name: 'a', status: 'down' }, base_updated_at: null },
    })
    expect(coalesceMutation(insert, edit({ op: 'delete' }))).toEqual({ kind: 'remove' })
  })

  it('keeps a derived insert as derived: a later edit follows it as an update', () => {
    const derived = entry({
      op: 'insert',
      base_updated_at: null,
      data: { label: 'Drain oil', done_at: null },
      derived: true,
    })
    expect(
      coalesceMutation(derived, edit({ data: { done_at: 'x' }, base: { done_at: null } })),
    ).toEqual({ kind: 'append' })
    expect(coalesceMutation(derived, edit({ op: 'delete' }))).toEqual({ kind: 'remove' })
  })

  it('turns update then delete into one delete on the first base', () => {
    const update = entry({ data: { status: 'down' }, base: { status: 'operational' } })
    expect(coalesceMutation(update, edit({ op: 'delete' }))).toMatchObject({
      kind: 'replace',
      entry: { op: 'delete', data: {}, base_updated_at: '2026-01-01 00:00:00.123456+00', id: 'm1' },
    })
  })

  it('never changes a mutation a push already carried', () => {
    expect(coalesceMutation(entry({ sent: true }), edit({ data: { a: 1 } }))).toEqual({
      kind: 'append',
    })
    expect(coalesceMutation(entry({ state: 'sending' }), edit({ data: { a: 1 } }))).toEqual({
      kind: 'append',
    })
  })

  it('reopens a failed mutation when the user fixes it, even one a push carried', () => {
    const carried = entry({
      state: 'failed',
      sent: true,
      error: { code: 'not_found', message: 'gone' },
      data: { notes: 'a' },
      base: { notes: null },
    })
    expect(
      coalesceMutation(carried, edit({ data: { notes: 'b' }, base: { notes: 'a' } })),
    ).toMatchObject({
      kind: 'replace',
      entry: { state: 'pending', error: null, data: { notes: 'b' }, base: { notes: null } },
    })
    const failed = entry({
      state: 'failed',
      error: { code: 'check_violation', message: 'no' },
      data: { runtime_hours: -1 },
      base: { runtime_hours: 5 },
    })
    expect(
      coalesceMutation(failed, edit({ data: { runtime_hours: 6 }, base: { runtime_hours: -1 } })),
    ).toMatchObject({
      kind: 'replace',
      entry: {
        state: 'pending',
        error: null,
        data: { runtime_hours: 6 },
        base: { runtime_hours: 5 },
      },
    })
  })
})
