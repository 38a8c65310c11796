// `npm test`: every suite, then one closing line `N passed, N failed, N skipped` that CI reads.
// Unit and integration tests run under Vitest; end-to-end tests under Playwright (Chromium).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

interface Tally {
  passed: number
  failed: number
  skipped: number
}

const reports = path.resolve('.local/test-reports')
mkdirSync(reports, { recursive: true })

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status ?? 1
}

function vitestTally(file: string): Tally {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 }
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numTotalTests: number
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
    success: boolean
  }
  // A run that errored before or around its tests must not read as green.
  const broken = !report.success || report.numTotalTests === 0
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + (broken && report.numFailedTests === 0 ? 1 : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  }
}

function playwrightTally(file: string): Tally {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 }
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number }
  }
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
  }
}

function hasE2eTests(dir: string): boolean {
  if (!existsSync(dir)) return false
  return readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.spec.ts'))
}

const vitestJson = path.join(reports, 'vitest.json')
const vitestCode = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestJson}`,
])
const tallies: Tally[] = [vitestTally(vitestJson)]
let failedRun = vitestCode !== 0 || tallies[0]!.failed > 0

if (hasE2eTests('tests/e2e')) {
  const playwrightJson = path.join(reports, 'playwright.json')
  const code = run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson })
  tallies.push(playwrightTally(playwrightJson))
  failedRun ||= code !== 0
}

const total = tallies.reduce(
  (sum, t) => ({
    passed: sum.passed + t.passed,
    failed: sum.failed + t.failed,
    skipped: sum.skipped + t.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
)
if (failedRun && total.failed === 0) total.failed = 1
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
process.exit(failedRun ? 1 : 0)
