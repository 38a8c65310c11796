// The two paths people walk every day, with the keyboard only (issue 12): the technician's
// round from sign-in to the last meter, and the office's review of a conflict. No mouse from
// the first key; the result is checked in PostgreSQL.
import type { Locator, Page } from '@playwright/test'
import { DEMO_PASSWORD, EMAIL, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'
import { siteToday } from '../../src/shared/site-time'

const TZ = 'America/Chicago'

/** Tab (or Shift+Tab) until `target` has the focus, as a person would; fails after `max`. */
async function tabTo(page: Page, target: Locator, { max = 40, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
  }
  await expect(target).toBeFocused()
}

/** The command palette: Ctrl+K, a few letters, Enter. */
async function paletteTo(page: Page, text: string) {
  await page.keyboard.press('Control+K')
  await expect(page.getByLabel('Scan or type serial / asset tag, or search')).toBeFocused()
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toHaveCount(0)
}

async function signInByKeyboard(page: Page, email: string) {
  await expect(page.getByLabel('Email')).toBeVisible()
  await tabTo(page, page.getByLabel('Email'))
  await page.keyboard.type(email)
  await page.keyboard.press('Tab')
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('last-sync')).toContainText('just now', { timeout: 60_000 })
}

test('the technician’s round, keyboard only: sign in, find the site, enter every meter', async ({
  backend,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await signInByKeyboard(page, EMAIL.tech1)

  await paletteTo(page, 'Mesa Verde')
  await expect(page.getByRole('heading', { level: 1, name: /Mesa Verde 14-2/ })).toBeVisible()
  await tabTo(page, page.getByRole('link', { name: 'Enter readings' }))
  await page.keyboard.press('Enter')
  const kwh = page.getByLabel('Energy (kWh)')
  await expect(page.getByRole('heading', { name: /Daily readings: Mesa Verde/ })).toBeVisible()
  await tabTo(page, kwh)
  for (const value of ['30000', '16000']) {
    await page.keyboard.type(value)
    await page.keyboard.press('Enter')
    // The form is ready for the next meter: its message names this value, kWh is empty again.
    await expect(page.getByTestId('entry-message')).toContainText(
      `${Number(value).toLocaleString('en-US')} kWh`,
    )
    await expect(kwh).toHaveValue('')
    await expect(kwh).toBeFocused()
  }
  await page.keyboard.type('14000')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('entry-message')).toContainText(
    'Every meter is entered up to today',
  )

  // Sync from the keyboard too: the palette's page list, then the Sync center's button.
  await paletteTo(page, 'Sync center')
  await tabTo(page, page.getByRole('button', { name: 'Sync now' }).first())
  await page.keyboard.press('Enter')
  await expect(app.pendingCount()).toHaveText('0', { timeout: 30_000 })
  const { rows } = await backend.sql.query(
    `select equipment_id, energy_kwh::float8 as kwh, source from business.energy_production
     where site_id = $1 and to_char(period_start at time zone $2, 'YYYY-MM-DD') = $3
     order by energy_kwh`,
    [site(1), TZ, siteToday(TZ)],
  )
  expect(rows).toEqual([
    { equipment_id: equipment(1, 2), kwh: 14000, source: 'manual' },
    { equipment_id: equipment(1, 1), kwh: 16000, source: 'manual' },
    { equipment_id: null, kwh: 30000, source: 'manual' },
  ])
})

test('the office reviews a conflict with the keyboard only and keeps a value of its own', async ({
  backend,
  browser,
}) => {
  const techContext = await browser.newContext()
  const officeContext = await browser.newContext()
  const tech = new OutpostApp(await techContext.newPage())
  const office = new OutpostApp(await officeContext.newPage())
  const unit = equipment(1, 1)
  try {
    // The conflict: the technician and the office set the same unit's status, both offline.
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await office.open(backend.appUrl)
    await signInByKeyboard(office.page, EMAIL.office)
    await techContext.setOffline(true)
    await officeContext.setOffline(true)
    await tech.go(`#/equipment/${unit}`)
    await tech.page
      .getByRole('group', { name: 'Set status' })
      .getByRole('button', { name: 'down' })
      .click()
    await tech.reportProblem('Coolant leak at the radiator', { raiseWorkOrder: false })
    await expect(tech.pendingCount()).toHaveText('1')
    await techContext.setOffline(false)
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })

    // From here the office uses the keyboard only.
    const page = office.page
    // The unit's serial, as a scanner types it: the exact match opens.
    await paletteTo(page, 'GEN-PB-MV14-01')
    await expect(page.getByRole('heading', { level: 1, name: 'Generator A PB-MV14' })).toBeVisible()
    const maintenance = page
      .getByRole('group', { name: 'Set status' })
      .getByRole('button', { name: 'maintenance' })
    await tabTo(page, maintenance)
    await page.keyboard.press('Enter')
    await expect(maintenance).toHaveAttribute('aria-pressed', 'true')
    await expect(office.pendingCount()).toHaveText('1')
    await officeContext.setOffline(false)
    await expect(office.pendingCount()).toHaveText('0', { timeout: 30_000 })
    // The conflict the push recorded comes down with the next pull. Sync now stays in the Tab
    // order while the sync that coming online started runs; pressed then, it asks for one
    // more pass.
    await tabTo(page, page.getByRole('button', { name: 'Sync now' }), { back: true })
    await page.keyboard.press('Enter')
    await office.syncSettled()

    await paletteTo(page, 'Conflicts')
    const conflict = page.getByTestId('conflict').first()
    await expect(conflict).toContainText('down')
    await expect(conflict).toContainText('maintenance')
    const value = conflict.getByLabel('Value for Status', { exact: true })
    await tabTo(page, value)
    await page.keyboard.press('Control+A')
    await page.keyboard.type('degraded')
    // The moment each side changed the status is part of the conflict too; the note follows.
    await tabTo(page, conflict.getByLabel('Note for the record (optional, kept with the decision)'))
    await page.keyboard.type('Running on one bank until the part arrives')
    const save = conflict.getByRole('button', { name: 'Save my values' })
    await tabTo(page, save)
    await page.keyboard.press('Enter')
    await expect(page.getByText('No open conflicts.')).toBeVisible({ timeout: 30_000 })

    const { rows } = await backend.sql.query(
      `select e.status, c.status as conflict, c.resolution
       from business.equipment e join business.sync_conflicts c on c.row_id = e.id
       where e.id = $1`,
      [unit],
    )
    expect(rows).toEqual([
      {
        status: 'degraded',
        conflict: 'resolved',
        resolution: {
          choice: 'custom',
          // The status as typed; its moment as the winning side had it.
          values: { status: 'degraded', status_changed_at: expect.any(String) },
          note: 'Running on one bank until the part arrives',
        },
      },
    ])
  } finally {
    await techContext.close()
    await officeContext.close()
  }
})
