import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SupabaseClient } from '@supabase/supabase-js'
import pg from 'pg'
import { inject } from 'vitest'
import { createDatabase, dropDatabase, migrate } from '../../../../supabase/local/database'
import type { LocalSupabase } from '../../../../supabase/local/index'
import { startLocalSupabase } from '../../../../supabase/local/index'
import { client } from '../helpers'

const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixture')

export interface Conformance {
  server: LocalSupabase
  /** Signed out: the anon key, as upstream's suite runs. */
  sb: SupabaseClient
  /** Superuser connections to the fixture database, to reset rows a case wrote. */
  pool: pg.Pool
  stop(): Promise<void>
}

/**
 * The stand-in over a throw-away database holding only the platform and upstream's fixture
 * (applied like migrations from ./fixture, never from supabase/migrations).
 */
export async function startConformance(): Promise<Conformance> {
  const adminUrl = inject('pgAdminUrl')
  const name = `conformance_${randomBytes(6).toString('hex')}`
  await createDatabase(adminUrl, name)
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`)
  let server: LocalSupabase
  try {
    await migrate(url, FIXTURE_DIR)
    server = await startLocalSupabase({ databaseUrl: url, port: 0 })
  } catch (error) {
    await dropDatabase(adminUrl, name)
    throw error
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => undefined)
  return {
    server,
    sb: client(server),
    pool,
    async stop() {
      await pool.end()
      await server.stop()
      await dropDatabase(adminUrl, name)
    },
  }
}
