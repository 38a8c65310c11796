import { describe, expect, it } from 'vitest'
import {
  compareWork,
  completionBlocker,
  dueState,
  stepsFromTemplate,
} from '../../../src/renderer/src/features/work/work-rules'
import { forgetTables } from '../../../src/shared/sync/cursor'
import { siteToday } from '../../../src/shared/site-time'

const step = (position: number, over: Record<string, unknown> = {}) => ({
  position,
  label: `Step ${position}`,
  required: true,
  done_at: null as string | null,
  deleted_at: null as string | null,
  ...over,
})

describe('work order rules', () => {
  it('names the required steps still open, in checklist order, and nothing else', () => {
    const order = { status: 'in_progress' as const, deleted_at: null }
    expect(
      completionBlocker(order, [
        step(3),
        step(1, { done_at: 'x' }),
        step(2, { required: false }),
        step(4, { deleted_at: 'x' }),
        step(0),
      ]),
    ).toBe('2 required steps are not done: Step 0; Step 3')
    expect(
      completionBlocker(order, [step(1, { done_at: 'x' }), step(2, { required: false })]),
    ).toBe(null)
    expect(completionBlocker({ status: 'cancelled', deleted_at: null }, [])).toMatch(/Reopen/)
    expect(completionBlocker({ status: 'done', deleted_at: null }, [])).toMatch(/already done/)
  })

  it('judges due days on the site’s own day', () => {
    // 03:00 UTC on Dec 3 is still Dec 2 in Texas.
    const now = Date.parse('2026-12-03T03:00:00Z')
    expect(siteToday('America/Chicago', now)).toBe('2026-12-02')
    expect(siteToday('UTC', now)).toBe('2026-12-03')
    const open = (due_on: string | null) => ({ due_on, status: 'open' as const })
    expect(dueState(open('2026-12-01'), '2026-12-02')).toBe('overdue')
    expect(dueState(open('2026-12-02'), '2026-12-02')).toBe('today')
    expect(dueState(open('2026-12-09'), '2026-12-02')).toBe('soon')
    expect(dueState(open('2026-12-10'), '2026-12-02')).toBe('later')
    expect(dueState(open(null), '2026-12-02')).toBe('none')
    expect(dueState({ due_on: '2026-11-01', status: 'done' }, '2026-12-02')).toBe('none')
  })

  it('lists my open work first, then open work by due day and priority, then closed work newest first', () => {
    const o = (id: string, over: Record<string, unknown>) => ({
      id,
      status: 'open' as const,
      assignee_id: null as string | null,
      due_on: null as string | null,
      priority: 'normal' as const,
      updated_at: '2026-12-01',
      ...over,
    })
    const rows = [
      o('closed-old', { status: 'done', updated_at: '2026-11-01' }),
      o('theirs-late', { due_on: '2026-12-20' }),
      o('mine-undated', { assignee_id: 'me' }),
      o('theirs-soon-low', { due_on: '2026-12-05', priority: 'low' }),
      o('theirs-soon-urgent', { due_on: '2026-12-05', priority: 'urgent' }),
      o('closed-new', { status: 'cancelled', updated_at: '2026-12-02' }),
      o('mine-overdue', { assignee_id: 'me', due_on: '2026-11-30' }),
    ]
    expect(rows.sort(compareWork('me')).map((r) => r.id)).toEqual([
      'mine-overdue',
      'mine-undated',
      'theirs-soon-urgent',
      'theirs-soon-low',
      'theirs-late',
      'closed-new',
      'closed-old',
    ])
  })

  it('copies a template’s steps in order, numbered from 1, none done', () => {
    expect(
      stepsFromTemplate([
        { label: ' Lock out ', required: true, requires: 'check', unit: null },
        { label: 'Pressure', required: true, requires: 'number', unit: 'psi' },
      ]),
    ).toEqual([
      {
        position: 1,
        label: 'Lock out',
        required: true,
        requires: 'check',
        unit: null,
        done_at: null,
        value_number: null,
        value_text: null,
      },
      {
        position: 2,
        label: 'Pressure',
        required: true,
        requires: 'number',
        unit: 'psi',
        done_at: null,
        value_number: null,
        value_text: null,
      },
    ])
  })
})

describe('forgetTables', () => {
  it('drops only the named tables’ positions, in the main stream and a backfill', () => {
    const cursor = {
      v: 1,
      tables: { sites: 1, work_orders: 2 },
      backfill: {
        sites: ['s'],
        tables: { work_orders: 3, equipment: 4 },
        done: ['work_orders', 'sites'],
      },
    }
    expect(forgetTables(cursor, ['work_orders'])).toEqual({
      v: 1,
      tables: { sites: 1 },
      backfill: { sites: ['s'], tables: { equipment: 4 }, done: ['sites'] },
    })
    expect(forgetTables(null, ['work_orders'])).toBeNull()
    expect(forgetTables({ v: 1 }, ['work_orders'])).toEqual({ v: 1 })
  })
})
