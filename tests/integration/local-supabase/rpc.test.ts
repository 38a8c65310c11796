import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EMAIL, ORG } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { accessToken, client, raw, signedIn } from './helpers'

let server: TestSupabase
let tech: SupabaseClient
let admin: SupabaseClient

// Created after the server started: reaching them also proves the schema cache reloads on
// NOTIFY pgrst, as PostgREST's does.
const FIXTURES = `
create function public.echo_void() returns void language sql as $$ select $$;
create function public.add_numbers(a int, b int default 10) returns int language sql immutable
  as $$ select a + b $$;
create function public.add_numbers(a int, b int, c int) returns int language sql immutable
  as $$ select a + b + c $$;
create function public.amb(x int default 1) returns int language sql as $$ select x $$;
create function public.amb(y text default 'b') returns text language sql as $$ select y $$;
create function public.greet(name text) returns text language sql stable as $$ select 'hi ' || name $$;
create function public.numbers(n int) returns setof int language sql stable
  as $$ select generate_series(1, n) $$;
create function public.pairs(n int) returns table (i int, sq int, label text) language sql stable
  as $$ select g, g * g, 'n' || g from generate_series(1, n) g $$;
create function public.site_by_code(p_code text) returns business.sites language sql stable
  as $$ select * from business.sites where code = p_code $$;
create function public.echo_json(jsonb) returns jsonb language sql immutable as $$ select $1 $$;
create function public.teapot() returns void language plpgsql
  as $$ begin raise exception 'I am a teapot' using errcode = 'PT418'; end $$;
create function public.fail_plainly() returns void language plpgsql
  as $$ begin raise exception 'plain failure' using hint = 'try again'; end $$;
create function public.write_note(p_note text) returns int language sql volatile
  as $$ update business.sites set notes = p_note where code = 'PB-MV14' returning 1 $$;
create function public.stable_but_writes() returns int language sql stable
  as $$ select public.write_note('from a stable function') $$;
create function public.sum_all(variadic nums int[]) returns int language sql immutable
  as $$ select sum(x)::int from unnest(nums) x $$;
create function public.array_len(arr text[]) returns int language sql immutable
  as $$ select cardinality(arr) $$;
do $$
declare
  f regprocedure;
begin
  for f in select p.oid::regprocedure from pg_proc p
           where p.pronamespace = 'public'::regnamespace
             and p.proname in ('echo_void', 'add_numbers', 'amb', 'greet', 'numbers', 'pairs',
               'site_by_code', 'echo_json', 'teapot', 'fail_plainly', 'write_note',
               'stable_but_writes', 'sum_all', 'array_len') loop
    execute format('grant execute on function %s to anon, authenticated', f);
  end loop;
end
$$;
notify pgrst, 'reload schema';
`

beforeAll(async () => {
  server = await startTestSupabase()
  tech = await signedIn(server, EMAIL.tech1)
  admin = await signedIn(server, EMAIL.admin)
  await server.db.pool.query(FIXTURES)
  for (let i = 0; i < 100; i++) {
    if ((await tech.rpc('greet', { name: 'x' })).status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the schema cache did not reload')
})
afterAll(() => server.stop())

describe('the app’s functions', () => {
  it('business.sync_pull through Content-Profile: business', async () => {
    const { data, error, status } = await tech
      .schema('business')
      .rpc('sync_pull', { p_cursor: null, p_limit: 10 })
    expect(error).toBeNull()
    expect(status).toBe(200)
    expect(data).toMatchObject({ has_more: true, reset: false })
    expect(Object.keys(data as object).sort()).toEqual([
      'changes',
      'cursor',
      'has_more',
      'reset',
      'scope',
      'server_time',
    ])
  })

  it('public.my_organization_ids with and without arguments', async () => {
    expect((await tech.rpc('my_organization_ids')).data).toEqual([ORG.tenNetZero])
    expect((await tech.rpc('my_organization_ids', { p_roles: ['admin'] })).data).toEqual([])
    expect((await admin.rpc('my_organization_ids', { p_roles: ['admin'] })).data).toEqual([
      ORG.tenNetZero,
    ])
    const anon = await client(server).rpc('my_organization_ids')
    expect(anon.status).toBe(401)
    expect(anon.error?.code).toBe('42501')
  })

  it('sync functions refuse anon', async () => {
    const anon = await client(server).schema('business').rpc('sync_pull', { p_cursor: null })
    expect(anon.status).toBe(401)
    expect(anon.error?.code).toBe('42501')
  })
})

describe('results', () => {
  it('a scalar is the bare value; GET and HEAD work', async () => {
    expect((await tech.rpc('add_numbers', { a: 1 })).data).toBe(11)
    expect((await tech.rpc('add_numbers', { a: 1, b: 2, c: 3 })).data).toBe(6)
    expect((await tech.rpc('greet', { name: 'Ada' }, { get: true })).data).toBe('hi Ada')
    const head = await tech.rpc('greet', { name: 'Ada' }, { head: true })
    expect(head.status).toBe(200)
    expect(head.data).toBeNull()
  })

  it('setof and table results are arrays that filters, order, paging and count apply to', async () => {
    expect((await tech.rpc('numbers', { n: 3 })).data).toEqual([1, 2, 3])
    const { data, count, error } = await tech
      .rpc('pairs', { n: 5 }, { count: 'exact' })
      .gt('sq', 4)
      .order('i', { ascending: false })
      .limit(2)
    expect(error).toBeNull()
    expect(data).toEqual([
      { i: 5, sq: 25, label: 'n5' },
      { i: 4, sq: 16, label: 'n4' },
    ])
    expect(count).toBe(3)
    const selected = await tech.rpc('pairs', { n: 2 }).select('label')
    expect(selected.data).toEqual([{ label: 'n1' }, { label: 'n2' }])
    const single = await tech.rpc('pairs', { n: 3 }).eq('i', 2).single()
    expect(single.data).toEqual({ i: 2, sq: 4, label: 'n2' })
    const unknown = await tech.rpc('pairs', { n: 3 }).eq('nope', 2)
    expect(unknown.error?.code).toBe('42703')
  })

  it('a composite result is an object, under the caller’s RLS', async () => {
    const { data } = await tech.rpc('site_by_code', { p_code: 'PB-MV14' })
    expect(data).toMatchObject({ code: 'PB-MV14', name: 'Mesa Verde 14-2' })
  })

  it('void → 204', async () => {
    const res = await tech.rpc('echo_void')
    expect(res.status).toBe(204)
    expect(res.data).toBeNull()
    expect(res.error).toBeNull()
  })

  it('one unnamed json parameter receives the whole body', async () => {
    expect((await tech.rpc('echo_json', { a: 1, nested: { b: [1, 2] } })).data).toEqual({
      a: 1,
      nested: { b: [1, 2] },
    })
  })

  it('arrays and variadic arguments, by POST and GET', async () => {
    expect((await tech.rpc('array_len', { arr: ['a', 'b', 'c'] })).data).toBe(3)
    expect((await tech.rpc('sum_all', { nums: [1, 2, 3] })).data).toBe(6)
    const viaGet = await raw(server, '/rest/v1/rpc/sum_all?nums=4&nums=5', {
      token: await accessToken(tech),
    })
    expect(viaGet.json).toBe(9)
  })
})

describe('errors', () => {
  it('unknown function or arguments → 404 PGRST202; ambiguous → 300 PGRST203', async () => {
    const fn = await tech.rpc('greeet', { name: 'x' })
    expect(fn.status).toBe(404)
    expect(fn.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.greeet(name) in the schema cache',
      hint: 'Perhaps you meant to call the function public.greet',
    })
    const arg = await tech.rpc('greet', { nope: 'x' })
    expect(arg.status).toBe(404)
    expect(arg.error?.message).toBe(
      'Could not find the function public.greet(nope) in the schema cache',
    )
    const missing = await tech.rpc('greet')
    expect(missing.error?.message).toBe(
      'Could not find the function public.greet without parameters in the schema cache',
    )
    const ambiguous = await tech.rpc('amb')
    expect(ambiguous.status).toBe(300)
    expect(ambiguous.error?.code).toBe('PGRST203')
  })

  it('PTxyz → status xyz; P0001 → 400 with message and hint', async () => {
    const teapot = await tech.rpc('teapot')
    expect(teapot.status).toBe(418)
    expect(teapot.error).toMatchObject({ code: 'PT418', message: 'I am a teapot' })
    const plain = await tech.rpc('fail_plainly')
    expect(plain.status).toBe(400)
    expect(plain.error).toEqual({
      code: 'P0001',
      message: 'plain failure',
      details: null,
      hint: 'try again',
    })
  })

  it('GET and stable functions run in a read-only transaction', async () => {
    const get = await tech.rpc('write_note', { p_note: 'x' }, { get: true })
    expect(get.status).toBe(405)
    expect(get.error?.code).toBe('25006')
    const stable = await tech.rpc('stable_but_writes')
    expect(stable.status).toBe(405)
    expect(stable.error?.code).toBe('25006')
    const post = await tech.rpc('write_note', { p_note: 'by rpc' })
    expect(post.error).toBeNull()
    expect(post.data).toBe(1)
  })

  it('an unexposed schema → 406; another method → 405 PGRST101', async () => {
    const hidden = await tech
      .schema('business_private')
      .rpc('reject', { p_code: 'x', p_message: 'y' })
    expect(hidden.status).toBe(406)
    expect(hidden.error?.code).toBe('PGRST106')
    const patch = await raw(server, '/rest/v1/rpc/greet', { method: 'PATCH', body: '{}' })
    expect(patch.status).toBe(405)
    expect(patch.json).toMatchObject({
      code: 'PGRST101',
      message: 'Cannot use the PATCH method on RPC',
    })
  })
})
