import { describe, expect, it } from 'vitest'
import type {
  AttentionOrder,
  AttentionReading,
  AttentionSite,
  AttentionUnit,
} from '../../../src/renderer/src/features/home/attention'
import { attention, readingsFrom } from '../../../src/renderer/src/features/home/attention'
import { addDays, startOfSiteDay } from '../../../src/shared/site-time'

const TZ = 'America/Chicago'
// 15:00 UTC on Dec 10: Dec 10 in Texas, so yesterday there is Dec 9.
const NOW = Date.parse('2026-12-10T15:00:00Z')

const site = (id: string, over: Partial<AttentionSite> = {}): AttentionSite => ({
  id,
  name: id,
  timezone: TZ,
  status: 'active',
  billing_meter_id: null,
  production_drop_pct: 20,
  ...over,
})
const reading = (
  siteId: string,
  day: string,
  kwh: number,
  over: Partial<AttentionReading> = {},
) => ({
  site_id: siteId,
  equipment_id: null,
  period_start: startOfSiteDay(day, TZ),
  energy_kwh: kwh,
  source: 'meter',
  deleted_at: null,
  ...over,
})
/** A reading on every day from..to. */
const days = (siteId: string, from: string, to: string, kwh: number) => {
  const out: AttentionReading[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(reading(siteId, d, kwh))
  return out
}
const none = { units: [] as AttentionUnit[], orders: [] as AttentionOrder[] }

describe('needs attention', () => {
  it('names the site days without a reading on the billing meter, yesterday and this month', () => {
    const readings = [
      ...days('a', '2026-12-01', '2026-12-09', 1000),
      ...days('b', '2026-12-01', '2026-12-08', 1000).filter(
        (r) => !r.period_start.startsWith('2026-12-04'),
      ),
      // A sub-meter's reading does not stand in for the billing meter's.
      reading('b', '2026-12-09', 500, { equipment_id: 'gen' }),
      // Nor does a correction.
      reading('b', '2026-12-04', 900, { source: 'adjustment' }),
    ]
    const result = attention(
      {
        sites: [site('a'), site('b'), site('c', { status: 'commissioning' })],
        readings,
        ...none,
      },
      NOW,
    )
    expect(result.missing).toEqual([
      { siteId: 'b', yesterday: '2026-12-09', thisMonth: ['2026-12-04', '2026-12-09'] },
    ])
  })

  it('reads the billing meter a site names, not the site meter', () => {
    const readings = [
      ...days('a', '2026-12-01', '2026-12-09', 1000).map((r) => ({ ...r, equipment_id: 'gen' })),
    ]
    expect(
      attention({ sites: [site('a', { billing_meter_id: 'gen' })], readings, ...none }, NOW)
        .missing,
    ).toEqual([])
  })

  it('flags yesterday more than 20 % under its 7-day average, at zero or negative; not 19 % under', () => {
    const week = (id: string, yesterday: number) => [
      ...days(id, '2026-12-02', '2026-12-08', 1000),
      reading(id, '2026-12-09', yesterday),
    ]
    const result = attention(
      {
        sites: ['drop', 'ok', 'zero', 'neg'].map((id) => site(id)),
        readings: [
          ...week('drop', 790),
          ...week('ok', 810),
          ...week('zero', 0),
          ...week('neg', -5),
        ],
        ...none,
      },
      NOW,
    )
    expect(result.production.map((p) => [p.siteId, p.kind, p.kwh, p.average])).toEqual([
      ['drop', 'drop', 790, 1000],
      ['zero', 'zero', 0, 1000],
      ['neg', 'negative', -5, 1000],
    ])
  })

  it('judges a drop by each site’s own threshold', () => {
    const week = (id: string, yesterday: number) => [
      ...days(id, '2026-12-02', '2026-12-08', 1000),
      reading(id, '2026-12-09', yesterday),
    ]
    const result = attention(
      {
        sites: [
          site('tight', { production_drop_pct: 5 }),
          site('loose', { production_drop_pct: 50 }),
          site('loose-hit', { production_drop_pct: 50 }),
        ],
        readings: [...week('tight', 940), ...week('loose', 600), ...week('loose-hit', 490)],
        ...none,
      },
      NOW,
    )
    expect(result.production.map((p) => [p.siteId, p.kind, p.threshold])).toEqual([
      ['tight', 'drop', 5],
      ['loose-hit', 'drop', 50],
    ])
  })

  it('lists units down or degraded, longest first, and work overdue or due today', () => {
    const unit = (id: string, status: AttentionUnit['status'], changed: string | null) => ({
      id,
      site_id: 'a',
      name: id,
      status,
      status_reason: null,
      status_changed_at: changed,
      deleted_at: null,
    })
    const order = (id: string, due_on: string | null, over: Partial<AttentionOrder> = {}) => ({
      id,
      site_id: 'a',
      title: id,
      status: 'open' as const,
      due_on,
      assignee_id: null,
      priority: 'normal' as const,
      deleted_at: null,
      ...over,
    })
    const result = attention(
      {
        sites: [site('a')],
        readings: days('a', '2026-12-01', '2026-12-09', 1000),
        units: [
          unit('new', 'degraded', '2026-12-10T12:00:00Z'),
          unit('old', 'down', '2026-12-01T15:00:00Z'),
          unit('fine', 'operational', null),
          unit('unknown', 'down', null),
        ],
        orders: [
          order('late', '2026-12-08'),
          order('today', '2026-12-10'),
          order('later', '2026-12-11'),
          order('done', '2026-12-01', { status: 'done' }),
          order('theirs', '2026-12-01', { assignee_id: 'other' }),
          order('mine', '2026-12-09', { assignee_id: 'me' }),
        ],
        onlyFor: 'me',
      },
      NOW,
    )
    expect(result.down.map((d) => [d.unit.id, d.days])).toEqual([
      ['old', 9],
      ['new', 0],
      ['unknown', null],
    ])
    expect(result.work.map((w) => [w.order.id, w.due])).toEqual([
      ['late', 'overdue'],
      ['mine', 'overdue'],
      ['today', 'today'],
    ])
  })

  it('reads from the earlier of the month’s start and a week before yesterday', () => {
    expect(readingsFrom([site('a')], NOW)).toBe('2026-11-30')
    expect(readingsFrom([site('a')], Date.parse('2026-12-20T15:00:00Z'))).toBe('2026-11-30')
    expect(readingsFrom([site('a')], Date.parse('2026-12-03T15:00:00Z'))).toBe('2026-11-24')
  })
})
