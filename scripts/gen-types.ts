// `npm run gen:types`: regenerates src/shared/database.types.ts from the migrations.
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createDatabase, migrate } from '../supabase/local/database'
import { startPostgres } from '../supabase/local/postgres'
import { generateTypes } from '../supabase/local/typegen'

export const TYPES_FILE = path.resolve('src/shared/database.types.ts')

const dataDir = path.join(tmpdir(), `outpost-typegen-postgres-${process.pid}`)
const cluster = await startPostgres({ dataDir, fresh: true, durable: false })
try {
  await createDatabase(cluster.url(), 'typegen')
  await migrate(cluster.url('typegen'))
  await writeFile(TYPES_FILE, await generateTypes(cluster.url('typegen')))
  console.log(`wrote ${path.relative(process.cwd(), TYPES_FILE)}`)
} finally {
  await cluster.stop()
  await rm(dataDir, { recursive: true, force: true })
}
