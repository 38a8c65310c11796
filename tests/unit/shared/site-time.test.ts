import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  dayLabel,
  daysBetween,
  eachDay,
  lastDayOfMonth,
  lastMonths,
  monthLabel,
  siteIsoWithOffset,
  siteToday,
  startOfSiteDay,
} from '../../../src/shared/site-time'

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(eachDay('2026-03-07', '2026-03-09')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09'])
    expect(eachDay('2026-03-09', '2026-03-07')).toEqual([])
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2026-11-01', '2026-11-01')).toBe(0)
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1)
  })

  it('counts months from their first day', () => {
    expect(addMonths('2026-01-01', 1)).toBe('2026-02-01')
    expect(addMonths('2026-01-01', -1)).toBe('2025-12-01')
    expect(lastDayOfMonth('2028-02-01')).toBe('2028-02-29')
    expect(lastMonths(3, '2026-03-15')).toEqual(['2026-03-01', '2026-02-01', '2026-01-01'])
  })

  it('labels a day and a month the same wherever the laptop is', () => {
    expect(dayLabel('2026-12-01')).toBe('Dec 1, 2026')
    expect(dayLabel('2026-12-01', { year: false })).toBe('Dec 1')
    expect(monthLabel('2029-03-01')).toBe('March 2029')
  })

  it('refuses what is not a calendar day', () => {
    expect(() => addDays('2026-1-1', 1)).toThrow(/YYYY-MM-DD/)
  })
})

describe('site time', () => {
  it('writes an instant as site time with its offset, quarter-hour zones included', () => {
    expect(siteIsoWithOffset('2026-11-01T05:00:00Z', 'America/Chicago')).toBe(
      '2026-11-01T00:00:00-05:00',
    )
    expect(siteIsoWithOffset('2026-01-01T00:00:00Z', 'Asia/Kathmandu')).toBe(
      '2026-01-01T05:45:00+05:45',
    )
  })

  it('knows today at a site +14 hours from UTC', () => {
    expect(siteToday('Pacific/Kiritimati', Date.parse('2026-12-01T11:00:00Z'))).toBe('2026-12-02')
  })

  it('begins a day where PostgreSQL does: at the change when midnight is skipped, at the second midnight when repeated', () => {
    // Havana moves from 00:00 to 01:00 on 2026-03-08: the day starts at 05:00 UTC.
    expect(startOfSiteDay('2026-03-08', 'America/Havana')).toBe('2026-03-08T05:00:00.000Z')
    // Havana falls back from 01:00 to 00:00 on 2026-11-01: midnight happens twice, and the
    // server (PostgreSQL) files the day under the second one, standard time.
    expect(startOfSiteDay('2026-11-01', 'America/Havana')).toBe('2026-11-01T05:00:00.000Z')
    expect(startOfSiteDay('2026-03-08', 'Asia/Kathmandu')).toBe('2026-03-07T18:15:00.000Z')
  })
})
