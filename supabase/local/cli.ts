// `npm run backend`: the local Supabase on http://127.0.0.1:54321 with the demo data.
// Prints one JSON line {url, anonKey, serviceRoleKey, dbUrl}, then the demo logins.
import { parseArgs } from 'node:util'
import type { SeedKind } from './database'
import { startLocalSupabase } from './index'

const USAGE = `usage: npm run backend -- [--fresh] [--seed demo|large|none] [--sites N --readings N] [--port N] [--verbose]
  --fresh        wipe the local cluster (.local/supabase) first
  --seed         data for a newly created database (default demo; large adds "Bench Energy")
  --sites N      large seed: number of sites (default 50)
  --readings N   large seed: daily readings per site (default 2000)
  --port N       HTTP port (default 54321; 0 = any free port)
  --verbose      also print PostgreSQL's log`

const DEMO_LOGINS = [
  ['admin@outpost.test', '10NetZero admin'],
  ['office@outpost.test', '10NetZero office'],
  ['tech1@outpost.test', '10NetZero technician (sites 1, 2)'],
  ['tech2@outpost.test', '10NetZero technician (sites 4, 5)'],
  ['tech@other.test', 'Other Energy technician'],
]
const BENCH_LOGINS = [
  ['bench-office@outpost.test', 'Bench Energy office'],
  ['bench-tech@outpost.test', 'Bench Energy technician (half the sites)'],
]

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number`)
  return Number(value)
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse()
  } catch (error) {
    fail((error as Error).message)
  }
  const { values } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const seedKind = values.seed ?? 'demo'
  if (!['demo', 'large', 'none'].includes(seedKind)) fail('--seed must be demo, large or none')
  const sites = count(values.sites, 'sites')
  const readings = count(values.readings, 'readings')
  if ((sites !== undefined || readings !== undefined) && seedKind !== 'large')
    fail('--sites and --readings apply to --seed large')
  const verbose = values.verbose === true
  const log = (line: string) => {
    if (verbose || !line.startsWith('postgres: ')) process.stderr.write(`${line}\n`)
  }
  const supabase = await startLocalSupabase({
    fresh: values.fresh,
    seed: seedKind as SeedKind,
    large:
      sites !== undefined || readings !== undefined
        ? { sites: sites ?? 50, readings: readings ?? 2000 }
        : undefined,
    port: count(values.port, 'port'),
    log,
  })
  const { url, anonKey, serviceRoleKey, dbUrl } = supabase
  process.stdout.write(`${JSON.stringify({ url, anonKey, serviceRoleKey, dbUrl })}\n`)
  const logins =
    seedKind === 'large'
      ? [...DEMO_LOGINS, ...BENCH_LOGINS]
      : seedKind === 'demo'
        ? DEMO_LOGINS
        : []
  if (logins.length > 0) {
    process.stdout.write('Logins (password outpost-demo):\n')
    for (const [email, who] of logins) process.stdout.write(`  ${email?.padEnd(28)} ${who}\n`)
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without a clean shutdown\n`)
      process.exit(1)
    }
    stopping = true
    process.stderr.write(`${signal}: stopping\n`)
    supabase.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

function parse() {
  return parseArgs({
    options: {
      fresh: { type: 'boolean' },
      seed: { type: 'string' },
      sites: { type: 'string' },
      readings: { type: 'string' },
      port: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})
