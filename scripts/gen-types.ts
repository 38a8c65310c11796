// `npm run gen:types`: regenerates src/shared/database.types.ts from the migrations.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createDatabase, migrate } from '../supabase/local/database'
import { startPostgres } from '../supabase/local/postgres'
import { generateTypes } from '../supabase/local/typegen'

export const TYPES_FILE = path.resolve('src/shared/database.types.ts')

const cluster = await startPostgres({ dataDir: '.local/typegen-postgres', fresh: true })
try {
  await createDatabase(cluster.url(), 'typegen')
  await migrate(cluster.url('typegen'))
  await writeFile(TYPES_FILE, await generateTypes(cluster.url('typegen')))
  console.log(`wrote ${path.relative(process.cwd(), TYPES_FILE)}`)
} finally {
  await cluster.stop()
}
