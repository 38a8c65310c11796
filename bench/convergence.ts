// The convergence property test (tests/integration/sync/convergence.test.ts) over many seeds:
// part of `npm run bench`, or alone with `npx tsx bench/convergence.ts [--seeds 1,2,3 | --count 20]`.
// `npm test` runs two seeds; a failing seed here is replayed with OUTPOST_SEEDS=<seed>.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export const DEFAULT_SEED_COUNT = 20

export interface SeedResult {
  seed: number
  passed: boolean
  ms: number
  /** The test's own summary of what the seed exercised (moves, merges, transients…). */
  summary: string | null
  failure: string | null
}

interface VitestJson {
  testResults: {
    assertionResults: {
      title: string
      status: string
      duration?: number
      failureMessages: string[]
    }[]
  }[]
}

/** Seeds 1…count: fixed, so two bench runs exercise the same scenarios. */
export function seedList(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1)
}

export function runConvergence(seeds: readonly number[]): SeedResult[] {
  const dir = path.resolve('.local/bench')
  mkdirSync(dir, { recursive: true })
  const report = path.join(dir, 'convergence.json')
  rmSync(report, { force: true })
  const run = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      'integration',
      'tests/integration/sync/convergence.test.ts',
      // The default reporter prints the test's own per-seed summary lines; json is read below.
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    {
      env: { ...process.env, OUTPOST_SEEDS: seeds.join(',') },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  const summaries = new Map<number, string>()
  for (const m of `${run.stdout}\n${run.stderr}`.matchAll(/convergence seed (\d+): (\{.*\})/g))
    summaries.set(Number(m[1]), m[2]!)
  let json: VitestJson
  try {
    json = JSON.parse(readFileSync(report, 'utf8')) as VitestJson
  } catch {
    throw new Error(`the convergence run produced no report:\n${run.stderr.slice(-4000)}`)
  }
  const tests = json.testResults.flatMap((f) => f.assertionResults)
  return seeds.map((seed) => {
    const t = tests.find((x) => x.title.endsWith(`(seed ${seed})`))
    return {
      seed,
      passed: t?.status === 'passed',
      ms: Math.round(t?.duration ?? 0),
      summary: summaries.get(seed) ?? null,
      failure: t ? (t.failureMessages[0]?.split('\n')[0] ?? null) : 'did not run',
    }
  })
}

export function describeResults(results: readonly SeedResult[]): string {
  const passed = results.filter((r) => r.passed).length
  const lines = [
    `convergence property test: ${passed}/${results.length} seeds passed (${Math.round(results.reduce((n, r) => n + r.ms, 0) / 1000)} s)`,
    '',
    '| seed | result | s | exercised |',
    '| --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.seed} | ${r.passed ? 'pass' : `FAIL: ${r.failure ?? ''}`} | ${(r.ms / 1000).toFixed(1)} | ${r.summary ?? ''} |`,
    ),
  ]
  return lines.join('\n')
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string' },
      count: { type: 'string', default: String(DEFAULT_SEED_COUNT) },
    },
  })
  const seeds = values.seeds ? values.seeds.split(',').map(Number) : seedList(Number(values.count))
  const results = runConvergence(seeds)
  console.log(describeResults(results))
  process.exit(results.every((r) => r.passed) ? 0 : 1)
}
