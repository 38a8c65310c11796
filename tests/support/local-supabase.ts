import type { LocalSupabase, LocalSupabaseOptions } from '../../supabase/local/index'
import { startLocalSupabase } from '../../supabase/local/index'
import type { TestDatabase } from './db'
import { createTestDatabase } from './db'

export type TestSupabase = LocalSupabase & { db: TestDatabase }

/**
 * The local Supabase on a free port, over a private database cloned from the migrated,
 * seeded template. `stop()` stops the server and drops the database.
 */
export async function startTestSupabase(
  options: Omit<LocalSupabaseOptions, 'databaseUrl' | 'port'> = {},
): Promise<TestSupabase> {
  const db = await createTestDatabase()
  let server: LocalSupabase
  try {
    server = await startLocalSupabase({ ...options, databaseUrl: db.url, port: 0 })
  } catch (error) {
    await db.drop()
    throw error
  }
  return {
    ...server,
    db,
    async stop() {
      await server.stop()
      await db.drop()
    },
  }
}
