import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { createDatabase, dropDatabase, migrate, seed } from '../../supabase/local/database'
import { startPostgres } from '../../supabase/local/postgres'

export interface TestDatabase {
  name: string
  url: string
  /** A pool of superuser connections; tests switch role per transaction with `asUser`. */
  pool: pg.Pool
  drop(): Promise<void>
}

/** A private database cloned from the migrated, seeded template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl')
  const name = `t_${randomBytes(6).toString('hex')}`
  await createDatabase(adminUrl, name, inject('templateDb'))
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`)
  const pool = new pg.Pool({ connectionString: url, max: 6 })
  // `drop database … with (force)` ends connections a test left idle in the pool; that is the
  // end of the database, not an error of the test.
  pool.on('error', () => undefined)
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end()
      await dropDatabase(adminUrl, name)
    },
  }
}

/**
 * A migrated, seeded database in a cluster of its own. For tests that hold transactions open
 * (row locks, concurrent pushes): a pull hands out only rows older than the oldest running
 * transaction of the whole cluster, so in the shared cluster they would hold back the pulls of
 * every other test file running meanwhile.
 */
export async function createPrivateDatabase(): Promise<TestDatabase> {
  const dataDir = path.join(
    tmpdir(),
    `outpost-private-${process.pid}-${randomBytes(4).toString('hex')}`,
  )
  const cluster = await startPostgres({ dataDir, fresh: true, durable: false })
  const name = 'private'
  await createDatabase(cluster.url(), name)
  await migrate(cluster.url(name))
  await seed(cluster.url(name), 'demo')
  const pool = new pg.Pool({ connectionString: cluster.url(name), max: 6 })
  pool.on('error', () => undefined)
  return {
    name,
    url: cluster.url(name),
    pool,
    async drop() {
      await pool.end()
      await cluster.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export type ApiRole = 'anon' | 'authenticated' | 'service_role'

export interface Actor {
  role: ApiRole
  sub?: string
  email?: string
}

/**
 * Runs `fn` in one transaction as Supabase's API would for this actor: role switched with
 * SET LOCAL ROLE, the JWT claims in `request.jwt.claims`. Rolls back unless `commit` is set.
 */
export async function asActor<T>(
  pool: pg.Pool,
  actor: Actor,
  fn: (client: pg.PoolClient) => Promise<T>,
  { commit = false }: { commit?: boolean } = {},
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    await setActor(client, actor)
    const result = await fn(client)
    await client.query(commit ? 'commit' : 'rollback')
    return result
  } catch (error) {
    await client.query('rollback')
    throw error
  } finally {
    client.release()
  }
}

/** Sets role and claims for the rest of the current transaction. */
export async function setActor(client: pg.ClientBase, actor: Actor): Promise<void> {
  const claims = { role: actor.role, sub: actor.sub, email: actor.email, aud: 'authenticated' }
  await client.query(
    `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`,
    [actor.role, JSON.stringify(claims)],
  )
}

export async function userId(pool: pg.Pool, email: string): Promise<string> {
  const { rows } = await pool.query<{ id: string }>('select id from auth.users where email = $1', [
    email,
  ])
  if (!rows[0]) throw new Error(`no user ${email}`)
  return rows[0].id
}

export async function actorFor(pool: pg.Pool, email: string): Promise<Actor> {
  return { role: 'authenticated', sub: await userId(pool, email), email }
}
