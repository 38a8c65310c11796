import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMAIL, ORG, site } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { accessToken, raw, signedIn } from './helpers'

let server: TestSupabase
let office: SupabaseClient
const business = () => office.schema('business')
const codes = (rows: Array<{ code: string }> | null) => (rows ?? []).map((r) => r.code).sort()

beforeAll(async () => {
  server = await startTestSupabase()
  office = await signedIn(server, EMAIL.office)
  await server.db.pool.query(
    `insert into business.clients (organization_id, name, contact_name) values
       ($1, 'Rivers, Dale (West)', null), ($1, 'Quote "Q" Client', 'Quinn')`,
    [ORG.tenNetZero],
  )
})
afterAll(() => server.stop())

describe('filters', () => {
  it('eq, neq', async () => {
    const eq = await business().from('sites').select('code').eq('code', 'PB-MV14')
    expect(eq.error).toBeNull()
    expect(codes(eq.data)).toEqual(['PB-MV14'])
    const neq = await business().from('sites').select('code').neq('status', 'active')
    expect(codes(neq.data)).toEqual(['BK-KE03', 'BK-WF22', 'PB-RB01'])
  })

  it('gt, gte, lt, lte', async () => {
    const q = () => business().from('sites').select('code')
    expect(codes((await q().gt('capacity_kw', 900)).data)).toEqual(['BK-TN01', 'PB-MV14'])
    expect(codes((await q().gte('capacity_kw', 900)).data)).toEqual([
      'BK-TN01',
      'BK-WF22',
      'PB-MV14',
    ])
    expect(codes((await q().lt('capacity_kw', 700)).data)).toEqual(['PB-RB01'])
    expect(codes((await q().lte('capacity_kw', 700)).data)).toEqual(['BK-KE03', 'PB-RB01'])
  })

  it('in, including values with commas, parentheses and quotes', async () => {
    const sites = await business().from('sites').select('code').in('code', ['PB-MV14', 'BK-TN01'])
    expect(codes(sites.data)).toEqual(['BK-TN01', 'PB-MV14'])
    const clients = await business()
      .from('clients')
      .select('name')
      .in('name', ['Rivers, Dale (West)', 'Quote "Q" Client'])
    expect(clients.error).toBeNull()
    expect((clients.data ?? []).map((c) => c.name).sort()).toEqual([
      'Quote "Q" Client',
      'Rivers, Dale (West)',
    ])
    const none = await business().from('sites').select('code').in('code', [])
    expect(none.data).toEqual([])
  })

  it('is null, not is null, is true/false', async () => {
    expect((await business().from('sites').select('code').is('notes', null)).data).toHaveLength(6)
    expect(
      (await business().from('sites').select('code').not('notes', 'is', null)).data,
    ).toHaveLength(0)
    const contactless = await business().from('clients').select('name').is('contact_name', null)
    expect(contactless.data?.map((c) => c.name)).toEqual(['Rivers, Dale (West)'])
  })

  it('like, ilike (with % and PostgREST * wildcards)', async () => {
    expect(codes((await business().from('sites').select('code').like('name', 'M%')).data)).toEqual([
      'PB-MV14',
    ])
    expect(
      codes((await business().from('sites').select('code').ilike('name', '*DRAW*')).data),
    ).toEqual(['PB-CD07'])
    expect(
      codes((await business().from('sites').select('code').not('name', 'ilike', '%e%')).data),
    ).toEqual(['BK-TN01', 'BK-WF22'])
  })

  it('match, contains on jsonb, full-text search', async () => {
    const m = await business()
      .from('sites')
      .select('code')
      .match({ region: 'ND', status: 'active' })
    expect(codes(m.data)).toEqual(['BK-TN01'])
    const regex = await business().from('sites').select('code').filter('code', 'match', '^PB-[MC]')
    expect(codes(regex.data)).toEqual(['PB-CD07', 'PB-MV14'])
    const parts = await business()
      .from('maintenance_logs')
      .select('id')
      .eq('site_id', site(1))
      // A JS array would be sent as a PostgreSQL array literal; jsonb wants JSON text.
      .contains('parts', JSON.stringify([{ name: 'Oil filter' }]))
    expect(parts.error).toBeNull()
    expect(parts.data).toHaveLength(2)
    const fts = await business()
      .from('maintenance_logs')
      .select('summary')
      .eq('site_id', site(1))
      .textSearch('summary', 'thermal & scan', { config: 'english' })
    expect(fts.error).toBeNull()
    expect(fts.data?.map((r) => r.summary)).toEqual(['Thermal scan'])
  })

  it('or and and, nested, with quoted values', async () => {
    const flat = await business()
      .from('sites')
      .select('code')
      .or('status.eq.curtailed,capacity_kw.gt.1400')
    expect(codes(flat.data)).toEqual(['BK-TN01', 'PB-RB01'])
    const nested = await business()
      .from('sites')
      .select('code')
      .or('code.eq.PB-MV14,and(region.eq.ND,capacity_kw.lt.800)')
    expect(codes(nested.data)).toEqual(['BK-KE03', 'PB-MV14'])
    const quoted = await business()
      .from('clients')
      .select('name')
      .or('name.eq."Rivers, Dale (West)",name.eq.Bakken Midstream')
    expect(quoted.error).toBeNull()
    expect(quoted.data?.map((c) => c.name).sort()).toEqual([
      'Bakken Midstream',
      'Rivers, Dale (West)',
    ])
    const notOr = await business()
      .from('sites')
      .select('code')
      .not('status', 'eq', 'active')
      .or('region.eq.TX,capacity_kw.gte.900')
    expect(codes(notOr.data)).toEqual(['BK-WF22', 'PB-RB01'])
    const inInside = await business()
      .from('sites')
      .select('code')
      .or('code.in.(PB-MV14,PB-CD07),status.eq.offline')
    expect(codes(inInside.data)).toEqual(['BK-KE03', 'PB-CD07', 'PB-MV14'])
  })

  it('JSON paths in select and filters', async () => {
    const { data, error } = await business()
      .from('maintenance_logs')
      .select('parts->0->>part_number, first:parts->0->name')
      .eq('site_id', site(1))
      .eq('parts->0->>part_number', '1R-0749')
    expect(error).toBeNull()
    expect(data).toEqual([
      { part_number: '1R-0749', first: 'Oil filter' },
      { part_number: '1R-0749', first: 'Oil filter' },
    ])
  })
})

describe('select, order and paging', () => {
  it('selects columns, aliases and casts', async () => {
    const { data, error } = await business()
      .from('sites')
      .select('label:name, capacity_kw::text, code')
      .eq('code', 'PB-CD07')
    expect(error).toBeNull()
    expect(data).toEqual([{ label: 'Coyote Draw 7', capacity_kw: '800.00', code: 'PB-CD07' }])
  })

  it('returns every column without select', async () => {
    const { data } = await business().from('sites').select().eq('code', 'PB-CD07')
    expect(Object.keys(data?.[0] ?? {})).toEqual(
      expect.arrayContaining(['id', 'organization_id', 'name', 'timezone', 'updated_at']),
    )
    expect(Object.keys(data?.[0] ?? {})).not.toContain('txid_missing')
  })

  it('orders by several columns with direction and nulls placement', async () => {
    const { data } = await business()
      .from('sites')
      .select('code')
      .order('region')
      .order('capacity_kw', { ascending: false })
    expect(data?.map((r) => r.code)).toEqual([
      'BK-TN01',
      'BK-WF22',
      'BK-KE03',
      'PB-MV14',
      'PB-CD07',
      'PB-RB01',
    ])
    const first = await business()
      .from('clients')
      .select('name')
      .order('contact_name', { nullsFirst: true })
      .limit(1)
    expect(first.data).toEqual([{ name: 'Rivers, Dale (West)' }])
    const last = await business()
      .from('clients')
      .select('name')
      .order('contact_name', { ascending: false, nullsFirst: false })
    expect(last.data?.at(-1)).toEqual({ name: 'Rivers, Dale (West)' })
  })

  it('limit, offset and range', async () => {
    const { data } = await business().from('sites').select('code').order('code').range(1, 2)
    expect(data?.map((r) => r.code)).toEqual(['BK-TN01', 'BK-WF22'])
    const limited = await business().from('sites').select('code').order('code').limit(2)
    expect(limited.data?.map((r) => r.code)).toEqual(['BK-KE03', 'BK-TN01'])
  })

  it('counts exactly, with Content-Range, 206 and 416', async () => {
    const page = await business()
      .from('sites')
      .select('code', { count: 'exact' })
      .order('code')
      .range(0, 1)
    expect(page.error).toBeNull()
    expect(page.count).toBe(6)
    expect(page.status).toBe(206)
    expect(page.data).toHaveLength(2)
    const all = await business().from('sites').select('code', { count: 'exact' })
    expect(all.status).toBe(200)
    expect(all.count).toBe(6)
    const past = await business().from('sites').select('code', { count: 'exact' }).range(10, 12)
    expect(past.status).toBe(416)
    expect(past.error?.code).toBe('PGRST103')
    expect(past.error?.details).toBe('An offset of 10 was requested, but there are only 6 rows.')
    const head = await business().from('sites').select('id', { count: 'exact', head: true })
    expect(head.count).toBe(6)
    expect(head.data).toBeNull()
  })

  it('honours the Range header and reports Content-Range like PostgREST', async () => {
    const token = await accessToken(office)
    const headers = { 'accept-profile': 'business', prefer: 'count=exact' }
    const ranged = await raw(server, '/rest/v1/sites?select=code&order=code', {
      token,
      headers: { ...headers, range: '1-3', 'range-unit': 'items' },
    })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('content-range')).toBe('1-3/6')
    expect((ranged.json as unknown[]).length).toBe(3)
    const uncounted = await raw(server, '/rest/v1/sites?select=code&limit=2', {
      token,
      headers: { 'accept-profile': 'business' },
    })
    expect(uncounted.headers.get('content-range')).toBe('0-1/*')
    const empty = await raw(server, '/rest/v1/sites?select=code&code=eq.nope', { token, headers })
    expect(empty.status).toBe(200)
    expect(empty.headers.get('content-range')).toBe('*/0')
    const inverted = await raw(server, '/rest/v1/sites', {
      token,
      headers: { ...headers, range: '3-1' },
    })
    expect(inverted.status).toBe(416)
  })

  it('caps responses at max rows (1000) and says so in the count', async () => {
    const readings = await business().from('energy_production').select('id', { count: 'exact' })
    expect(readings.error).toBeNull()
    expect(readings.data).toHaveLength(1000)
    expect(readings.count).toBeGreaterThan(1000)
    expect(readings.status).toBe(206)
  })

  it('single and maybeSingle', async () => {
    const one = await business().from('sites').select('code').eq('code', 'PB-MV14').single()
    expect(one.data).toEqual({ code: 'PB-MV14' })
    const none = await business().from('sites').select('code').eq('code', 'nope').single()
    expect(none.status).toBe(406)
    expect(none.error?.code).toBe('PGRST116')
    expect(none.error?.details).toBe('The result contains 0 rows')
    const many = await business().from('sites').select('code').single()
    expect(many.error?.code).toBe('PGRST116')
    expect(many.error?.details).toBe('The result contains 6 rows')
    const maybeNone = await business().from('sites').select('code').eq('code', 'nope').maybeSingle()
    expect(maybeNone.error).toBeNull()
    expect(maybeNone.data).toBeNull()
    const maybeOne = await business()
      .from('sites')
      .select('code')
      .eq('code', 'PB-RB01')
      .maybeSingle()
    expect(maybeOne.data).toEqual({ code: 'PB-RB01' })
    const maybeMany = await business().from('sites').select('code').maybeSingle()
    expect(maybeMany.error?.code).toBe('PGRST116')
  })

  it('HEAD answers headers only', async () => {
    const res = await raw(server, '/rest/v1/sites?select=id', {
      method: 'HEAD',
      token: await accessToken(office),
      headers: { 'accept-profile': 'business' },
    })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
    expect(res.headers.get('content-range')).toBe('0-5/*')
  })

  it('strips nulls when asked', async () => {
    const { data } = await business()
      .from('clients')
      .select('name, contact_name')
      .eq('name', 'Rivers, Dale (West)')
      .stripNulls()
    expect(data).toEqual([{ name: 'Rivers, Dale (West)' }])
  })
})

describe('requests the local server refuses, clearly', () => {
  it('spreads → PGRST127, aggregates → PGRST123 (embedding itself works: conformance/)', async () => {
    const spread = await business().from('sites').select('id, ...projects(name)')
    expect(spread.error?.code).toBe('PGRST127')
    const agg = await business().from('sites').select('count()')
    expect(agg.error?.code).toBe('PGRST123')
    const filterOnEmbed = await business().from('sites').select('id').eq('equipment.kind', 'miner')
    expect(filterOnEmbed.error?.code).toBe('PGRST108')
  })

  it('unknown table → PGRST205 with a hint; unknown column → 42703', async () => {
    const unknown = await business().from('nope').select()
    expect(unknown.status).toBe(404)
    expect(unknown.error?.code).toBe('PGRST205')
    const near = await business().from('site').select()
    expect(near.error?.hint).toBe("Perhaps you meant the table 'business.sites'")
    const column = await business().from('sites').select('nope')
    expect(column.status).toBe(400)
    expect(column.error).toMatchObject({
      code: '42703',
      message: 'column sites.nope does not exist',
    })
    expect((await business().from('sites').select('id').eq('nope', 1)).error?.code).toBe('42703')
    expect((await business().from('sites').select('id').order('nope')).error?.code).toBe('42703')
  })

  it('unexposed schema → 406 PGRST106', async () => {
    const res = await office.schema('flrts').from('anything').select()
    expect(res.status).toBe(406)
    expect(res.error).toMatchObject({
      code: 'PGRST106',
      message: 'Invalid schema: flrts',
      hint: 'Only the following schemas are exposed: public, business, graphql_public',
    })
  })

  it('malformed filters → 400 PGRST100; unsupported media → 406 PGRST107', async () => {
    const bad = await business().from('sites').select('id').filter('code', 'nope', 'x')
    expect(bad.status).toBe(400)
    expect(bad.error?.code).toBe('PGRST100')
    const csv = await business().from('sites').select('id').csv()
    expect(csv.status).toBe(406)
    expect(csv.error?.code).toBe('PGRST107')
    const token = await accessToken(office)
    const noOperator = await raw(server, '/rest/v1/sites?code=PB-MV14', {
      token,
      headers: { 'accept-profile': 'business' },
    })
    expect(noOperator.status).toBe(400)
    expect((noOperator.json as { code: string }).code).toBe('PGRST100')
  })

  it('serves an OpenAPI-style root and a health answer', async () => {
    const root = await raw(server, '/rest/v1/', { headers: { 'accept-profile': 'business' } })
    expect(root.status).toBe(200)
    expect((root.json as { paths: Record<string, unknown> }).paths).toHaveProperty('/sites')
    expect((root.json as { paths: Record<string, unknown> }).paths).toHaveProperty('/rpc/sync_pull')
    const auth = await raw(server, '/auth/v1/health')
    expect(auth.status).toBe(200)
  })
})
