// Instance monitoring functions: admins and the service role read them, nobody else does.
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL } from '../../support/demo'

let db: TestDatabase
const actors: Record<string, Actor> = {}

beforeAll(async () => {
  db = await createTestDatabase()
  for (const [name, email] of Object.entries(EMAIL)) actors[name] = await actorFor(db.pool, email)
  actors.anon = { role: 'anon' }
  actors.service = { role: 'service_role' }
  await db.pool.query('analyze business.energy_production')
})
afterAll(() => db.drop())

const FUNCTIONS = ['admin_schema_sizes', 'admin_connections', 'admin_table_rows'] as const

async function call<T extends pg.QueryResultRow>(
  actor: Actor,
  fn: string,
): Promise<T[] | 'denied'> {
  try {
    return await asActor(
      db.pool,
      actor,
      async (c) => (await c.query<T>(`select * from business.${fn}()`)).rows,
    )
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return 'denied'
    throw error
  }
}

describe('admin monitoring', () => {
  it('who may read it: organization admins and the service role only', async () => {
    const matrix: Record<string, Record<string, 'rows' | 'denied'>> = {}
    for (const who of ['admin', 'office', 'tech1', 'otherTech', 'anon', 'service']) {
      matrix[who] = {}
      for (const fn of FUNCTIONS) {
        const result = await call(actors[who] as Actor, fn)
        matrix[who][fn] = result === 'denied' ? 'denied' : 'rows'
      }
    }
    const all = (v: 'rows' | 'denied') => Object.fromEntries(FUNCTIONS.map((f) => [f, v]))
    expect(matrix).toEqual({
      admin: all('rows'),
      office: all('denied'),
      tech1: all('denied'),
      otherTech: all('denied'),
      anon: all('denied'),
      service: all('rows'),
    })
  })

  it('sizes per schema count each table once, and rows per table come from statistics', async () => {
    const sizes = await call<{ schema_name: string; tables: number; total_bytes: string }>(
      actors.admin as Actor,
      'admin_schema_sizes',
    )
    const { rows: expected } = await db.pool.query<{ schema_name: string; tables: number }>(
      `select n.nspname as schema_name, count(c.oid)::int as tables
       from pg_namespace n left join pg_class c on c.relnamespace = n.oid and c.relkind in ('r', 'm', 'p')
       where n.nspname in ('public', 'business', 'flrts', 'openproject', 'auth') group by 1`,
    )
    expect(sizes).not.toBe('denied')
    for (const e of expected)
      expect(
        (sizes as { schema_name: string; tables: number }[]).find(
          (s) => s.schema_name === e.schema_name,
        )?.tables,
      ).toBe(e.tables)

    // A table never written or analysed (as every table of a restored database starts):
    // "not counted", never a 0 that reads as empty. A table of the seeded template is not
    // such a table: autovacuum may analyse the template before it is cloned.
    await db.pool.query('create table business.never_counted (id int)')
    const rows = await call<{ schema_name: string; table_name: string; estimated_rows: string }>(
      actors.admin as Actor,
      'admin_table_rows',
    )
    await db.pool.query('drop table business.never_counted')
    const { rows: exact } = await db.pool.query<{ n: string }>(
      'select count(*) as n from business.energy_production',
    )
    const energy = (
      rows as { schema_name: string; table_name: string; estimated_rows: string }[]
    ).filter((r) => r.schema_name === 'business' && r.table_name === 'energy_production')
    expect(energy).toHaveLength(1)
    expect(Number(energy[0]?.estimated_rows)).toBe(Number(exact[0]?.n))
    const fresh = (rows as { table_name: string; estimated_rows: string | null }[]).find(
      (r) => r.table_name === 'never_counted',
    )
    expect(fresh).toBeDefined()
    expect(fresh?.estimated_rows).toBeNull()
  })

  it('connections are counted per role and database, the caller’s own included', async () => {
    const rows = await call<{ role_name: string; connections: number }>(
      actors.admin as Actor,
      'admin_connections',
    )
    expect(rows).not.toBe('denied')
    const postgres = (rows as { role_name: string; connections: number }[]).filter(
      (r) => r.role_name === 'postgres',
    )
    expect(postgres.reduce((n, r) => n + r.connections, 0)).toBeGreaterThanOrEqual(1)
  })
})
