// The platform a hosted project has before any migration (supabase/postgres, supabase/auth),
// as the stand-in reproduces it, and what the project's migrations make of it.
import { randomBytes } from 'node:crypto'
import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import {
  MIGRATIONS_DIR,
  applyPlatform,
  createDatabase,
  dropDatabase,
  listMigrations,
  migrate,
} from '../../../supabase/local/database'
import { EMAIL } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { client, signedIn } from './helpers'

let server: TestSupabase

const PROBE = `
create function public.probe_settings() returns json language sql stable
  as $$ select json_build_object('statement_timeout', current_setting('statement_timeout'),
    'lock_timeout', current_setting('lock_timeout'), 'role', current_user) $$;
create function public.probe_nap(seconds float8) returns text language sql volatile
  as $$ select pg_sleep(seconds)::text $$;
grant execute on function public.probe_settings(), public.probe_nap(float8)
  to anon, authenticated, service_role;
notify pgrst, 'reload schema';
`

beforeAll(async () => {
  server = await startTestSupabase()
  await server.db.pool.query(PROBE)
  const anon = client(server)
  for (let i = 0; i < 100; i++) {
    if ((await anon.rpc('probe_settings')).status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the schema cache did not reload')
})
afterAll(() => server.stop())

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl')
  const name = `p_${randomBytes(6).toString('hex')}`
  await createDatabase(adminUrl, name)
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    drop: () => dropDatabase(adminUrl, name),
  }
}

async function oneQuery<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<T>(sql, params)).rows
  } finally {
    await c.end()
  }
}

describe('roles as on hosted', () => {
  it('API roles inherit, authenticator does not; limits are role settings', async () => {
    const { rows } = await server.db.pool.query<{
      rolname: string
      rolinherit: boolean
      rolconfig: string[] | null
    }>(
      `select rolname, rolinherit, rolconfig from pg_roles
       where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by 1`,
    )
    expect(rows).toEqual([
      { rolname: 'anon', rolinherit: true, rolconfig: ['statement_timeout=3s'] },
      { rolname: 'authenticated', rolinherit: true, rolconfig: ['statement_timeout=8s'] },
      {
        rolname: 'authenticator',
        rolinherit: false,
        rolconfig: ['statement_timeout=8s', 'lock_timeout=8s'],
      },
      { rolname: 'service_role', rolinherit: true, rolconfig: null },
    ])
  })

  it('each request runs with its role’s limits, as PostgREST applies them', async () => {
    const anon = await client(server).rpc('probe_settings')
    const tech = await (await signedIn(server, EMAIL.tech1)).rpc('probe_settings')
    const service = await client(server, { key: server.serviceRoleKey }).rpc('probe_settings')
    expect([anon.data, tech.data, service.data]).toEqual([
      { statement_timeout: '3s', lock_timeout: '8s', role: 'anon' },
      { statement_timeout: '8s', lock_timeout: '8s', role: 'authenticated' },
      // service_role has no settings of its own: authenticator's, from its login, stay.
      { statement_timeout: '8s', lock_timeout: '8s', role: 'service_role' },
    ])
  })

  it('an anonymous statement is cancelled after 3 s with 57014, as hosted answers', async () => {
    const { error, status } = await client(server).rpc('probe_nap', { seconds: 3.5 })
    expect(status).toBe(500)
    expect(error).toMatchObject({
      code: '57014',
      message: 'canceling statement due to statement timeout',
    })
  })
})

describe('default privileges in public', () => {
  it('the platform alone grants everything created in public to the API roles', async () => {
    const db = await scratchDatabase()
    try {
      await applyPlatform(db.url)
      await oneQuery(db.url, 'create table public.fresh (id int)')
      await oneQuery(
        db.url,
        "create function public.fresh_fn() returns int language sql as 'select 1'",
      )
      const [row] = await oneQuery<{ anon: boolean; auth: boolean; exec: boolean }>(
        db.url,
        `select has_table_privilege('anon', 'public.fresh', 'insert, delete, truncate') as anon,
                has_table_privilege('authenticated', 'public.fresh', 'insert') as auth,
                has_function_privilege('anon', 'public.fresh_fn()', 'execute') as exec`,
      )
      expect(row).toEqual({ anon: true, auth: true, exec: true })
    } finally {
      await db.drop()
    }
  })

  it('after the migrations, the tenancy tables hold exactly the grants the API needs', async () => {
    const { rows } = await server.db.pool.query<{ grantee: string; t: string; p: string }>(
      `select grantee, table_name as t, string_agg(privilege_type, ',' order by privilege_type) as p
       from information_schema.role_table_grants
       where table_schema = 'public' and grantee in ('anon', 'authenticated')
       group by 1, 2 order by 1, 2`,
    )
    expect(rows).toEqual([
      { grantee: 'anon', t: 'applied_migrations', p: 'SELECT' },
      { grantee: 'authenticated', t: 'applied_migrations', p: 'SELECT' },
      { grantee: 'authenticated', t: 'organization_members', p: 'DELETE,INSERT,SELECT,UPDATE' },
      { grantee: 'authenticated', t: 'organizations', p: 'SELECT,UPDATE' },
      { grantee: 'authenticated', t: 'profiles', p: 'SELECT' },
    ])
    const columns = await server.db.pool.query<{ column_name: string }>(
      `select column_name from information_schema.column_privileges
       where table_schema = 'public' and table_name = 'profiles'
         and grantee = 'authenticated' and privilege_type = 'UPDATE'`,
    )
    expect(columns.rows.map((r) => r.column_name)).toEqual(['display_name'])
  })

  it('a table a later migration adds to public is not exposed until it is granted', async () => {
    await server.db.pool.query('create table public.later_table (id int)')
    const { rows } = await server.db.pool.query<{ anon: boolean; auth: boolean }>(
      `select has_table_privilege('anon', 'public.later_table', 'select') as anon,
              has_table_privilege('authenticated', 'public.later_table', 'select') as auth`,
    )
    expect(rows).toEqual([{ anon: false, auth: false }])
  })

  it('a user cannot rewrite their own email through the API', async () => {
    const tech = await signedIn(server, EMAIL.tech1)
    const { error } = await tech
      .from('profiles')
      .update({ email: 'ceo@outpost.test' })
      .eq('email', EMAIL.tech1)
    expect(error).toMatchObject({ code: '42501' })
    const { rows } = await server.db.pool.query<{ email: string }>(
      `select email from public.profiles where id = (select id from auth.users where email = $1)`,
      [EMAIL.tech1],
    )
    expect(rows).toEqual([{ email: EMAIL.tech1 }])
  })
})

describe('applied migrations', () => {
  it('every role reads which migrations the database has, newest first', async () => {
    const files = await listMigrations()
    const last = files.at(-1)
    for (const sb of [client(server), await signedIn(server, EMAIL.tech2)]) {
      const { data, error } = await sb
        .from('applied_migrations')
        .select('version, name')
        .order('version', { ascending: false })
        .limit(1)
      expect(error).toBeNull()
      expect(data).toEqual([{ version: last?.version, name: last?.name }])
    }
    const { error } = await client(server).from('applied_migrations').select('statements')
    expect(error).toMatchObject({ code: '42703' })
  })

  it('the runner refuses a database whose applied migration was edited or removed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'outpost-migrations-'))
    const db = await scratchDatabase()
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true })
      await migrate(db.url, dir)
      const [first] = await listMigrations(dir)
      if (!first) throw new Error('no migrations')
      await appendFile(first.file, '\ncreate table public.sneaky (id int);\n')
      await expect(migrate(db.url, dir)).rejects.toThrow(
        `${path.basename(first.file)} was edited after this database applied it`,
      )
      const sneaky = await oneQuery(db.url, `select to_regclass('public.sneaky') as t`)
      expect(sneaky).toEqual([{ t: null }])

      await cp(path.join(MIGRATIONS_DIR, path.basename(first.file)), first.file)
      await writeFile(
        path.join(dir, '29991231000000_added_later.sql'),
        'create table public.added_later (id int);\n',
      )
      expect((await migrate(db.url, dir)).map((m) => m.version)).toEqual(['29991231000000'])
      await writeFile(path.join(dir, '20000101000000_too_early.sql'), 'select 1;\n')
      await expect(migrate(db.url, dir)).rejects.toThrow(
        '20000101000000_too_early.sql is older than 29991231000000, the newest migration this database applied',
      )
      await rm(path.join(dir, '20000101000000_too_early.sql'))
      await rm(path.join(dir, '29991231000000_added_later.sql'))
      await expect(migrate(db.url, dir)).rejects.toThrow(
        '29991231000000_added_later.sql was applied to this database but is no longer in supabase/migrations',
      )
    } finally {
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
