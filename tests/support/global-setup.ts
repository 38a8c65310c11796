import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { createDatabase, dropDatabase, migrate, seed } from '../../supabase/local/database'
import { startPostgres } from '../../supabase/local/postgres'

export const TEMPLATE_DB = 'outpost_template'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    templateDb: string
  }
}

/** One cluster per test run; a template database holding the migrations and the demo seed. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One directory per run, so two runs on one machine never wipe each other's cluster; under the
  // system temp directory, which the `postgres` OS user can reach when tests run as root.
  const dataDir = path.join(tmpdir(), `outpost-test-postgres-${process.pid}`)
  const cluster = await startPostgres({ dataDir, fresh: true, durable: false })
  const adminUrl = cluster.url()
  await dropDatabase(adminUrl, TEMPLATE_DB)
  await createDatabase(adminUrl, TEMPLATE_DB)
  await migrate(cluster.url(TEMPLATE_DB))
  await seed(cluster.url(TEMPLATE_DB), 'demo')
  project.provide('pgAdminUrl', adminUrl)
  project.provide('templateDb', TEMPLATE_DB)
  return async () => {
    await cluster.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
