// The per-application roles and the FLRTS tables: who may do what, checked as each role would
// act through the API (SET ROLE with JWT claims), on the real migrations.
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL } from '../../support/demo'

let db: TestDatabase
let tech1: Actor
let tech2: Actor
const anon: Actor = { role: 'anon' }
const service: Actor = { role: 'service_role' }

const FLRTS_TABLES = [
  'api_usage_logs',
  'nlp_conversations',
  'task_metadata',
  'telegram_mappings',
  'user_preferences',
  'webhook_logs',
]

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  tech2 = await actorFor(db.pool, EMAIL.tech2)
  for (const who of [tech1, tech2]) {
    await db.pool.query(
      `with c as (
         insert into flrts.nlp_conversations (user_id, input_text) values ($1, 'check gen B oil')
         returning id)
       insert into flrts.task_metadata (conversation_id, created_by) select id, $1 from c`,
      [who.sub],
    )
    await db.pool.query(
      `insert into flrts.telegram_mappings (user_id, telegram_user_id) values ($1, $2)`,
      [who.sub, who === tech1 ? 1001 : 1002],
    )
    await db.pool.query(`insert into flrts.user_preferences (user_id) values ($1)`, [who.sub])
  }
  await db.pool.query(
    `insert into flrts.api_usage_logs (user_id, provider, endpoint) values ($1, 'openai', '/v1/chat')`,
    [tech1.sub],
  )
  await db.pool.query(
    `insert into flrts.webhook_logs (source, event, payload) values ('telegram', 'message', '{}')`,
  )
})
afterAll(() => db.drop())

async function attempt(
  actor: Actor,
  sql: string,
  params: readonly unknown[] = [],
): Promise<number | 'denied'> {
  try {
    const result = await asActor(db.pool, actor, (c: pg.PoolClient) => c.query(sql, [...params]))
    return result.rowCount ?? 0
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return 'denied'
    throw error
  }
}

describe('flrts', () => {
  it('has its six tables, owned by flrts_user, each with RLS', async () => {
    const { rows } = await db.pool.query<{ t: string; owner: string; rls: boolean }>(
      `select c.relname as t, c.relowner::regrole::text as owner, c.relrowsecurity as rls
       from pg_class c where c.relnamespace = 'flrts'::regnamespace and c.relkind = 'r'
       order by 1`,
    )
    expect(rows).toEqual(FLRTS_TABLES.map((t) => ({ t, owner: 'flrts_user', rls: true })))
  })

  it('RLS matrix: rows seen by anon, each technician and the service role', async () => {
    const matrix: Record<string, Record<string, number | 'denied'>> = {}
    for (const t of FLRTS_TABLES) {
      matrix[t] = {
        anon: await attempt(anon, `select 1 from flrts.${t}`),
        tech1: await attempt(tech1, `select 1 from flrts.${t}`),
        tech2: await attempt(tech2, `select 1 from flrts.${t}`),
        service: await attempt(service, `select 1 from flrts.${t}`),
      }
    }
    expect(matrix).toEqual({
      api_usage_logs: { anon: 'denied', tech1: 'denied', tech2: 'denied', service: 1 },
      nlp_conversations: { anon: 'denied', tech1: 1, tech2: 1, service: 2 },
      task_metadata: { anon: 'denied', tech1: 1, tech2: 1, service: 2 },
      telegram_mappings: { anon: 'denied', tech1: 1, tech2: 1, service: 2 },
      user_preferences: { anon: 'denied', tech1: 1, tech2: 1, service: 2 },
      webhook_logs: { anon: 'denied', tech1: 'denied', tech2: 'denied', service: 1 },
    })
  })

  it('a person sees only their own rows and changes only their own preferences', async () => {
    const seen = await asActor(db.pool, tech1, async (c) => {
      const { rows } = await c.query<{ user_id: string }>(
        'select user_id from flrts.nlp_conversations',
      )
      return rows.map((r) => r.user_id)
    })
    expect(seen).toEqual([tech1.sub])
    expect(
      await attempt(tech1, `update flrts.user_preferences set language = 'es' where true`),
    ).toBe(1)
    expect(
      await attempt(tech1, `update flrts.user_preferences set user_id = $1 where true`, [
        tech2.sub,
      ]),
    ).toBe('denied')
    expect(
      await attempt(tech1, `insert into flrts.user_preferences (user_id) values ($1)`, [tech2.sub]),
    ).toBe('denied')
    expect(
      await attempt(
        tech1,
        `insert into flrts.telegram_mappings (user_id, telegram_user_id) values ($1, 7)`,
        [tech1.sub],
      ),
    ).toBe('denied')
    expect(await attempt(tech1, `delete from flrts.nlp_conversations where true`)).toBe('denied')
  })

  it('refuses values the FLRTS data cannot hold', async () => {
    await expect(
      db.pool.query(
        `insert into flrts.user_preferences (user_id, language) values ($1, 'not a tag')`,
        [(await actorFor(db.pool, EMAIL.office)).sub],
      ),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      db.pool.query(
        `insert into flrts.webhook_logs (source, event, payload, status) values ('x', 'y', '{}', 'lost')`,
      ),
    ).rejects.toMatchObject({ code: '23514' })
  })
})

describe('business_user', () => {
  it('holds no privilege on business tables, sequences or functions (it is not used)', async () => {
    const { rows } = await db.pool.query<{ kind: string; name: string }>(
      `select 'table' as kind, c.relname as name from pg_class c
       where c.relnamespace = 'business'::regnamespace and c.relkind in ('r', 'v', 'm', 'S')
         and (has_table_privilege('business_user', c.oid, 'select, insert, update, delete, truncate, references, trigger'))
       union all
       select 'function', p.proname from pg_proc p
       where p.pronamespace in ('business'::regnamespace, 'business_private'::regnamespace)
         and has_function_privilege('business_user', p.oid, 'execute')`,
    )
    expect(rows).toEqual([])
    const schema = await db.pool.query<{ usage: boolean; create: boolean; private: boolean }>(
      `select has_schema_privilege('business_user', 'business', 'usage') as usage,
              has_schema_privilege('business_user', 'business', 'create') as create,
              has_schema_privilege('business_user', 'business_private', 'usage') as private`,
    )
    expect(schema.rows).toEqual([{ usage: true, create: false, private: false }])
  })

  it('a table a later migration adds to business is not granted to it by default', async () => {
    await db.pool.query('create table business.later_probe (id int)')
    const { rows } = await db.pool.query<{ granted: boolean }>(
      `select has_table_privilege('business_user', 'business.later_probe', 'select') as granted`,
    )
    expect(rows).toEqual([{ granted: false }])
    await db.pool.query('drop table business.later_probe')
  })
})
