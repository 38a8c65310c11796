// `npx tsx bench/readings-grid.ts [--runs 3] [--throttle 4]`: the readings grid's frame times
// in headless Chromium, 3 months × 20 meters (92 days × 21 meters with the site meter), next
// to the peer, AG Grid Community, measured in the same run on the same cells with the same
// scripted scroll and edit. Each figure is the median of --runs runs; every run mounts each
// grid in a fresh page (alternating which goes first). --throttle N adds the same
// measurement with the CPU slowed N× (a field laptop). Exit code 1 when our grid's longest
// task in scroll or edit is over the 50 ms ceiling (unthrottled run). --direct-commit: our
// page commits an edit straight to its reading (the grid component's own share of an edit)
// instead of the app's draft lifecycle; --no-minify: readable names for a profile.
import { build } from 'esbuild'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../tests/support/browser'
import type { PhaseStats } from './readings-grid/probe'
import { median } from './stats'

export const CEILING_MS = 50
const GRIDS = ['ours', 'peer'] as const
type Grid = (typeof GRIDS)[number]
const WHEEL = 120
const SCROLL_STEPS_DOWN = 40
const SCROLL_STEPS_ACROSS = 12
const EDITS = 40
/** The first edited cell: the site meter on the third day (the first day is a closed month). */
const EDIT_ROW = 2
const formatKwh = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 })

interface Sample {
  mountMs: number
  nodes: number
  nodesAfter: number
  scroll: PhaseStats
  edit: PhaseStats
}

async function bundle(grid: Grid, minify: boolean): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [path.resolve(`bench/readings-grid/${grid}.tsx`)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify,
    write: false,
    outdir: path.resolve('node_modules/.cache/bench-readings-grid'),
    logLevel: 'error',
  })
  const of = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? ''
  return { js: of('.js'), css: of('.css') }
}

async function serve(pages: Record<Grid, { js: string; css: string }>) {
  const server = http.createServer((req, res) => {
    const file = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const name = file.slice(1).replace(/\.js$/, '')
    const page = name === 'ours' || name === 'peer' ? pages[name] : undefined
    if (!page) res.writeHead(404).end()
    else if (file.endsWith('.js'))
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(page.js)
    else
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>` +
            `<style>${page.css}</style></head><body><div id="root"></div>` +
            `<script type="module" src="/${name}.js"></script></body></html>`,
        )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (grid: Grid, query = '') => `http://127.0.0.1:${port}/${grid}${query}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

async function sample(browser: Browser, url: string, throttle: number): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
  try {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    if (throttle > 1) {
      const cdp = await context.newCDPSession(page)
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    }
    await page.goto(url)
    await page.waitForFunction(() => window.__bench?.mountMs != null, undefined, {
      timeout: 60_000,
    })
    if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`)
    const mountMs = await page.evaluate(() => window.__bench.mountMs!)
    const nodes = await page.evaluate(() => window.__bench.nodes())
    // From the top-left corner (ours opens on today's row, as the page does), once settled.
    await page.evaluate(() => window.__bench.toTop())
    await page.waitForTimeout(300)
    await page.evaluate(() => window.__bench.observe())
    const frame = () => page.evaluate(() => window.__bench.frames(1))

    const grid = page.locator(await page.evaluate(() => window.__bench.gridSelector)).first()
    const box = (await grid.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.evaluate(() => window.__bench.begin())
    const wheel = async (dx: number, dy: number, steps: number) => {
      for (let i = 0; i < steps; i++) {
        await page.mouse.wheel(dx, dy)
        await frame()
      }
    }
    await wheel(0, WHEEL, SCROLL_STEPS_DOWN)
    await wheel(WHEEL, 0, SCROLL_STEPS_ACROSS)
    await wheel(-WHEEL, 0, SCROLL_STEPS_ACROSS)
    await wheel(0, -WHEEL, SCROLL_STEPS_DOWN)
    const scroll = await page.evaluate(() => window.__bench.end())

    // Edits: the site meter on a visible day, then as a person enters a round: a figure,
    // Enter (saves and goes down a day), and every 10 figures Tab to the next meter.
    const first = await page.evaluate(([r, c]) => window.__bench.cellSelector(r, c), [
      EDIT_ROW,
      0,
    ] as const)
    await page.click(first)
    await page.evaluate(() => window.__bench.frames(2))
    await page.waitForTimeout(200)
    await page.evaluate(() => window.__bench.begin())
    for (let i = 0; i < EDITS; i++) {
      if (i > 0 && i % 10 === 0) await page.keyboard.press('Tab')
      const value = 1000 + i * 37 + 0.5
      await page.keyboard.type(String(value))
      await page.keyboard.press('Enter')
      await page.waitForFunction(
        ([r, c, text]) => window.__bench.cellText(Number(r), Number(c)) === text,
        [EDIT_ROW + i, Math.floor(i / 10), formatKwh.format(value)] as const,
        { polling: 'raf', timeout: 20_000 },
      )
    }
    const edit = await page.evaluate(() => window.__bench.end())
    const nodesAfter = await page.evaluate(() => window.__bench.nodes())
    if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`)
    return { mountMs, nodes, nodesAfter, scroll, edit }
  } finally {
    await context.close()
  }
}

const longest = (list: readonly number[]) => (list.length > 0 ? Math.max(...list) : 0)

interface Measure {
  what: string
  of: (s: Sample) => number
  /** How a median is shown; `long` shows 0 as "none" (no entry ≥ 50 ms). */
  kind: 'ms' | 'long' | 'count'
}

const phase = (name: 'scroll' | 'edit', label: string): Measure[] => [
  {
    what: `${label}: longest task (longtask)`,
    of: (s) => longest(s[name].longtasks),
    kind: 'long',
  },
  { what: `${label}: long tasks > 50 ms`, of: (s) => s[name].longtasks.length, kind: 'count' },
  {
    what: `${label}: longest animation frame (LoAF)`,
    of: (s) => longest(s[name].loafs.map((l) => l.duration)),
    kind: 'long',
  },
  {
    what: `${label}: longest LoAF blocking duration`,
    of: (s) => longest(s[name].loafs.map((l) => l.blocking)),
    kind: 'long',
  },
  { what: `${label}: longest frame gap (rAF)`, of: (s) => s[name].frameMax, kind: 'ms' },
  { what: `${label}: p95 frame gap (rAF)`, of: (s) => s[name].frameP95, kind: 'ms' },
]

const MEASURES: Measure[] = [
  { what: 'mount: render() to first frame with cells', of: (s) => s.mountMs, kind: 'ms' },
  { what: 'grid DOM elements after mount', of: (s) => s.nodes, kind: 'count' },
  { what: 'grid DOM elements after the edits', of: (s) => s.nodesAfter, kind: 'count' },
  ...phase('scroll', `scroll (${SCROLL_STEPS_DOWN * 2 + SCROLL_STEPS_ACROSS * 2} wheel steps)`),
  ...phase('edit', `edit (${EDITS} typed values)`),
  {
    what: `edit: wall time per value (type, Enter, shown)`,
    of: (s) => s.edit.wallMs / EDITS,
    kind: 'ms',
  },
]

function show(n: number, kind: Measure['kind']): string {
  if (kind === 'count') return Math.round(n).toLocaleString('en-US')
  if (kind === 'long' && n === 0) return 'none'
  return `${n.toFixed(n >= 100 ? 0 : 1)} ms`
}

function ratio(ours: number, peer: number, kind: Measure['kind']): string {
  if (ours === 0 && peer === 0) return '—'
  if (peer === 0) return kind === 'long' ? 'peer none' : '—'
  if (ours === 0 && kind === 'long') return 'ours none'
  return `${(ours / peer).toFixed(2)}×`
}

interface Condition {
  markdown: string
  /** Our median longest task, scroll and edit. */
  oursScroll: number
  oursEdit: number
}

async function measure(
  browser: Browser,
  url: (grid: Grid) => string,
  runs: number,
  throttle: number,
  log: (line: string) => void,
): Promise<Condition> {
  const samples: Record<Grid, Sample[]> = { ours: [], peer: [] }
  for (let run = 0; run < runs; run++) {
    const order: readonly Grid[] = run % 2 === 0 ? GRIDS : [...GRIDS].reverse()
    for (const grid of order) {
      const s = await sample(browser, url(grid), throttle)
      samples[grid].push(s)
      log(
        `  run ${run + 1} ${grid}${throttle > 1 ? ` (CPU ${throttle}×)` : ''}: mount ${s.mountMs.toFixed(0)} ms, ` +
          `scroll longest ${longest(s.scroll.longtasks).toFixed(0)} ms (${s.scroll.longtasks.length} long), ` +
          `edit longest ${longest(s.edit.longtasks).toFixed(0)} ms (${s.edit.longtasks.length} long)`,
      )
    }
  }
  const med = (grid: Grid, m: Measure) => median(samples[grid].map(m.of))
  const lines = [
    '| measure | ours (TanStack + virtual) | peer (AG Grid Community) | ratio ours/peer |',
    '| --- | --- | --- | --- |',
    ...MEASURES.map((m) => {
      const ours = med('ours', m)
      const peer = med('peer', m)
      return `| ${m.what} | ${show(ours, m.kind)} | ${show(peer, m.kind)} | ${ratio(ours, peer, m.kind)} |`
    }),
  ]
  const worst = (name: 'scroll' | 'edit') =>
    Math.max(...samples.ours.map((s) => longest(s[name].longtasks)))
  const oursScroll = median(samples.ours.map((s) => longest(s.scroll.longtasks)))
  const oursEdit = median(samples.ours.map((s) => longest(s.edit.longtasks)))
  const pass = oursScroll <= CEILING_MS && oursEdit <= CEILING_MS
  lines.push(
    '',
    `ceiling ${CEILING_MS} ms (ours, median longest task in scroll and in edit): ` +
      `${pass ? 'pass' : 'FAIL'} (scroll ${show(oursScroll, 'long')}, edit ${show(oursEdit, 'long')}; ` +
      `worst run: scroll ${show(worst('scroll'), 'long')}, edit ${show(worst('edit'), 'long')})`,
  )
  return { markdown: lines.join('\n'), oursScroll, oursEdit }
}

export interface GridBenchOptions {
  runs: number
  /** Also measure with the CPU slowed this many times (CDP Emulation.setCPUThrottlingRate). */
  throttle?: number
  /** Bundle unminified (readable function names in profiles). */
  minify?: boolean
  /**
   * Our page commits an edit straight to the readings (one grid rebuild per edit) instead of
   * the app's draft lifecycle (four): the grid component's own share of an edit.
   */
  directCommit?: boolean
  log?: (line: string) => void
}

/**
 * Measures both grids; returns the markdown. Sets `process.exitCode = 1` when our grid's
 * median longest task in scroll or edit (unthrottled) is over the ceiling.
 */
export async function runGridBench(opts: GridBenchOptions): Promise<string> {
  const log = opts.log ?? ((line: string) => console.error(line))
  const minify = opts.minify ?? true
  const pages = { ours: await bundle('ours', minify), peer: await bundle('peer', minify) }
  const server = await serve(pages)
  const browser = await launchChromium()
  try {
    const sections: string[] = []
    const load = () => os.loadavg()[0]!.toFixed(1)
    const head = (what: string) =>
      `Readings grid, ${what}: 92 days × 21 meters (site meter + 20 generators), ` +
      `${opts.runs} runs (median), Chromium ${browser.version()} headless, 1366×768, ` +
      `${os.cpus().length} cores, load ${load()}` +
      (opts.directCommit
        ? '; ours commits each edit straight to its reading (one rebuild, no draft lifecycle)'
        : '')
    log('readings grid: normal CPU')
    const url = (grid: Grid) =>
      server.url(grid, grid === 'ours' && opts.directCommit ? '?direct' : '')
    const normal = await measure(browser, url, opts.runs, 1, log)
    sections.push(head('normal CPU'), '', normal.markdown)
    if (opts.throttle && opts.throttle > 1) {
      log(`readings grid: CPU throttled ${opts.throttle}×`)
      const slow = await measure(browser, url, opts.runs, opts.throttle, log)
      sections.push(
        '',
        head(`CPU throttled ${opts.throttle}× (CDP Emulation.setCPUThrottlingRate)`),
        '',
        slow.markdown,
      )
    }
    if (normal.oursScroll > CEILING_MS || normal.oursEdit > CEILING_MS) process.exitCode = 1
    return sections.join('\n')
  } finally {
    await browser.close()
    await server.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      throttle: { type: 'string' },
      'no-minify': { type: 'boolean', default: false },
      'direct-commit': { type: 'boolean', default: false },
    },
  })
  console.log(
    await runGridBench({
      runs: Number(values.runs),
      throttle: values.throttle ? Number(values.throttle) : undefined,
      minify: !values['no-minify'],
      directCommit: values['direct-commit'],
    }),
  )
}
