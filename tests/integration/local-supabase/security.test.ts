import type { SupabaseClient } from '@supabase/supabase-js'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMAIL, ORG, USER, site } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { client, raw, signedIn } from './helpers'

let server: TestSupabase
let tech1: SupabaseClient
let otherTech: SupabaseClient

beforeAll(async () => {
  server = await startTestSupabase()
  tech1 = await signedIn(server, EMAIL.tech1)
  otherTech = await signedIn(server, EMAIL.otherTech)
  await server.db.pool.query(`
    create function public.request_info() returns jsonb language sql stable as $$
      select jsonb_build_object(
        'user', current_user,
        'claims', current_setting('request.jwt.claims', true)::jsonb,
        'method', current_setting('request.method', true),
        'path', current_setting('request.path', true),
        'headers', current_setting('request.headers', true)::jsonb,
        'search_path', current_setting('search_path'),
        'read_only', current_setting('transaction_read_only'))
    $$;
    grant execute on function public.request_info() to anon, authenticated;
    notify pgrst, 'reload schema';`)
  for (let i = 0; i < 100 && (await tech1.rpc('request_info')).status !== 200; i++)
    await new Promise((resolve) => setTimeout(resolve, 50))
})
afterAll(() => server.stop())

const sign = (claims: Record<string, unknown>, secret = server.jwtSecret) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret))

const now = () => Math.floor(Date.now() / 1000)

describe('each request runs as its JWT role, like PostgREST', () => {
  it('sets role, claims, method, path, headers and search path for the transaction', async () => {
    const { data, error } = await tech1.rpc('request_info')
    expect(error).toBeNull()
    expect(data).toMatchObject({
      user: 'authenticated',
      claims: { sub: USER.tech1, role: 'authenticated', email: EMAIL.tech1 },
      method: 'POST',
      path: '/rpc/request_info',
      search_path: '"public", "extensions"',
      read_only: 'on',
    })
    expect((data as { headers: Record<string, string> }).headers).toMatchObject({
      'x-client-info': expect.stringContaining('supabase-js') as string,
      'content-profile': 'public',
    })
    // A string body would go out as text/plain, which PostgREST reads as a text argument.
    const anon = await raw(server, '/rest/v1/rpc/request_info', {
      method: 'POST',
      token: null,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(anon.json).toMatchObject({ user: 'anon', claims: { role: 'anon' } })
  })
})

describe('RLS decides what each user sees through the API', () => {
  it('tech1 sees only their two assigned sites of 10NetZero', async () => {
    const business = tech1.schema('business')
    const sites = await business.from('sites').select('id').order('id')
    expect(sites.data?.map((s) => s.id)).toEqual([site(1), site(2)])
    const equipment = await business.from('equipment').select('site_id')
    expect(new Set(equipment.data?.map((e) => e.site_id))).toEqual(new Set([site(1), site(2)]))
    expect(equipment.data).toHaveLength(16)
    const readings = await business
      .from('energy_production')
      .select('site_id', { count: 'exact', head: true })
      .in('site_id', [site(3), site(4)])
    expect(readings.count).toBe(0)
    expect((await business.from('invoices').select('id')).data).toEqual([])
  })

  it('tech@other.test gets nothing of 10NetZero', async () => {
    const business = otherTech.schema('business')
    for (const table of [
      'sites',
      'equipment',
      'maintenance_logs',
      'energy_production',
      'clients',
      'projects',
      'invoices',
    ]) {
      const { data, error } = await business
        .from(table)
        .select('id')
        .eq('organization_id', ORG.tenNetZero)
      expect(error).toBeNull()
      expect(data).toEqual([])
    }
    expect((await otherTech.from('organizations').select('name')).data).toEqual([
      { name: 'Other Energy' },
    ])
  })

  it('anon gets nothing: no grant on the tables, no execute on the functions', async () => {
    const anon = client(server)
    for (const table of ['sites', 'equipment', 'energy_production']) {
      const res = await anon.schema('business').from(table).select('id')
      expect(res.status).toBe(401)
      expect(res.error?.code).toBe('42501')
      expect(res.data).toBeNull()
    }
    expect((await anon.from('organizations').select('id')).status).toBe(401)
  })

  it('service_role bypasses RLS', async () => {
    const service = client(server, { key: server.serviceRoleKey })
    expect((await service.schema('business').from('sites').select('id')).data).toHaveLength(7)
  })
})

describe('JWTs', () => {
  const read = (token: string) =>
    raw(server, '/rest/v1/sites?select=id', { token, headers: { 'accept-profile': 'business' } })

  it('forged signature → 401 PGRST301', async () => {
    const forged = await sign(
      { role: 'service_role', sub: USER.admin },
      'a-different-secret-that-is-long-enough!!',
    )
    const res = await read(forged)
    expect(res.status).toBe(401)
    expect(res.json).toEqual({
      code: 'PGRST301',
      message: 'JWT cryptographic operation failed',
      details: null,
      hint: null,
    })
    expect(res.headers.get('www-authenticate')).toContain('invalid_token')
  })

  it('expired → 401 PGRST303 (30 s of clock skew are tolerated)', async () => {
    const expired = await sign({ role: 'authenticated', sub: USER.tech1, exp: now() - 3600 })
    const res = await read(expired)
    expect(res.status).toBe(401)
    expect(res.json).toMatchObject({ code: 'PGRST303', message: 'JWT expired' })
    const skewed = await sign({ role: 'authenticated', sub: USER.tech1, exp: now() - 10 })
    expect((await read(skewed)).status).toBe(200)
  })

  it('alg none, garbage and empty tokens → 401 PGRST301', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
    const body = Buffer.from(JSON.stringify({ role: 'service_role' })).toString('base64url')
    const none = await read(`${header}.${body}.`)
    expect(none.json).toMatchObject({
      code: 'PGRST301',
      message: 'Wrong or unsupported encoding algorithm',
    })
    expect((await read('garbage')).json).toMatchObject({
      message: 'Expected 3 parts in JWT; got 1',
    })
    const empty = await raw(server, '/rest/v1/sites', { headers: { authorization: 'Bearer ' } })
    expect(empty.json).toMatchObject({
      code: 'PGRST301',
      message: 'Empty JWT is sent in Authorization header',
    })
  })

  it('a role the authenticator may not become → 403; an unknown role → 401', async () => {
    const superuser = await read(await sign({ role: 'postgres' }))
    expect(superuser.status).toBe(403)
    expect(superuser.json).toMatchObject({ code: '42501' })
    const unknown = await read(await sign({ role: 'nobody' }))
    expect(unknown.status).toBe(401)
    expect(unknown.json).toMatchObject({ code: '22023' })
  })

  it('the auth API refuses an expired user token with bad_jwt', async () => {
    const expired = await sign({ role: 'authenticated', sub: USER.tech1, exp: now() - 3600 })
    const res = await client(server).auth.getUser(expired)
    expect(res.error).toMatchObject({ status: 403, code: 'bad_jwt' })
  })
})

describe('SQL injection attempts reach PostgreSQL only as bound values or not at all', () => {
  const attacks = [
    "x'; drop table business.sites; --",
    "') or 1=1 --",
    '"; drop table business.sites; --',
    '$$; drop table business.sites; $$',
  ]

  it('in filter values', async () => {
    const business = tech1.schema('business')
    for (const attack of attacks) {
      expect((await business.from('sites').select('id').eq('name', attack)).data).toEqual([])
      expect((await business.from('sites').select('id').in('name', [attack, 'x'])).data).toEqual([])
      expect((await business.from('sites').select('id').ilike('name', attack)).data).toEqual([])
      expect(
        (
          await business
            .from('sites')
            .select('id')
            .or(`name.eq."${attack.replaceAll('"', '\\"')}"`)
        ).data,
      ).toEqual([])
      const typed = await business.from('sites').select('id').eq('id', attack)
      expect(typed.error?.code).toBe('22P02')
    }
  })

  it('in column names, select, order, casts and JSON paths', async () => {
    const business = tech1.schema('business')
    const attempts = [
      business.from('sites').select('id, name"; drop table business.sites; --'),
      business.from('sites').select('id').eq('name" = name or 1=1 --', 'x'),
      business.from('sites').select('id').order('name; drop table business.sites'),
      business.from('sites').select('id::text); drop table business.sites; --'),
      business.from('sites').select("id->>'a'; drop table business.sites; --"),
      business.from('sites; drop table business.sites').select('id'),
    ]
    for (const res of await Promise.all(attempts)) {
      expect(res.data).toBeNull()
      expect(['PGRST100', '42703', 'PGRST205']).toContain(res.error?.code)
    }
  })

  it('in raw query strings, headers and function names', async () => {
    const token = (await tech1.auth.getSession()).data.session?.access_token ?? null
    const headers = { 'accept-profile': 'business' }
    const paths = [
      '/rest/v1/sites?order=id.desc,(select 1)',
      '/rest/v1/sites?or=(id.eq.1)or true--',
      "/rest/v1/sites?id=in.(1','2)",
      '/rest/v1/sites?limit=1;drop table business.sites',
      '/rest/v1/rpc/sync_pull();drop table business.sites',
      `/rest/v1/sites?select=${encodeURIComponent('*,(select 1)')}`,
    ]
    for (const path of paths) {
      const res = await raw(server, path, { token, headers })
      expect(res.status).toBeGreaterThanOrEqual(400)
    }
    const schema = await raw(server, '/rest/v1/sites', {
      token,
      headers: { 'accept-profile': 'business; drop table x' },
    })
    expect(schema.json).toMatchObject({ code: 'PGRST106' })
    const conflict = await raw(server, '/rest/v1/clients?on_conflict=id)%20do%20nothing;--', {
      method: 'POST',
      token,
      headers: { 'content-profile': 'business', prefer: 'resolution=merge-duplicates' },
      body: JSON.stringify({ name: 'x' }),
    })
    expect(conflict.status).toBe(400)
    const body = await raw(server, '/rest/v1/clients', {
      method: 'POST',
      token,
      headers: { 'content-profile': 'business' },
      body: JSON.stringify({ 'name") values (1); drop table business.sites; --': 'x' }),
    })
    expect(body.json).toMatchObject({ code: 'PGRST204' })
  })

  it('left every table in place', async () => {
    const { rows } = await server.db.pool.query('select count(*)::int as n from business.sites')
    expect(rows[0]).toEqual({ n: 7 })
  })
})
