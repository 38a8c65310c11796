// Once per end-to-end run: the web build of the app, and a PostgreSQL cluster with a migrated,
// seeded template database that each test clones.
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createDatabase, dropDatabase, migrate, seed } from '../../supabase/local/database'
import { startPostgres } from '../../supabase/local/postgres'
import { buildWeb } from '../../scripts/serve-web'

export const E2E_TEMPLATE = 'outpost_e2e_template'

export default async function globalSetup(): Promise<() => Promise<void>> {
  buildWeb()
  const dataDir = path.join(tmpdir(), `outpost-e2e-postgres-${process.pid}`)
  const cluster = await startPostgres({ dataDir, fresh: true, durable: false })
  await dropDatabase(cluster.url(), E2E_TEMPLATE)
  await createDatabase(cluster.url(), E2E_TEMPLATE)
  await migrate(cluster.url(E2E_TEMPLATE))
  await seed(cluster.url(E2E_TEMPLATE), 'demo')
  process.env.OUTPOST_E2E_PG = cluster.url()
  return async () => {
    await cluster.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
