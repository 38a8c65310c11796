// The stand-in's /rest/v1 measured against the postgrest-js integration suite, over upstream's
// fixture schema in a throw-away database (see fixture.ts and rest.cases.ts). Per-area counts
// are in supabase/local/README.md, "Conformance (REST)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { raw } from '../helpers'
import type { Conformance } from './fixture'
import { startConformance } from './fixture'
import { CASES, REFUSED } from './rest.cases'

let c: Conformance

beforeAll(async () => {
  c = await startConformance()
})
afterAll(() => c.stop())

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => [k, sortKeys(x)]),
    )
  return v
}

/** Arrays as sets unless the request orders them. */
function canonical(v: unknown, ordered: boolean): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => canonical(x, ordered))
    if (ordered) return items
    return items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
  }
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x, ordered)]))
  return v
}

describe.each([...new Set(CASES.map((k) => k.area))])('%s', (area) => {
  it.each(CASES.filter((k) => k.area === area).map((k) => [k.upstream, k] as const))(
    '%s',
    async (_, k) => {
      const res = await k.run(c.sb)
      const ordered = k.run.toString().includes('order(')
      const got = { status: res.status, data: res.data, error: res.error, count: res.count }
      const want = { data: null, error: null, count: null, ...k.expected }
      expect(canonical(sortKeys(got), ordered)).toEqual(canonical(sortKeys(want), ordered))
    },
  )
})

describe('mutations', () => {
  it('basic.test.ts > basic insert, update, delete > upsert (only updated → 200)', async () => {
    const res = await c.sb
      .from('messages')
      .upsert({ id: 3, message: 'foo', username: 'supabot', channel_id: 2 })
      .select()
    expect([res.status, res.error, res.data]).toEqual([
      200,
      null,
      [{ channel_id: 2, data: null, id: 3, message: 'foo', username: 'supabot' }],
    ])
    const inserted = await c.sb
      .from('messages')
      .upsert({ id: 100, message: 'new', username: 'supabot', channel_id: 1 })
      .select('id')
    expect([inserted.status, inserted.data]).toEqual([201, [{ id: 100 }]])
    await c.pool.query(
      `update messages set message = 'Some message on channel without details', channel_id = 3 where id = 3;
       delete from messages where id = 100`,
    )
  })

  it('basic.test.ts > insert, update, delete with count: exact > bulk insert with column defaults', async () => {
    const res = await c.sb
      .from('channels')
      .insert([{ id: 100 }, { slug: 'test-slug' }], { defaultToNull: false })
      .select()
    // id 5, as upstream: the default is evaluated for every row, so the first row took 4.
    expect([res.status, res.error, res.data]).toEqual([
      201,
      null,
      [
        { data: null, id: 100, slug: null },
        { data: null, id: 5, slug: 'test-slug' },
      ],
    ])
    await c.pool.query('delete from channels where id in (5, 100)')
  })

  const setUsersOffline = (pattern: string) =>
    raw(c.server, '/rest/v1/rpc/set_users_offline', {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'handling=strict,max-affected=1' },
      body: JSON.stringify({ name_param: pattern }),
    })

  it('max-affected.test.ts > maxAffected > should be able to use .maxAffected with setof records returning rpc', async () => {
    await c.pool.query(`insert into users (username, status) values ('testuser', 'ONLINE')`)
    const res = await setUsersOffline('testuser')
    expect([res.status, res.json]).toEqual([
      200,
      [{ username: 'testuser', data: null, age_range: null, status: 'OFFLINE', catchphrase: null }],
    ])
    await c.pool.query(`delete from users where username = 'testuser'`)
  })

  it('max-affected.test.ts > maxAffected > should fail when rpc returns more results than maxAffected (and rolls back)', async () => {
    await c.pool.query(
      `insert into users (username, status) values ('testuser1', 'ONLINE'), ('testuser2', 'ONLINE'), ('testuser3', 'ONLINE')`,
    )
    const res = await setUsersOffline('testuser%')
    expect([res.status, res.json]).toEqual([
      400,
      {
        code: 'PGRST124',
        message: 'Query result exceeds max-affected preference constraint',
        details: 'The query affects 3 rows',
        hint: null,
      },
    ])
    const { rows } = await c.pool.query<{ status: string }>(
      `select status::text from users where username like 'testuser%'`,
    )
    expect(rows.map((r) => r.status)).toEqual(['ONLINE', 'ONLINE', 'ONLINE'])
    await c.pool.query(`delete from users where username like 'testuser%'`)
  })

  it('advanced_rpc.test.ts > polymorphic function with unnamed text param, sent as text/plain', async () => {
    const res = await raw(c.server, '/rest/v1/rpc/polymorphic_function_with_unnamed_text', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'test',
    })
    expect([res.status, res.json]).toEqual([200, 1])
  })
})

describe('outside the subset: refused with the stand-in error', () => {
  it.each(REFUSED.map((k) => [`${k.upstream} (${k.feature})`, k] as const))('%s', async (_, k) => {
    const res = await k.run(c.sb)
    expect({ status: res.status, code: (res.error as { code?: string } | null)?.code }).toEqual(
      k.refused,
    )
  })
})
