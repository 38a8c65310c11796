// A local stand-in for the Supabase services Outpost uses (PostgREST under /rest/v1, Auth
// under /auth/v1) over the embedded PostgreSQL, for development and tests. The app only
// ever sees a URL and an anon key, exactly as with hosted Supabase.
import net from 'node:net'
import path from 'node:path'
import pg from 'pg'
import { apiKey } from './auth/tokens'
import type { LargeSeedOptions, SeedKind } from './database'
import { SUPABASE_DIR, createDatabase, databaseExists, migrate, seed } from './database'
import type { PostgresCluster } from './postgres'
import { freePort, startPostgres } from './postgres'
import type { SchemaCache } from './schema-cache'
import { loadSchemaCache } from './schema-cache'
import { readStackConfig } from './config'
import { fileOutbox } from './auth/mail'
import { createApiServer } from './server'

export interface LocalSupabaseOptions {
  /** Superuser URL of an already-migrated database: no cluster is started (tests use this). */
  databaseUrl?: string
  /** Cluster data; default `.local/supabase` in the repository (git-ignored). */
  dataDir?: string
  /** Wipe dataDir first. */
  fresh?: boolean
  /** Seed applied when the database is created; default 'demo'. */
  seed?: SeedKind
  large?: LargeSeedOptions
  /** Default 54321; 0 = any free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Default the Supabase CLI's development secret. */
  jwtSecret?: string
  /** Default config.toml auth.enable_signup. */
  enableSignup?: boolean
  log?: (line: string) => void
  /** PostgreSQL port of a started cluster; default config.toml db.port, or any free one if taken. */
  dbPort?: number
  /** Access-token lifetime in seconds; default config.toml auth.jwt_expiry. */
  jwtExpiry?: number
  /** Seconds a rotated refresh token may still be reused; default config.toml. */
  refreshTokenReuseInterval?: number
  /** Rows per response at most; default config.toml api.max_rows. */
  maxRows?: number
  /**
   * A started cluster writes with fsync and synchronous commit, as a database that keeps data
   * must; only throw-away clusters (tests, benchmarks) turn that off. Default true.
   */
  durable?: boolean
  /** Where Auth's emails are written, one .eml file each; default .local/mail. */
  mailDir?: string
  /** Seconds between two emails to one user; default config.toml auth.email.max_frequency. */
  emailMaxFrequency?: number
}

export interface LocalSupabase {
  url: string
  anonKey: string
  serviceRoleKey: string
  dbUrl: string
  jwtSecret: string
  stop(): Promise<void>
}

/** The Supabase CLI's development secret, so its well-known anon and service keys work. */
export const DEFAULT_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'
export const DATABASE_NAME = 'outpost'

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** The same database as `authenticator`, the login role PostgREST connects as. */
function authenticatorUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl)
  url.username = 'authenticator'
  url.password = 'authenticator'
  return url.toString()
}

async function prepareDatabase(
  options: LocalSupabaseOptions,
  log: (line: string) => void,
): Promise<{ dbUrl: string; cluster?: PostgresCluster }> {
  if (options.databaseUrl) return { dbUrl: options.databaseUrl }
  const wanted = options.dbPort ?? readStackConfig().dbPort
  const port = wanted !== 0 && (await portIsFree(wanted)) ? wanted : await freePort()
  const cluster = await startPostgres({
    dataDir: options.dataDir ?? path.join(SUPABASE_DIR, '..', '.local', 'supabase'),
    fresh: options.fresh,
    port,
    durable: options.durable ?? true,
    onLog: (line) => log(`postgres: ${line.trimEnd()}`),
  })
  try {
    const created = !(await databaseExists(cluster.url(), DATABASE_NAME))
    if (created) await createDatabase(cluster.url(), DATABASE_NAME)
    const dbUrl = cluster.url(DATABASE_NAME)
    const applied = await migrate(dbUrl)
    if (applied.length > 0) log(`applied migrations: ${applied.map((m) => m.version).join(', ')}`)
    if (created) await seed(dbUrl, options.seed ?? 'demo', options.large)
    else log(`database ${DATABASE_NAME} exists: not seeded again (fresh: true re-creates it)`)
    return { dbUrl, cluster }
  } catch (error) {
    await cluster.stop()
    throw error
  }
}

const RELOAD_PAYLOADS = new Set(['', 'reload schema'])

/** Reloads the schema cache on `NOTIFY pgrst, 'reload schema'`, as PostgREST does. */
async function listenForReload(
  dbUrl: string,
  reload: () => Promise<void>,
  log: (line: string) => void,
): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: dbUrl })
  client.on('error', (error) => log(`schema listener: ${error.message}`))
  client.on('notification', (msg) => {
    if (msg.channel === 'pgrst' && RELOAD_PAYLOADS.has(msg.payload ?? ''))
      reload().catch((error: unknown) => log(`schema reload failed: ${String(error)}`))
  })
  await client.connect()
  await client.query('listen pgrst')
  return client
}

export async function startLocalSupabase(
  options: LocalSupabaseOptions = {},
): Promise<LocalSupabase> {
  const log = options.log ?? (() => undefined)
  const config = readStackConfig()
  const host = options.host ?? '127.0.0.1'
  const jwtSecret = options.jwtSecret ?? DEFAULT_JWT_SECRET
  if (jwtSecret.length < 32) throw new Error('jwtSecret must be at least 32 characters long')
  const { dbUrl, cluster } = await prepareDatabase(options, log)

  const adminPool = new pg.Pool({ connectionString: dbUrl, max: 5 })
  const restPool = new pg.Pool({ connectionString: authenticatorUrl(dbUrl), max: 10 })
  for (const pool of [adminPool, restPool])
    pool.on('error', (error) => log(`idle connection error: ${error.message}`))
  let listener: pg.Client | undefined
  let server: ReturnType<typeof createApiServer> | undefined
  let stopped = false
  const stopAll = async () => {
    stopped = true
    if (server) {
      const s = server
      await new Promise<void>((resolve) => {
        s.close(() => resolve())
        s.closeAllConnections()
      })
    }
    await listener?.end().catch(() => undefined)
    await Promise.allSettled([adminPool.end(), restPool.end()])
    await cluster?.stop()
  }

  try {
    let cache: SchemaCache | undefined
    const reload = async () => {
      const client = await adminPool.connect()
      try {
        cache = await loadSchemaCache(client, config.schemas)
      } finally {
        client.release()
      }
    }
    await reload()
    listener = await listenForReload(dbUrl, reload, (line) => {
      if (!stopped) log(line)
    })

    let url = ''
    const anonKey = await apiKey(jwtSecret, 'anon')
    const serviceRoleKey = await apiKey(jwtSecret, 'service_role')
    server = createApiServer({
      log,
      apiKeys: [anonKey, serviceRoleKey],
      rest: {
        pool: restPool,
        schemaCache: () => {
          if (!cache) throw new Error('schema cache not loaded')
          return cache
        },
        jwtSecret,
        schemas: config.schemas,
        extraSearchPath: config.extraSearchPath,
        anonRole: 'anon',
        maxRows: options.maxRows ?? config.maxRows,
      },
      auth: {
        pool: adminPool,
        jwtSecret,
        issuer: () => `${url}/auth/v1`,
        jwtExpiry: options.jwtExpiry ?? config.jwtExpiry,
        refreshTokenReuseInterval:
          options.refreshTokenReuseInterval ?? config.refreshTokenReuseInterval,
        enableSignup: options.enableSignup ?? config.enableSignup,
        enableAnonymousSignIns: config.enableAnonymousSignIns,
        siteUrl: config.siteUrl,
        redirectUrls: config.redirectUrls,
        emailMaxFrequency: options.emailMaxFrequency ?? config.emailMaxFrequency,
        otpLength: config.otpLength,
        otpExpiry: config.otpExpiry,
        mailer: fileOutbox(options.mailDir ?? path.join(SUPABASE_DIR, '..', '.local', 'mail'), log),
      },
    })
    const s = server
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject)
      s.listen(options.port ?? config.apiPort, host, () => resolve())
    })
    const address = s.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    log(`local Supabase at ${url}`)

    let stopping: Promise<void> | undefined
    return {
      url,
      anonKey,
      serviceRoleKey,
      dbUrl,
      jwtSecret,
      stop: () => (stopping ??= stopAll()),
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}
