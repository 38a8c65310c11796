// Simulated devices for the sync integration tests: one Chromium per test file, and per test a
// fresh local Supabase (its own database) and harness page, where each device is a real
// IndexedDB database with the real sync engine.
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import type { HarnessPage } from './browser'
import type { Harness } from './harness/harness'
import { launchChromium, openHarness } from './browser'
import { DEMO_PASSWORD } from './demo'
import type { TestSupabase } from './local-supabase'
import { startTestSupabase } from './local-supabase'
import { settle } from './sync'

export interface Devices {
  /** The current test's backend. */
  readonly backend: TestSupabase
  /** The current test's harness page. */
  readonly h: HarnessPage
  /** A device signed in as `email`, after a first sync that ended idle. */
  device: (name: string, email: string) => Promise<void>
  /** A sync after every earlier write is visible to pulls; it must end without an error. */
  syncOk: (name: string) => Promise<Awaited<ReturnType<Harness['sync']>>>
  offline: (name: string) => Promise<unknown>
  online: (name: string) => Promise<unknown>
}

/** Registers the file's hooks; call once at the top level of a test file. */
export function useDevices(): Devices {
  let browser: Browser
  let backend: TestSupabase | undefined
  let h: HarnessPage | undefined
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(() => browser.close())
  beforeEach(async () => {
    backend = await startTestSupabase()
    h = await openHarness(browser)
  })
  afterEach(async () => {
    await h?.close()
    await backend?.stop()
  })
  const current = () => {
    if (!backend || !h) throw new Error('devices are only available inside a test')
    return { backend, h }
  }
  return {
    get backend() {
      return current().backend
    },
    get h() {
      return current().h
    },
    device: async (name, email) => {
      const { backend: b, h: page } = current()
      await page.call('createDevice', name, b.url, b.anonKey)
      await page.call('signIn', name, email, DEMO_PASSWORD)
      const status = await page.call('sync', name)
      expect(status.phase, status.lastError ?? '').toBe('idle')
    },
    syncOk: async (name) => {
      const { backend: b, h: page } = current()
      await settle(b.db.pool)
      const status = await page.call('sync', name)
      expect(status.lastError).toBeNull()
      return status
    },
    offline: (name) => current().h.call('setNetwork', name, { online: false }),
    online: (name) => current().h.call('setNetwork', name, { online: true }),
  }
}
