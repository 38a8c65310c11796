// The device's calendar (src/shared/site-time.ts) against PostgreSQL's: the day and month an
// instant falls in at a site, and the instant a site day begins, for every time zone the seed
// data uses plus zones with the awkward cases (half- and quarter-hour offsets, +14, DST that
// skips midnight, no DST), every 15 minutes of a year and every day of it. A reading filed
// under a different day or month on the laptop than on the server is billed in the wrong one.
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eachDay, siteDay, siteMonth, startOfSiteDay } from '../../../src/shared/site-time'
import type { TestDatabase } from '../../support/db'
import { createTestDatabase } from '../../support/db'

let db: TestDatabase
let seedZones: string[]

beforeAll(async () => {
  db = await createTestDatabase()
  const { rows } = await db.pool.query<{ timezone: string }>(
    'select distinct timezone from business.sites order by 1',
  )
  seedZones = rows.map((r) => r.timezone)
})
afterAll(() => db.drop())

const EDGE_ZONES = [
  'UTC',
  'America/Denver',
  'America/Phoenix', // no DST
  'America/St_Johns', // -3:30 / -2:30
  'America/Havana', // DST begins at midnight: 00:00 does not exist that day
  'America/Santiago', // DST at 24:00, southern hemisphere
  'Asia/Kathmandu', // +5:45
  'Australia/Lord_Howe', // 30-minute DST shift
  'Pacific/Kiritimati', // +14
  'Pacific/Pago_Pago', // -11
]

const FROM = '2026-01-01'
const TO = '2026-12-31'

describe('site calendar = PostgreSQL calendar', () => {
  it('covers every zone the seed data uses', async () => {
    expect(seedZones.length).toBeGreaterThan(0)
    const seedText = await readFile('supabase/seed.sql', 'utf8')
    for (const zone of seedZones) expect(seedText).toContain(`'${zone}'`)
  })

  it('puts every instant of a year in the same site day and month as reading_month', async () => {
    const client = await db.pool.connect()
    try {
      for (const zone of [...new Set([...seedZones, ...EDGE_ZONES])]) {
        await client.query('begin')
        // reading_month reads the site's zone, so one seeded site wears each zone in turn.
        const { rows: sites } = await client.query<{ id: string }>(
          'update business.sites set timezone = $1 where id = (select id from business.sites order by id limit 1) returning id',
          [zone],
        )
        const { rows } = await client.query<{ t: string[]; day: string[]; month: string[] }>(
          `select array_agg(extract(epoch from t)::bigint::text order by t) as t,
                  array_agg(((t at time zone $2)::date)::text order by t) as day,
                  array_agg(business_private.reading_month($1, t)::text order by t) as month
           from generate_series($3::timestamptz, $4::timestamptz, interval '15 minutes') t`,
          [sites[0]!.id, zone, `${FROM}T00:00:00Z`, `${TO}T23:45:00Z`],
        )
        await client.query('rollback')
        const { t, day, month } = rows[0]!
        const wrong: string[] = []
        t.forEach((epoch, i) => {
          const ms = Number(epoch) * 1000
          if (siteDay(ms, zone) !== day[i] || siteMonth(ms, zone) !== month[i])
            wrong.push(`${new Date(ms).toISOString()}: ${siteDay(ms, zone)} vs ${day[i]}`)
        })
        expect({ zone, instants: t.length, wrong: wrong.slice(0, 5) }).toEqual({
          zone,
          instants: 365 * 96,
          wrong: [],
        })
      }
    } finally {
      client.release()
    }
  })

  it('starts every site day at the instant PostgreSQL does, DST gaps included', async () => {
    for (const zone of [...new Set([...seedZones, ...EDGE_ZONES])]) {
      const { rows } = await db.pool.query<{ day: string; start: string }>(
        `select d::date::text as day, extract(epoch from (d::timestamp at time zone $1))::bigint::text as start
         from generate_series($2::date, $3::date, interval '1 day') d order by d`,
        [zone, FROM, TO],
      )
      expect(rows.map((r) => r.day)).toEqual(eachDay(FROM, TO))
      const wrong = rows
        .filter((r) => Date.parse(startOfSiteDay(r.day, zone)) !== Number(r.start) * 1000)
        .map(
          (r) =>
            `${r.day}: ${startOfSiteDay(r.day, zone)} vs ${new Date(Number(r.start) * 1000).toISOString()}`,
        )
      expect({ zone, wrong }).toEqual({ zone, wrong: [] })
    }
  })
})
