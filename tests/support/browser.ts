import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import type { DataTable, LocalRowOf } from '../../src/renderer/src/store/db'
import type { Harness } from './harness/harness'

/** Debian's Chromium on CI and these machines; Playwright's own browser on a laptop. */
export function chromiumPath(): string | undefined {
  if (process.env.OUTPOST_CHROMIUM) return process.env.OUTPOST_CHROMIUM
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
}

let bundle: Promise<string> | null = null

function harnessBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.resolve('tests/support/harness/harness.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'error',
  }).then((result) => result.outputFiles[0]!.text)
  return bundle
}

export interface HarnessPage {
  page: Page
  /** Calls a harness function inside the page (real IndexedDB, real fetch). */
  call<K extends keyof Harness>(
    fn: K,
    ...args: Parameters<Harness[K]>
  ): Promise<Awaited<ReturnType<Harness[K]>>>
  close(): Promise<void>
}

/**
 * The sync engine in Chromium, on an http://127.0.0.1 origin of its own (IndexedDB needs a
 * real origin), with the simulated devices of tests/support/harness/harness.ts.
 */
export async function openHarness(browser: Browser): Promise<HarnessPage> {
  const script = await harnessBundle()
  const server = http.createServer((req, res) => {
    if (req.url === '/harness.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!doctype html><title>harness</title><script type="module" src="/harness.js"></script>',
        )
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const context = await browser.newContext()
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`http://127.0.0.1:${port}/`)
  await page.waitForFunction(() => 'harness' in globalThis)
  return {
    page,
    async call(fn, ...args) {
      if (errors.length > 0) throw new Error(`page error: ${errors.join('; ')}`)
      return page.evaluate(
        ([name, params]) => {
          const h = (
            globalThis as unknown as { harness: Record<string, (...a: unknown[]) => unknown> }
          ).harness
          return h[name]!(...params)
        },
        [fn, args] as [string, unknown[]],
      ) as never
    },
    async close() {
      await context.close()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** A device's rows of one table, typed for that table. */
export async function rowsOf<T extends DataTable>(
  h: HarnessPage,
  device: string,
  table: T,
): Promise<LocalRowOf<T>[]> {
  return (await h.call('rows', device, table)) as unknown as LocalRowOf<T>[]
}
