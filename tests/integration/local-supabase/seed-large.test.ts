import { afterAll, beforeAll, expect, it } from 'vitest'
import { seed } from '../../../supabase/local/database'
import type { LocalSupabase } from '../../../supabase/local/index'
import { startLocalSupabase } from '../../../supabase/local/index'
import type { TestDatabase } from '../../support/db'
import { createTestDatabase } from '../../support/db'
import { EMAIL } from '../../support/demo'
import { signedIn } from './helpers'

const BENCH = '10000000-0000-4000-8000-0000000000be'
let db: TestDatabase
let server: LocalSupabase

beforeAll(async () => {
  db = await createTestDatabase()
  // 400 days cross both clock changes of each time zone.
  await seed(db.url, 'large', { sites: 4, readings: 400 })
  server = await startLocalSupabase({ databaseUrl: db.url, port: 0 })
})
afterAll(async () => {
  await server.stop()
  await db.drop()
})

const count = async (sql: string): Promise<number> =>
  Number((await db.pool.query<{ n: string }>(sql, [BENCH])).rows[0]?.n)

it('generates Bench Energy: sites, eight units each, daily readings, maintenance', async () => {
  expect(await count('select count(*) as n from business.sites where organization_id = $1')).toBe(4)
  expect(
    await count('select count(*) as n from business.equipment where organization_id = $1'),
  ).toBe(32)
  expect(
    await count('select count(*) as n from business.energy_production where organization_id = $1'),
  ).toBe(1600)
  expect(
    await count('select count(*) as n from business.maintenance_logs where organization_id = $1'),
  ).toBe(96)
  const { rows } = await db.pool.query(
    `select u.email, m.role from public.organization_members m join auth.users u on u.id = m.user_id
     where m.organization_id = $1 order by 1`,
    [BENCH],
  )
  expect(rows).toEqual([
    { email: 'bench-office@outpost.test', role: 'office' },
    { email: 'bench-tech@outpost.test', role: 'technician' },
  ])
})

it('keeps runtime within 23- and 25-hour days', async () => {
  const { rows } = await db.pool.query<{ hours: string; n: string; max_runtime: string }>(
    `select extract(epoch from period_end - period_start) / 3600 as hours, count(*) as n,
            max(runtime_hours) as max_runtime
     from business.energy_production where organization_id = $1 group by 1 order by 1`,
    [BENCH],
  )
  expect(rows.map((r) => Number(r.hours))).toEqual([23, 24, 25])
  for (const r of rows) expect(Number(r.max_runtime)).toBeLessThanOrEqual(Number(r.hours))
})

it('assigns the technician half the sites, and RLS follows', async () => {
  const tech = await signedIn(server, 'bench-tech@outpost.test')
  const techSites = await tech.schema('business').from('sites').select('code').order('code')
  expect(techSites.data).toEqual([{ code: 'BE-0001' }, { code: 'BE-0003' }])
  const office = await signedIn(server, 'bench-office@outpost.test')
  expect((await office.schema('business').from('sites').select('id')).data).toHaveLength(4)
  const tech1 = await signedIn(server, EMAIL.tech1)
  expect(
    (await tech1.schema('business').from('sites').select('id').eq('organization_id', BENCH)).data,
  ).toEqual([])
})

it('is idempotent', async () => {
  await seed(db.url, 'large', { sites: 4, readings: 400 })
  expect(await count('select count(*) as n from business.sites where organization_id = $1')).toBe(4)
})
