// One transaction per request, on an `authenticator` connection, set up the way PostgREST
// does before its main query: search path, role, claims and request details, all
// transaction-local, in one statement. From then on RLS decides.
import type pg from 'pg'
import type { JwtClaims } from '../jwt'

export interface RequestSettings {
  searchPath: readonly string[]
  role: string
  claims: JwtClaims
  method: string
  path: string
  /** Lower-cased header names. */
  headers: Record<string, string>
  /** The role's settings, name and value (SchemaCache.roleSettings). */
  roleSettings: ReadonlyArray<readonly [string, string]>
}

// The impersonated role's own settings (anon's 3 s statement_timeout, authenticated's 8 s) are
// applied as PostgREST applies them: transaction-locally, from the schema cache's copy.
const SETTINGS_SQL =
  "select set_config('search_path', $1, true), set_config('role', $2, true), " +
  "set_config('request.jwt.claims', $3, true), set_config('request.method', $4, true), " +
  "set_config('request.path', $5, true), set_config('request.headers', $6, true), " +
  "set_config('request.cookies', $7, true), " +
  '(select count(set_config(s.k, s.v, true)) from unnest($8::text[], $9::text[]) as s (k, v))'

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`

export async function inRequestTransaction<T>(
  pool: pg.Pool,
  settings: RequestSettings,
  readOnly: boolean,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query(
      readOnly
        ? 'begin isolation level read committed read only'
        : 'begin isolation level read committed',
    )
  } catch (error) {
    client.release(asError(error))
    throw error
  }
  let broken: Error | undefined
  try {
    await client.query(SETTINGS_SQL, [
      settings.searchPath.map(quoteIdent).join(', '),
      settings.role,
      JSON.stringify(settings.claims),
      settings.method,
      settings.path,
      JSON.stringify(settings.headers),
      JSON.stringify(cookies(settings.headers.cookie)),
      settings.roleSettings.map(([k]) => k),
      settings.roleSettings.map(([, v]) => v),
    ])
    const result = await fn(client)
    await client.query('commit')
    return result
  } catch (error) {
    // A connection that cannot even roll back is in an unknown state: the pool drops it.
    await client.query('rollback').catch((e: unknown) => {
      broken = asError(e)
    })
    throw error
  } finally {
    client.release(broken)
  }
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)))

function cookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of header?.split(';') ?? []) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim()
  }
  return out
}
