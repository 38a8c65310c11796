import { test as base, expect } from '@playwright/test'
import type { Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { WebServer } from '../../scripts/serve-web'
import { serveWeb } from '../../scripts/serve-web'
import { createDatabase, dropDatabase } from '../../supabase/local/database'
import type { LocalSupabase } from '../../supabase/local'
import { startLocalSupabase } from '../../supabase/local'
import { DEMO_PASSWORD } from '../support/demo'
import { E2E_TEMPLATE } from './global-setup'

export interface Backend {
  appUrl: string
  supabase: LocalSupabase
  /** Superuser connections to this test's database, for checking what reached PostgreSQL. */
  sql: pg.Pool
}

/** Each test: its own database cloned from the template, its own API server and web server. */
export const test = base.extend<{ backend: Backend }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture list from this pattern
  backend: async ({}, use) => {
    const admin = process.env.OUTPOST_E2E_PG
    if (!admin) throw new Error('global setup did not run')
    const name = `e2e_${randomBytes(5).toString('hex')}`
    await createDatabase(admin, name, E2E_TEMPLATE)
    const databaseUrl = admin.replace(/\/[^/]*$/, `/${name}`)
    const supabase = await startLocalSupabase({ databaseUrl, port: 0 })
    let web: WebServer | undefined
    const sql = new pg.Pool({ connectionString: databaseUrl, max: 3 })
    // The database is dropped with force at the end; an idle connection ended then is no error.
    sql.on('error', () => undefined)
    try {
      web = await serveWeb({ config: { url: supabase.url, anonKey: supabase.anonKey } })
      await use({ appUrl: web.url, supabase, sql })
    } finally {
      await web?.close()
      await supabase.stop()
      await sql.end()
      await dropDatabase(admin, name)
    }
  },
})

export { expect }

/** The app as a technician or clerk sees it. */
export class OutpostApp {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url)
  }

  async signIn(email: string): Promise<void> {
    await this.page.getByLabel('Email').fill(email)
    await this.page.getByLabel('Password').fill(DEMO_PASSWORD)
    await this.page.getByRole('button', { name: 'Sign in' }).click()
    await expect(this.page.getByTestId('last-sync')).toContainText('just now', { timeout: 60_000 })
  }

  pendingCount() {
    return this.page.getByTestId('pending-count')
  }

  async go(hash: string): Promise<void> {
    await this.page.evaluate((h) => (window.location.hash = h), hash)
  }

  /** Answers the dialog a unit set down or degraded opens: what is wrong, and whether to raise work. */
  async reportProblem(reason: string, o: { raiseWorkOrder: boolean }): Promise<void> {
    const dialog = this.page.getByRole('dialog')
    await dialog.getByLabel('What is wrong?').fill(reason)
    const raise = dialog.getByLabel('Raise a work order to fix it')
    if ((await raise.isChecked()) !== o.raiseWorkOrder) await raise.click()
    await dialog.getByRole('button', { name: /^Set / }).click()
    await expect(dialog).toBeHidden()
  }

  async syncNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sync now' }).click()
    await this.syncSettled()
  }

  /** Waits until no sync is running (the status region stops being busy). */
  async syncSettled(): Promise<void> {
    await expect(this.page.getByRole('status', { name: 'Sync status' })).not.toHaveAttribute(
      'aria-busy',
      'true',
      { timeout: 30_000 },
    )
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
  }
}
