// The desktop shell end to end: the built app (out/main/index.js from `npx electron-vite build`)
// opens its window on app://outpost with the typed bridge and without Node. It needs the
// Electron binary, which package.json's allowScripts keeps from downloading on CI; there the
// test reports itself skipped with the reason.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type {} from '../../src/renderer/src/platform/global'

const MAIN_ENTRY = resolve('out/main/index.js')

/**
 * The binary `require('electron')` would return, or null when it was never downloaded. Read
 * from path.txt and dist/ directly: requiring the package tries to download it.
 */
function installedElectron(): string | null {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist')
  const binary = join(distDir, readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = installedElectron()

test.skip(
  binary === null,
  'Electron binary not installed (node_modules/electron/dist missing: package.json allowScripts ' +
    'denies its install script). Install it (node node_modules/electron/install.js) and run ' +
    '`npx electron-vite build` to run this test.',
)

test('opens the Outpost window with the bridge and without Node', async () => {
  expect(existsSync(MAIN_ENTRY), 'run `npx electron-vite build` first').toBe(true)
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    // Root in a CI container cannot use Chromium's setuid sandbox.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), MAIN_ENTRY],
    env: { ...process.env, OUTPOST_DISABLE_UPDATES: '1' },
  })
  try {
    const page = await app.firstWindow()
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
  } finally {
    await app.close()
  }
})
