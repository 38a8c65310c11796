import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const SERVER = path.join(
  path.dirname(require.resolve('@supabase/postgres-meta/package.json')),
  'dist/server/server.js',
)

/** Schemas supabase-js reaches: tenancy in `public`, operations in `business`. */
export const TYPED_SCHEMAS = ['public', 'business']

/**
 * The `Database` type for supabase-js, made by Supabase's own generator (postgres-meta, the
 * program `supabase gen types typescript` runs) from a migrated database.
 */
export async function generateTypes(databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER], {
      env: {
        ...process.env,
        PG_META_DB_URL: databaseUrl,
        PG_META_GENERATE_TYPES: 'typescript',
        PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: TYPED_SCHEMAS.join(','),
        PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0 && out.includes('export type Database')) resolve(out)
      else reject(new Error(`postgres-meta type generation failed (exit ${code}): ${err || out}`))
    })
  })
}
