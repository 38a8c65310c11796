import { randomUUID } from 'node:crypto'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMAIL, ORG, USER, site } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { accessToken, client, raw, signedIn } from './helpers'

let server: TestSupabase
let office: SupabaseClient
let service: SupabaseClient
const business = () => office.schema('business')
const DEVICE = '0d000000-0000-4000-8000-0000000000aa'
const CLIENT = '20000000-0000-4000-8000-000000000001'

beforeAll(async () => {
  server = await startTestSupabase()
  office = await signedIn(server, EMAIL.office)
  service = client(server, { key: server.serviceRoleKey })
})
afterAll(() => server.stop())

async function clientRow(id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await server.db.pool.query('select * from business.clients where id = $1', [id])
  return rows[0] as Record<string, unknown> | undefined
}

describe('insert', () => {
  it('single object, return=minimal by default', async () => {
    const id = randomUUID()
    const res = await business()
      .from('clients')
      .insert({ id, organization_id: ORG.tenNetZero, name: 'Minimal Co' })
    expect(res.error).toBeNull()
    expect(res.status).toBe(201)
    expect(res.data).toBeNull()
    const row = await clientRow(id)
    expect(row).toMatchObject({ name: 'Minimal Co', created_by: USER.office })
  })

  it('return=representation with select, and single', async () => {
    const { data, error, status } = await business()
      .from('clients')
      .insert({
        organization_id: ORG.tenNetZero,
        name: 'Represented Co',
        contact_email: 'a@b.example',
      })
      .select('id, name, contact_email')
      .single()
    expect(error).toBeNull()
    expect(status).toBe(201)
    expect(data).toMatchObject({ name: 'Represented Co', contact_email: 'a@b.example' })
    expect(typeof data?.id).toBe('string')
  })

  it('bulk with different keys: missing keys are null, or the default with defaultToNull: false', async () => {
    const rows = [
      { organization_id: ORG.tenNetZero, client_id: CLIENT, name: 'Bulk A', status: 'planned' },
      { organization_id: ORG.tenNetZero, client_id: CLIENT, name: 'Bulk B' },
    ]
    const nulls = await business().from('projects').insert(rows).select('name, status')
    expect(nulls.status).toBe(400)
    expect(nulls.error?.code).toBe('23502')
    const defaults = await business()
      .from('projects')
      .insert(rows, { defaultToNull: false })
      .select('name, status')
    expect(defaults.error).toBeNull()
    expect(defaults.data).toEqual([
      { name: 'Bulk A', status: 'planned' },
      { name: 'Bulk B', status: 'active' },
    ])
  })

  it('returns a new site to the office user who created it (RETURNING passes the select policy)', async () => {
    const row = { organization_id: ORG.tenNetZero, name: 'New site', code: 'NEW-1' }
    const represented = await business().from('sites').insert(row).select('name, code')
    expect(represented.status).toBe(201)
    expect(represented.data).toEqual([{ name: 'New site', code: 'NEW-1' }])
  })

  it('keeps numbers exactly as sent', async () => {
    const { data, error } = await business()
      .from('equipment')
      .insert({
        organization_id: ORG.tenNetZero,
        site_id: site(1),
        kind: 'other',
        name: 'Precise',
        rated_power_kw: 1234567890.12,
      })
      .select('rated_power_kw')
      .single()
    expect(error).toBeNull()
    expect(data).toEqual({ rated_power_kw: 1234567890.12 })
  })

  it('a singular insert of two rows is refused and rolled back', async () => {
    const res = await business()
      .from('clients')
      .insert([
        { organization_id: ORG.tenNetZero, name: 'Twin 1' },
        { organization_id: ORG.tenNetZero, name: 'Twin 2' },
      ])
      .select()
      .single()
    expect(res.status).toBe(406)
    expect(res.error?.code).toBe('PGRST116')
    const { rows } = await server.db.pool.query(
      `select 1 from business.clients where name like 'Twin %'`,
    )
    expect(rows).toHaveLength(0)
  })

  it('unknown columns → PGRST204; malformed bodies → PGRST102', async () => {
    const unknown = await business()
      .from('clients')
      .insert({ organization_id: ORG.tenNetZero, nope: 1 })
    expect(unknown.status).toBe(400)
    expect(unknown.error).toMatchObject({
      code: 'PGRST204',
      message: "Could not find the 'nope' column of 'clients' in the schema cache",
    })
    const token = await accessToken(office)
    const headers = { 'content-profile': 'business', 'content-type': 'application/json' }
    const invalid = await raw(server, '/rest/v1/clients', {
      method: 'POST',
      token,
      headers,
      body: '{"name":',
    })
    expect(invalid.status).toBe(400)
    expect((invalid.json as { code: string }).code).toBe('PGRST102')
    const mismatch = await raw(server, '/rest/v1/clients', {
      method: 'POST',
      token,
      headers,
      body: JSON.stringify([{ name: 'a' }, { contact_name: 'b' }]),
    })
    expect(mismatch.json).toMatchObject({ code: 'PGRST102', message: 'All object keys must match' })
  })
})

describe('upsert', () => {
  it('merge-duplicates updates, ignore-duplicates leaves the row', async () => {
    const id = randomUUID()
    await business()
      .from('clients')
      .insert({ id, organization_id: ORG.tenNetZero, name: 'Upsert 1' })
    const merged = await business()
      .from('clients')
      .upsert(
        { id, organization_id: ORG.tenNetZero, name: 'Upsert 2' },
        { onConflict: 'id', count: 'exact' },
      )
      .select('name')
    expect(merged.error).toBeNull()
    expect(merged.data).toEqual([{ name: 'Upsert 2' }])
    expect(merged.count).toBe(1)
    const ignored = await business()
      .from('clients')
      .upsert({ id, organization_id: ORG.tenNetZero, name: 'Upsert 3' }, { ignoreDuplicates: true })
      .select('name')
    expect(ignored.error).toBeNull()
    expect(ignored.data).toEqual([])
    expect((await clientRow(id))?.name).toBe('Upsert 2')
    const fresh = await business()
      .from('clients')
      .upsert([{ id: randomUUID(), organization_id: ORG.tenNetZero, name: 'Upsert new' }])
      .select('name')
    expect(fresh.data).toEqual([{ name: 'Upsert new' }])
  })

  it('an on_conflict column that does not exist is an error, never SQL', async () => {
    const unknown = await business()
      .from('clients')
      .upsert({ organization_id: ORG.tenNetZero, name: 'x' }, { onConflict: 'nope' })
    expect(unknown.status).toBe(400)
    expect(unknown.error?.code).toBe('42703')
    const injected = await business()
      .from('clients')
      .upsert({ organization_id: ORG.tenNetZero, name: 'x' }, { onConflict: 'id") do nothing; --' })
    expect(injected.status).toBe(400)
    expect(injected.error?.code).toBe('PGRST100')
  })
})

describe('update and delete', () => {
  it('PATCH with filters: representation → 200, minimal → 204', async () => {
    const updated = await business()
      .from('sites')
      .update({ notes: 'checked' })
      .in('code', ['PB-MV14', 'PB-CD07'])
      .select('code, notes, updated_by')
    expect(updated.status).toBe(200)
    expect(updated.data?.sort((a, b) => String(a.code).localeCompare(String(b.code)))).toEqual([
      { code: 'PB-CD07', notes: 'checked', updated_by: USER.office },
      { code: 'PB-MV14', notes: 'checked', updated_by: USER.office },
    ])
    // Ordering or limiting a write is not supported: refused, not ignored.
    const ordered = await business()
      .from('sites')
      .update({ notes: 'x' })
      .eq('id', site(1))
      .select()
      .order('code')
    expect(ordered.error?.code).toBe('PGRST127')
    const minimal = await business().from('sites').update({ notes: 'again' }).eq('id', site(3))
    expect(minimal.status).toBe(204)
    expect(minimal.data).toBeNull()
    const none = await business().from('sites').update({ notes: 'x' }).eq('code', 'nope').select()
    expect(none.data).toEqual([])
  })

  it('passes request headers to the database: the journal records the device', async () => {
    const device = client(server, { headers: { 'x-outpost-device': DEVICE } })
    await device.auth.signInWithPassword({ email: EMAIL.office, password: 'outpost-demo' })
    const res = await device
      .schema('business')
      .from('sites')
      .update({ county: 'Ector County' })
      .eq('id', site(1))
    expect(res.error).toBeNull()
    const { rows } = await server.db.pool.query(
      `select device_id, actor_id, actor_role from business.journal
       where table_name = 'sites' and row_id = $1 and 'county' = any (changed) order by id desc limit 1`,
      [site(1)],
    )
    expect(rows[0]).toEqual({
      device_id: DEVICE,
      actor_id: USER.office,
      actor_role: 'authenticated',
    })
  })

  it('DELETE is for RLS and grants to decide: refused for users, allowed for service_role', async () => {
    const id = randomUUID()
    await business().from('clients').insert({ id, organization_id: ORG.tenNetZero, name: 'Doomed' })
    const denied = await business().from('clients').delete().eq('id', id)
    expect(denied.status).toBe(403)
    expect(denied.error?.code).toBe('42501')
    const deleted = await service
      .schema('business')
      .from('clients')
      .delete()
      .eq('id', id)
      .select('name')
    expect(deleted.error).toBeNull()
    expect(deleted.data).toEqual([{ name: 'Doomed' }])
    expect(await clientRow(id)).toBeUndefined()
  })

  it('an update or delete without a filter is refused as hosted refuses it (pg-safeupdate)', async () => {
    const before = await server.db.pool.query<{ n: number; notes: number }>(
      `select count(*)::int as n, count(*) filter (where notes = 'everything')::int as notes
       from business.clients`,
    )
    const svc = service.schema('business')
    const updated = await svc.from('clients').update({ notes: 'everything' })
    expect([updated.status, updated.error]).toEqual([
      400,
      { code: '21000', message: 'UPDATE requires a WHERE clause', details: null, hint: null },
    ])
    const deleted = await svc.from('clients').delete()
    expect([deleted.status, deleted.error?.message]).toEqual([
      400,
      'DELETE requires a WHERE clause',
    ])
    const after = await server.db.pool.query(
      `select count(*)::int as n, count(*) filter (where notes = 'everything')::int as notes
       from business.clients`,
    )
    expect(after.rows).toEqual(before.rows)
  })

  it('handling=strict with max-affected rolls back a write that touches too many rows', async () => {
    const token = await accessToken(office)
    const res = await raw(server, '/rest/v1/sites?organization_id=eq.' + ORG.tenNetZero, {
      method: 'PATCH',
      token,
      headers: {
        'content-profile': 'business',
        'content-type': 'application/json',
        prefer: 'handling=strict, max-affected=2',
      },
      body: JSON.stringify({ notes: 'bulk' }),
    })
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({ code: 'PGRST124' })
    const { rows } = await server.db.pool.query(`select 1 from business.sites where notes = 'bulk'`)
    expect(rows).toHaveLength(0)
    const strict = await raw(server, '/rest/v1/sites', {
      token,
      headers: { 'accept-profile': 'business', prefer: 'handling=strict, nonsense=1' },
    })
    expect(strict.status).toBe(400)
    expect(strict.json).toMatchObject({
      code: 'PGRST122',
      details: 'Invalid preferences: nonsense=1',
    })
  })
})

describe('database errors keep their SQLSTATE and PostgREST status', () => {
  it('23505 and 23503 → 409', async () => {
    const id = randomUUID()
    await business().from('clients').insert({ id, organization_id: ORG.tenNetZero, name: 'Once' })
    const dup = await business()
      .from('clients')
      .insert({ id, organization_id: ORG.tenNetZero, name: 'Twice' })
    expect(dup.status).toBe(409)
    expect(dup.error?.code).toBe('23505')
    const fk = await business()
      .from('projects')
      .insert({ organization_id: ORG.tenNetZero, client_id: randomUUID(), name: 'Orphan' })
    expect(fk.status).toBe(409)
    expect(fk.error?.code).toBe('23503')
  })

  it('23502, 23514, 22P02 → 400', async () => {
    const notNull = await business().from('clients').insert({ organization_id: ORG.tenNetZero })
    expect([notNull.status, notNull.error?.code]).toEqual([400, '23502'])
    const check = await business()
      .from('sites')
      .insert({ organization_id: ORG.tenNetZero, name: 'Bad', country: 'usa' })
    expect([check.status, check.error?.code]).toEqual([400, '23514'])
    const text = await business().from('sites').select('id').eq('id', 'not-a-uuid')
    expect([text.status, text.error?.code]).toEqual([400, '22P02'])
  })

  it('42501 from RLS → 403 for a signed-in user, 401 for anon', async () => {
    const tech = await signedIn(server, EMAIL.tech1)
    const rls = await tech
      .schema('business')
      .from('sites')
      .insert({ organization_id: ORG.tenNetZero, name: 'Not mine' })
    expect(rls.status).toBe(403)
    expect(rls.error?.code).toBe('42501')
    expect(rls.error?.message).toContain('row-level security')
    const anon = await client(server).schema('business').from('clients').insert({ name: 'x' })
    expect(anon.status).toBe(401)
    expect(anon.error?.code).toBe('42501')
  })
})
