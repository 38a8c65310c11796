// The desktop shell end to end: the built app (out/main/index.js from `npx electron-vite build`)
// in the real Electron binary, against the local Supabase (tests/e2e/fixtures.ts). It opens on
// app://outpost with the typed bridge and without Node; a technician signs in; an edit made
// while the server cannot be reached survives closing the app; and the next start restores the
// session from safeStorage without a sign-in.
//
// Electron 45 has no install script: its binary is downloaded by `require('electron')` or
// `npx install-electron`, never by `npm ci`. The test runs wherever a binary is there: in
// node_modules/electron/dist, or wherever ELECTRON_OVERRIDE_DIST_PATH points (an unzipped
// Electron 45 for this platform; on Linux under Xvfb: `xvfb-run npx playwright test
// --project=electron`). Otherwise it reports itself skipped, with the reason.
import { _electron as electron, expect } from '@playwright/test'
import type { ElectronApplication, Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type {} from '../../src/renderer/src/platform/global'
import { test } from '../e2e/fixtures'
import { DEMO_PASSWORD, EMAIL, equipment, site } from '../support/demo'
import { electronBinary } from './electron-binary'

const MAIN_ENTRY = resolve('out/main/index.js')

const binary = electronBinary()

test.skip(
  binary === null,
  process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? `ELECTRON_OVERRIDE_DIST_PATH=${process.env.ELECTRON_OVERRIDE_DIST_PATH} holds no Electron executable`
    : 'No Electron binary: Electron 45 downloads it on first use, which this machine cannot ' +
        '(no network but the npm registry). Set ELECTRON_OVERRIDE_DIST_PATH to an unzipped ' +
        'Electron 45, or run `npx install-electron` where the network allows, then ' +
        '`npx electron-vite build`.',
)

async function launch(userData: string): Promise<{ app: ElectronApplication; page: Page }> {
  expect(existsSync(MAIN_ENTRY), 'run `npx electron-vite build` first').toBe(true)
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [
      // Root in a CI container cannot use Chromium's setuid sandbox.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--user-data-dir=${userData}`,
      // Under Xvfb there is no keyring: make Linux's choice explicit (basic_text) so both
      // starts use the same backend, as a real desktop session would.
      ...(process.platform === 'linux' ? ['--password-store=basic'] : []),
      MAIN_ENTRY,
    ],
    env: { ...process.env, OUTPOST_DISABLE_UPDATES: '1' },
  })
  return { app, page: await app.firstWindow() }
}

test('signs in, keeps an offline edit across a restart, and restores the session', async ({
  backend,
}) => {
  const userData = await mkdtemp(join(tmpdir(), 'outpost-electron-'))
  // The backend as main keeps it (Settings would ask in a main-process dialog to change it).
  await writeFile(
    join(userData, 'backend.json'),
    JSON.stringify({ backendUrl: backend.supabase.url, anonKey: backend.supabase.anonKey }),
  )
  const summary = `Electron smoke ${Date.now()}`
  try {
    const first = await launch(userData)
    try {
      const { page } = first
      await expect(page).toHaveTitle('Outpost')
      expect(page.url()).toMatch(/^app:\/\/outpost\//)
      const exposed = await page.evaluate(() => ({
        bridge: typeof window.outpost,
        require: 'require' in window,
        process: 'process' in window,
      }))
      expect(exposed).toEqual({ bridge: 'object', require: false, process: false })
      const info = await page.evaluate(() => window.outpost?.app.info())
      expect(info).toMatchObject({ name: expect.any(String), isPackaged: false })

      // A page that tries to leave the app stays where it is.
      const before = page.url()
      await page.evaluate(() => {
        window.location.href = 'file:///etc/passwd'
      })
      await page.waitForTimeout(500)
      expect(page.url()).toBe(before)

      // Sign in: the session goes to main, encrypted with safeStorage.
      await page.getByLabel('Email').fill(EMAIL.tech1)
      await page.getByLabel('Password').fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect(page.getByTestId('last-sync')).toContainText('just now', { timeout: 60_000 })
      await expect
        .poll(() => page.evaluate(() => window.outpost?.secrets.status()))
        .toMatchObject({ state: 'ok' })

      // The server cannot be reached: the edit stays on this computer.
      await page.route(`${backend.supabase.url}/**`, (route) => route.abort('internetdisconnected'))
      await page.evaluate(
        (hash) => (window.location.hash = hash),
        `#/maintenance/new?site=${site(1)}&equipment=${equipment(1, 1)}`,
      )
      await page.getByLabel('Kind of work').selectOption('corrective')
      await page.getByLabel('Summary').fill(summary)
      await page.getByLabel('Downtime (hours)').fill('2')
      await page.getByRole('button', { name: 'Save' }).click()
      await expect(page.getByRole('heading', { name: 'Edit maintenance log' })).toBeVisible()
      await expect(page.getByTestId('pending-count')).toHaveText('1')
    } finally {
      await first.app.close()
    }
    const sent = await backend.sql.query(
      'select 1 from business.maintenance_logs where summary = $1',
      [summary],
    )
    expect(sent.rows).toEqual([])

    // Start again: signed in from the stored session, and the kept edit reaches the server.
    const second = await launch(userData)
    try {
      const { page } = second
      await expect(page.getByTestId('last-sync')).toContainText('just now', { timeout: 60_000 })
      await expect(page.getByLabel('Password')).toHaveCount(0)
      await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 })
      await expect
        .poll(async () => {
          const { rows } = await backend.sql.query(
            'select downtime_hours from business.maintenance_logs where summary = $1',
            [summary],
          )
          return rows
        })
        .toEqual([{ downtime_hours: '2.00' }])
    } finally {
      await second.app.close()
    }
  } finally {
    await rm(userData, { recursive: true, force: true })
  }
})
