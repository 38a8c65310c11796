// `npm run bench [-- --sites 20 --readings 1500 --runs 3]`: sync throughput, each figure the
// median of --runs runs, next to the raw ceiling measured in the same run on the same data.
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createDatabase, migrate, seed } from '../supabase/local/database'
import { startLocalSupabase } from '../supabase/local'
import { startPostgres } from '../supabase/local/postgres'
import { launchChromium, openHarness } from '../tests/support/browser'
import { DEFAULT_SEED_COUNT, describeResults, runConvergence, seedList } from './convergence'
import { FIRST_PAINT_CEILING_MS, describeFirstPaint, measureFirstPaint } from './first-paint'
import { runGridBench } from './readings-grid'
import { median, perSecond, timed } from './stats'

const { values: args } = parseArgs({
  options: {
    sites: { type: 'string', default: '20' },
    readings: { type: 'string', default: '1500' },
    runs: { type: 'string', default: '3' },
  },
})
const sites = Number(args.sites)
const readings = Number(args.readings)
const runs = Number(args.runs)
const BENCH_OFFICE = '00000000-0000-4000-8000-0000000000b1'
const TABLES = ['sites', 'equipment', 'maintenance_logs', 'energy_production']

interface Line {
  what: string
  median: string
  ceiling: string
  ratio: string
}
const lines: Line[] = []
const report = (what: string, ours: number, ceiling: number, unit: string) =>
  lines.push({
    what,
    median: `${ours.toLocaleString()} ${unit}`,
    ceiling: `${ceiling.toLocaleString()} ${unit}`,
    ratio: `${(ours / ceiling).toFixed(2)}×`,
  })

async function asOffice<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect()
  try {
    await c.query('begin')
    await c.query(
      `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify({ role: 'authenticated', sub: BENCH_OFFICE })],
    )
    const result = await fn(c)
    await c.query('commit')
    return result
  } catch (error) {
    await c.query('rollback')
    throw error
  } finally {
    c.release()
  }
}

async function pullAllSql(pool: pg.Pool): Promise<number> {
  let cursor: unknown = null
  let rows = 0
  for (;;) {
    const page = await asOffice(pool, async (c) => {
      const { rows: r } = await c.query<{
        p: { changes: Record<string, unknown[]>; cursor: unknown; has_more: boolean }
      }>('select business.sync_pull($1, 1000) as p', [
        cursor === null ? null : JSON.stringify(cursor),
      ])
      return r[0]!.p
    })
    rows += Object.values(page.changes).reduce((n, list) => n + list.length, 0)
    if (!page.has_more) return rows
    cursor = page.cursor
  }
}

/**
 * The ceiling: every row of the same tables (all organizations) read as JSON in the same
 * keyset pages, as the superuser: no RLS, scope, backfill or cursor bookkeeping.
 */
async function scanAllSql(pool: pg.Pool): Promise<number> {
  let rows = 0
  for (const table of TABLES) {
    let after = { x: '0', id: '00000000-0000-0000-0000-000000000000' }
    for (;;) {
      const { rows: page } = await pool.query<{ r: unknown; x: string; id: string }>(
        `select to_jsonb(t) - 'txid' as r, t.txid::text as x, t.id from business.${pg.escapeIdentifier(table)} t
         where (t.txid, t.id) > ($1::xid8, $2::uuid) order by t.txid, t.id limit 1000`,
        [after.x, after.id],
      )
      rows += page.length
      if (page.length < 1000) break
      after = { x: page.at(-1)!.x, id: page.at(-1)!.id }
    }
  }
  return rows
}

type MakeMutations = (run: number) => Promise<Record<string, unknown>[]>

const BENCH_ORG = '10000000-0000-4000-8000-0000000000be'

/**
 * 500 mutations of each kind over the bench organization's readings, each against hosted
 * Supabase's 8 s statement limit and issue 17's target (500 ms; 1 s for colliding inserts).
 */
function pushKinds(pool: pg.Pool): [string, MakeMutations][] {
  const readingsPage = async (offset: number) =>
    (
      await pool.query<Record<string, unknown>>(
        `select id, site_id, equipment_id, period_start, period_end, energy_kwh, notes,
                to_jsonb(updated_at) #>> '{}' as updated_at
         from business.energy_production
         where organization_id = $1 and deleted_at is null and source <> 'adjustment'
         order by id offset $2 limit 500`,
        [BENCH_ORG, offset],
      )
    ).rows
  const base = {
    changed_at: new Date(Date.now() - 3_600_000).toISOString(),
    device_id: randomUUID(),
  }
  return [
    [
      'updates',
      async (run) =>
        (await readingsPage(0)).map((r) => ({
          ...base,
          changed_at: new Date().toISOString(),
          id: randomUUID(),
          table: 'energy_production',
          op: 'update',
          row_id: r.id,
          base_updated_at: r.updated_at,
          data: { notes: `bench update ${run}` },
          base: { notes: r.notes },
        })),
    ],
    [
      'conflicting updates',
      async (run) =>
        (await readingsPage(1000 + run * 500)).map((r) => ({
          ...base,
          id: randomUUID(),
          table: 'energy_production',
          op: 'update',
          row_id: r.id,
          // A base the server has moved past: every field differs, each one a recorded conflict.
          base_updated_at: '2000-01-01T00:00:00Z',
          data: { notes: `device ${run}` },
          base: { notes: 'an older note' },
        })),
    ],
    [
      'inserts',
      async (run) =>
        (await readingsPage(0)).map((r, k) => {
          const start = new Date(Date.UTC(2040 + run, 0, 1) + k * 86_400_000)
          return {
            ...base,
            id: randomUUID(),
            table: 'energy_production',
            op: 'insert',
            row_id: randomUUID(),
            data: {
              organization_id: BENCH_ORG,
              site_id: r.site_id,
              equipment_id: null,
              period_start: start.toISOString(),
              period_end: new Date(start.getTime() + 86_400_000).toISOString(),
              energy_kwh: 1000 + k,
              source: 'manual',
            },
          }
        }),
    ],
    [
      'colliding inserts',
      async (run) =>
        (await readingsPage(4000 + run * 500)).map((r) => ({
          ...base,
          id: randomUUID(),
          table: 'energy_production',
          op: 'insert',
          row_id: randomUUID(),
          data: {
            organization_id: BENCH_ORG,
            site_id: r.site_id,
            equipment_id: r.equipment_id,
            period_start: r.period_start,
            period_end: r.period_end,
            energy_kwh: Number(r.energy_kwh) + 1,
            source: 'manual',
          },
        })),
    ],
  ]
}

/** Subtransactions a 500-update push leaves in its transaction, seen from another session. */
async function subtransactionsOfPush(pool: pg.Pool): Promise<Line> {
  const { rows } = await pool.query<{ id: string; updated_at: string }>(
    `select id, to_jsonb(updated_at) #>> '{}' as updated_at from business.energy_production
     where organization_id = $1 order by id desc limit 500`,
    [BENCH_ORG],
  )
  const pusher = await pool.connect()
  const observer = await pool.connect()
  try {
    await pusher.query('begin')
    await pusher.query(
      `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify({ role: 'authenticated', sub: BENCH_OFFICE })],
    )
    const pid = (await pusher.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
    await pusher.query('select business.sync_push($1::json)', [
      JSON.stringify(
        rows.map((r) => ({
          id: randomUUID(),
          table: 'energy_production',
          op: 'update',
          row_id: r.id,
          base_updated_at: r.updated_at,
          data: { notes: 'subtransactions' },
          base: {},
          changed_at: new Date().toISOString(),
          device_id: randomUUID(),
        })),
      ),
    ])
    const sub = await observer.query<{ n: number; overflowed: boolean }>(
      `select s.subxact_count as n, s.subxact_overflowed as overflowed
       from pg_stat_get_backend_idset() as b (id)
       cross join lateral pg_stat_get_backend_subxact(b.id) as s
       where pg_stat_get_backend_pid(b.id) = $1`,
      [pid],
    )
    await pusher.query('rollback')
    return {
      what: 'subtransactions held by one 500-update push',
      median: `${sub.rows[0]!.n}${sub.rows[0]!.overflowed ? ' (overflowed)' : ''}`,
      ceiling: '64 (PostgreSQL per-backend cache)',
      ratio: `${(sub.rows[0]!.n / 64).toFixed(2)}×`,
    }
  } finally {
    pusher.release()
    observer.release()
  }
}

/** energy_production's indexes now, and with the four dropped in 20261202000500/0900. */
async function readingIndexSizes(pool: pg.Pool): Promise<Line[]> {
  const size = async (c: pg.PoolClient) =>
    (
      await c.query<{ n: number; idx: string; tbl: string }>(
        `select count(*)::int as n, pg_size_pretty(sum(pg_relation_size(i.indexrelid))) as idx,
                pg_size_pretty(pg_relation_size('business.energy_production')) as tbl
         from pg_index i where i.indrelid = 'business.energy_production'::regclass`,
      )
    ).rows[0]!
  const c = await pool.connect()
  try {
    const now = await size(c)
    await c.query('begin')
    await c.query(`create index on business.energy_production (organization_id);
      create index on business.energy_production (site_id, period_start);
      create index on business.energy_production (created_by);
      create index on business.energy_production (updated_by)`)
    const before = await size(c)
    await c.query('rollback')
    return [
      {
        what: `energy_production indexes (table ${now.tbl})`,
        median: `${now.n} indexes, ${now.idx}`,
        ceiling: `before: ${before.n} indexes, ${before.idx}`,
        ratio: '',
      },
    ]
  } finally {
    c.release()
  }
}

async function main(): Promise<void> {
  const dataDir = path.join(tmpdir(), `outpost-bench-postgres-${process.pid}`)
  const cluster = await startPostgres({ dataDir, fresh: true, durable: false })
  try {
    await createDatabase(cluster.url(), 'bench')
    const url = cluster.url('bench')
    await migrate(url)
    const seeded = await timed(() => seed(url, 'large', { sites, readings }))
    const pool = new pg.Pool({ connectionString: url, max: 4 })
    // Idle connections end with the cluster at the finish; that is not an error here.
    pool.on('error', () => undefined)
    const { rows: counts } = await pool.query<{ n: number }>(
      `select (select count(*) from business.energy_production where organization_id = '10000000-0000-4000-8000-0000000000be')::int as n`,
    )
    console.log(
      `bench data: ${sites} sites × ${readings} readings (${counts[0]!.n.toLocaleString()} readings), seeded in ${Math.round(seeded.ms)} ms; ${runs} runs each`,
    )

    // 1. Server: a full pull as the office user against the raw keyset scan.
    const pulls: number[] = []
    const scans: number[] = []
    let pulled = 0
    let scanned = 0
    for (let i = 0; i < runs; i++) {
      const p = await timed(() => pullAllSql(pool))
      pulled = p.value
      pulls.push(p.ms)
      const scan = await timed(() => scanAllSql(pool))
      scanned = scan.value
      scans.push(scan.ms)
    }
    report(
      `sync_pull, full sync of ${pulled.toLocaleString()} rows (SQL)`,
      perSecond(pulled, median(pulls)),
      perSecond(scanned, median(scans)),
      'rows/s',
    )

    // 2. Server: 500-mutation pushes against the same 500 updates as plain statements.
    const { rows: targets } = await pool.query<{ id: string; updated_at: string }>(
      `select id, to_jsonb(updated_at) #>> '{}' as updated_at from business.energy_production
       where organization_id = '10000000-0000-4000-8000-0000000000be' order by id limit 500`,
    )
    const pushes: number[] = []
    const plain: number[] = []
    for (let i = 0; i < runs; i++) {
      const current = await pool.query<{ id: string; updated_at: string }>(
        `select id, to_jsonb(updated_at) #>> '{}' as updated_at from business.energy_production where id = any($1) order by id`,
        [targets.map((t) => t.id)],
      )
      const mutations = current.rows.map((t) => ({
        id: randomUUID(),
        table: 'energy_production',
        op: 'update',
        row_id: t.id,
        base_updated_at: t.updated_at,
        data: { notes: `bench ${i}` },
        base: {},
        changed_at: new Date().toISOString(),
        device_id: randomUUID(),
      }))
      pushes.push(
        (
          await timed(() =>
            asOffice(pool, (c) =>
              c.query('select business.sync_push($1::json)', [JSON.stringify(mutations)]),
            ),
          )
        ).ms,
      )
      plain.push(
        (
          await timed(() =>
            asOffice(pool, async (c) => {
              for (const t of targets)
                await c.query('update business.energy_production set notes = $1 where id = $2', [
                  `plain ${i}`,
                  t.id,
                ])
            }),
          )
        ).ms,
      )
    }
    report(
      'sync_push, 500 updates per call (SQL)',
      perSecond(500, median(pushes)),
      perSecond(500, median(plain)),
      'mutations/s',
    )

    // 2b. Pushes of every kind against hosted Supabase's 8 s statement limit for `authenticated`:
    // a call that takes longer is cancelled whole (57014) there.
    for (const [kind, make] of pushKinds(pool)) {
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const mutations = await make(i)
        const t = await timed(() =>
          asOffice(pool, async (c) => {
            const { rows } = await c.query<{ r: { results: { status: string }[] } }>(
              'select business.sync_push($1::json) as r',
              [JSON.stringify(mutations)],
            )
            return rows[0]!.r.results
          }),
        )
        const statuses = new Set(t.value.map((r) => r.status))
        if (t.value.length !== 500 || statuses.has('rejected'))
          throw new Error(`${kind}: unexpected results ${[...statuses].join(', ')}`)
        times.push(t.ms)
      }
      const target = kind === 'colliding inserts' ? 1000 : 500
      lines.push({
        what: `sync_push, 500 ${kind} per call (SQL)`,
        median: `${Math.round(median(times)).toLocaleString()} ms (${perSecond(500, median(times)).toLocaleString()} mutations/s)`,
        ceiling: `8,000 ms (hosted statement limit); target ${target.toLocaleString()} ms`,
        ratio: `${(median(times) / 8000).toFixed(2)}× of the limit, ${(median(times) / target).toFixed(2)}× of the target`,
      })
    }
    lines.push(await subtransactionsOfPush(pool))
    lines.push(...(await readingIndexSizes(pool)))

    // 3. Client: a first sync in Chromium (supabase-js → local Supabase → IndexedDB) against
    // fetching the same pages without storing them plus a bare bulk write of the same rows.
    const backend = await startLocalSupabase({ databaseUrl: url, port: 0 })
    const browser = await launchChromium()
    try {
      const h = await openHarness(browser)
      const syncs: number[] = []
      const fetches: number[] = []
      const puts: number[] = []
      let synced = 0
      for (let i = 0; i < runs; i++) {
        const name = `bench-${i}`
        await h.call('createDevice', name, backend.url, backend.anonKey)
        await h.call('signIn', name, 'bench-office@outpost.test', 'outpost-demo')
        const fetched = await h.call('benchFetch', name)
        fetches.push(fetched.ms)
        puts.push((await h.call('benchRawPut')).ms)
        const s = await h.call('benchSync', name)
        if (s.error) throw new Error(`sync failed: ${s.error}`)
        synced = s.rows
        syncs.push(s.ms)
        await h.call('destroy', name)
      }
      const ceiling = median(fetches.map((f, i) => f + puts[i]!))
      report(
        `first sync in Chromium, ${synced.toLocaleString()} rows`,
        perSecond(synced, median(syncs)),
        perSecond(synced, ceiling),
        'rows/s',
      )
      report(
        '  of which network + server (fetch only)',
        perSecond(synced, median(fetches)),
        perSecond(synced, median(fetches)),
        'rows/s',
      )
      report(
        '  IndexedDB bulkPut of the same rows into the app tables',
        perSecond(synced, median(puts)),
        perSecond(synced, median(puts)),
        'rows/s',
      )
      // 4. The readings table's query at 100k readings on one device.
      await h.call('createDevice', 'table', backend.url, backend.anonKey)
      const table = [] as { allMs: number; siteMs: number; exportMs: number; rawMs: number }[]
      for (let i = 0; i < runs; i++) table.push(await h.call('benchTable', 'table', 100_000))
      const ms = (pick: (t: (typeof table)[number]) => number) =>
        Math.round(median(table.map(pick)))
      lines.push({
        what: 'readings table live query at 100,000 readings (newest 5,000, all sites)',
        median: `${ms((t) => t.allMs)} ms`,
        ceiling: `${ms((t) => t.rawMs)} ms (unsorted read of the table)`,
        ratio: `${(median(table.map((t) => t.rawMs)) / median(table.map((t) => t.allMs))).toFixed(2)}×`,
      })
      lines.push({
        what: '  one site (5,000 readings), newest first',
        median: `${ms((t) => t.siteMs)} ms`,
        ceiling: '',
        ratio: '',
      })
      lines.push({
        what: '  all 100,000 for Export CSV',
        median: `${ms((t) => t.exportMs)} ms`,
        ceiling: '',
        ratio: '',
      })
      await h.call('destroy', 'table')
      await h.close()
    } finally {
      await browser.close()
      await backend.stop()
    }
    await pool.end()
  } finally {
    await cluster.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  console.log('\n| measure | median | raw ceiling | ratio |\n| --- | --- | --- | --- |')
  for (const l of lines) console.log(`| ${l.what} | ${l.median} | ${l.ceiling} | ${l.ratio} |`)

  // The screens: the readings grid against AG Grid, and the sites list's first paint offline.
  console.log(`\n${await runGridBench({ runs, log: () => undefined })}`)
  const paint = await measureFirstPaint({ sites, readings, runs: Math.max(runs, 5) })
  console.log(`\n${describeFirstPaint(paint)}`)
  if (paint.sitesList > FIRST_PAINT_CEILING_MS) process.exitCode = 1

  // Correctness under load: the convergence property test over 20 seeds (bench/convergence.ts).
  const convergence = runConvergence(seedList(DEFAULT_SEED_COUNT))
  console.log(`\n${describeResults(convergence)}`)
  if (!convergence.every((r) => r.passed)) process.exitCode = 1
}

await main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
