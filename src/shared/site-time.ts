// Site-local calendar: which day and month an instant falls in at a site, and arithmetic on
// calendar days. Readings belong to the site's day, and billing to the site's month, exactly
// as PostgreSQL computes them (business_private.reading_month: `period_start at time zone
// timezone`); tests/integration/schema/site-time.test.ts holds the two to the same answers.
//
// A calendar day is a string "YYYY-MM-DD" and a month its first day "YYYY-MM-01". Arithmetic
// on them is done on UTC midnights, where no day is 23 or 25 hours long, so no time of day
// can push a date across a boundary.

/** "YYYY-MM-DD", a day on a calendar (no time zone of its own). */
export type CalendarDay = string
/** "YYYY-MM-01", a month by its first day. */
export type CalendarMonth = string

const DATE = { year: 'numeric', month: '2-digit', day: '2-digit' } as const
const TIME = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const
const formatters = new Map<string, Intl.DateTimeFormat>()

/** One formatter per zone and shape: building one costs more than formatting with it. */
function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${withTime ? 't' : 'd'}${timeZone}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, ...DATE, ...(withTime ? TIME : {}) })
    formatters.set(key, f)
  }
  return f
}

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallTime(ms: number, timeZone: string): WallTime {
  const p = Object.fromEntries(
    formatter(timeZone, true)
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  )
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')
const dayOf = (w: Pick<WallTime, 'year' | 'month' | 'day'>): CalendarDay =>
  `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`

function parseDay(day: CalendarDay): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new Error(`not a calendar day (YYYY-MM-DD): ${day}`)
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
}

const utcMidnight = (day: CalendarDay): number => {
  const d = parseDay(day)
  return Date.UTC(d.year, d.month - 1, d.day)
}
const fromUtcMidnight = (ms: number): CalendarDay => new Date(ms).toISOString().slice(0, 10)

/** The site's offset from UTC at an instant, in ms (whole seconds: the wall clock has no ms). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTime(ms, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/** The day an instant falls in at the site. */
export function siteDay(instant: string | number, timeZone: string): CalendarDay {
  // Screens ask this of thousands of readings: en-CA's date format is already YYYY-MM-DD.
  return formatter(timeZone, false).format(new Date(instant))
}

/** The month an instant falls in at the site: what business_private.reading_month returns. */
export function siteMonth(instant: string | number, timeZone: string): CalendarMonth {
  return monthOfDay(siteDay(instant, timeZone))
}

/** Today at the site. */
export function siteToday(timeZone: string, now: number = Date.now()): CalendarDay {
  return siteDay(now, timeZone)
}

/**
 * The instant a site day begins, as ISO: what PostgreSQL gives for `day::timestamp at time
 * zone timezone`, which is how the server and the seed data file a daily reading. Where a
 * daylight-saving change repeats midnight (Havana falls back from 01:00 to 00:00) PostgreSQL
 * takes the later midnight, standard time, and so does this; where a change skips midnight
 * the day begins at the change.
 */
export function startOfSiteDay(day: CalendarDay, timeZone: string): string {
  const wall = utcMidnight(day)
  const offsets = new Set([-12, -6, 0, 6, 12].map((h) => offsetAt(wall + h * 3_600_000, timeZone)))
  const midnights = [...offsets]
    .map((offset) => wall - offset)
    .filter((t) => {
      const w = wallTime(t, timeZone)
      return dayOf(w) === day && w.hour === 0 && w.minute === 0 && w.second === 0
    })
  if (midnights.length > 0) return new Date(Math.max(...midnights)).toISOString()
  // Midnight does not exist that day: the day begins at the first instant that is in it.
  let lo = wall - 15 * 3_600_000
  let hi = wall + 15 * 3_600_000
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000
    if (siteDay(mid, timeZone) >= day) hi = mid
    else lo = mid
  }
  return new Date(hi).toISOString()
}

/**
 * An instant as the site's local time with its UTC offset ("2026-11-01T00:00:00-05:00"): what
 * a person at the site reads, and still exactly the same instant for a machine.
 */
export function siteIsoWithOffset(instant: string, timeZone: string): string {
  const ms = new Date(instant).getTime()
  const w = wallTime(ms, timeZone)
  const local = `${dayOf(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`
  const offsetMinutes = Math.round(offsetAt(ms, timeZone) / 60_000)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

export function addDays(day: CalendarDay, n: number): CalendarDay {
  return fromUtcMidnight(utcMidnight(day) + n * 86_400_000)
}

/** Calendar days from `from` to `to`: negative when `to` is earlier. */
export const daysBetween = (from: CalendarDay, to: CalendarDay): number =>
  Math.round((utcMidnight(to) - utcMidnight(from)) / 86_400_000)

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: CalendarDay, to: CalendarDay): CalendarDay[] {
  const days: CalendarDay[] = []
  for (let ms = utcMidnight(from), end = utcMidnight(to); ms <= end; ms += 86_400_000)
    days.push(fromUtcMidnight(ms))
  return days
}

/** Hours in a site day: 24, or 23 and 25 on the days the clocks change. */
export const siteDayHours = (day: CalendarDay, timeZone: string): number =>
  (Date.parse(startOfSiteDay(addDays(day, 1), timeZone)) -
    Date.parse(startOfSiteDay(day, timeZone))) /
  3_600_000

export const monthOfDay = (day: CalendarDay): CalendarMonth => `${day.slice(0, 7)}-01`

export function addMonths(month: CalendarMonth, n: number): CalendarMonth {
  const d = parseDay(month)
  return fromUtcMidnight(Date.UTC(d.year, d.month - 1 + n, 1))
}

export function lastDayOfMonth(month: CalendarMonth): CalendarDay {
  return addDays(addMonths(month, 1), -1)
}

/** The `count` months up to the one `today` is in, newest first. */
export function lastMonths(count: number, today: CalendarDay): CalendarMonth[] {
  return Array.from({ length: count }, (_, i) => addMonths(monthOfDay(today), -i))
}

const dayWithYear = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
})
const dayShort = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
})
const monthLong = new Intl.DateTimeFormat('en-US', {
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** "Dec 1, 2026" (or "Dec 1" with `year: false`) for "2026-12-01". */
export function dayLabel(day: CalendarDay, options: { year?: boolean } = {}): string {
  return (options.year === false ? dayShort : dayWithYear).format(utcMidnight(day))
}

/** "March 2029" for "2029-03-01". */
export function monthLabel(month: CalendarMonth): string {
  return monthLong.format(utcMidnight(month))
}
