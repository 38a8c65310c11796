// The readings grid as a technician uses it (issue 12): reached with the mouse, entered with
// the keyboard and a block pasted from a spreadsheet, a refused value kept in its cell with
// the reason across a visit elsewhere, and what reached PostgreSQL checked row by row.
import type { Page } from '@playwright/test'
import { EMAIL, ORG, equipment, site } from '../support/demo'
import type { Backend } from './fixtures'
import { OutpostApp, expect, test } from './fixtures'
import { addDays, siteToday } from '../../src/shared/site-time'

const TZ = 'America/Chicago'
const GEN_A = equipment(1, 1)
const GEN_B = equipment(1, 2)

async function readingsOf(backend: Backend, unit: string | null) {
  const { rows } = await backend.sql.query<{ day: string; kwh: number; source: string }>(
    `select to_char(period_start at time zone $2, 'YYYY-MM-DD') as day, energy_kwh::float8 as kwh, source
     from business.energy_production
     where site_id = $1 and equipment_id is not distinct from $3 and deleted_at is null
       and period_start >= (($4::date - 40)::timestamp at time zone $2)
     order by period_start, source`,
    [site(1), TZ, unit, siteToday(TZ)],
  )
  return rows
}

const cell = (page: Page, meter: string, day: string) =>
  page.locator(`[role="gridcell"][data-meter="${meter}"][data-day="${day}"]`)

/** A block copied from a spreadsheet, pasted where the grid has the focus. */
async function pasteText(page: Page, text: string) {
  await page.getByTestId('readings-grid').evaluate((grid, t) => {
    const data = new DataTransfer()
    data.setData('text/plain', t)
    grid.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    )
  }, text)
}

test('a week of three meters entered in the grid with the keyboard and a paste reaches PostgreSQL once each', async ({
  backend,
  page,
}) => {
  const today = siteToday(TZ)
  const day = (ago: number) => addDays(today, -ago)
  // Generator A was read 10 days ago by the meter feed: the grid edits that row, never adds one.
  await backend.sql.query(
    `insert into business.energy_production (organization_id, site_id, equipment_id, period_start, period_end, energy_kwh, source)
     values ($1, $2, $3, ($4::date::timestamp at time zone $5), (($4::date + 1)::timestamp at time zone $5), 20000, 'meter')`,
    [ORG.tenNetZero, site(1), GEN_A, day(10), TZ],
  )
  const before = await readingsOf(backend, null)

  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await app.go(`#/sites/${site(1)}`)
  await page.getByRole('link', { name: 'Readings grid' }).click()
  await expect(page.getByRole('heading', { name: 'Readings grid' })).toBeVisible()
  await expect(page).toHaveTitle(/Readings grid · Outpost/)
  const grid = page.getByRole('grid', { name: /Daily kWh at Mesa Verde/ })
  await expect(grid).toBeVisible()

  // The grid starts on today's site meter. Up to three days ago, Tab to Generator A.
  await grid.focus()
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('cell-details')).toContainText(/Generator A .*no reading/)
  // '/' is the palette's key elsewhere; in the grid it is typed into the cell (Escape drops it).
  await page.keyboard.press('/')
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page.keyboard.press('Escape')
  // Type, Enter: saved and down to the next day; twice.
  await page.keyboard.type('15,234')
  await page.keyboard.press('Enter')
  await page.keyboard.type('15100')
  await page.keyboard.press('Enter')
  await expect(cell(page, GEN_A, day(3))).toContainText('15,234')
  await expect(cell(page, GEN_A, day(2))).toContainText('15,100')
  await expect(cell(page, GEN_A, day(3))).toHaveAttribute('data-mark', 'unsynced')

  // A value PostgreSQL's column would take but a kWh figure is not: refused in the cell, kept.
  await page.keyboard.type('12 kWh?')
  await page.keyboard.press('Enter')
  const refused = cell(page, GEN_A, day(1))
  await expect(refused).toHaveAttribute('aria-invalid', 'true')
  await expect(refused).toContainText('12 kWh?')
  await app.screenshot('readings-grid-refused')

  // Leave the screen and come back: the refused value is still there with its reason.
  await app.go(`#/sites/${site(1)}`)
  await expect(page.getByRole('heading', { name: /Mesa Verde/ }).first()).toBeVisible()
  await page.goBack()
  await expect(cell(page, GEN_A, day(1))).toContainText('12 kWh?')
  await expect(cell(page, GEN_A, day(1))).toHaveAttribute('aria-invalid', 'true')

  // Fix it from the keyboard: click the cell, F2, clear, type, Enter.
  await cell(page, GEN_A, day(1)).click()
  await page.keyboard.press('F2')
  await page.keyboard.press('Control+A')
  await page.keyboard.type('14900')
  await page.keyboard.press('Enter')
  await expect(cell(page, GEN_A, day(1))).not.toHaveAttribute('aria-invalid', 'true')
  await expect(cell(page, GEN_A, day(1))).toContainText('14,900')

  // A 2-day × 2-meter block from Excel (CRLF, tabs) at Generator A, six days ago.
  await cell(page, GEN_A, day(6)).click()
  await pasteText(page, '16000\t17000\r\n16100\t17100\r\n')
  await expect(page.getByTestId('grid-status')).toHaveText(
    'Pasted 2×2: 4 values saved on this laptop.',
  )
  await expect(cell(page, GEN_B, day(5))).toContainText('17,100')

  // The meter feed's reading 10 days ago, changed in the grid: an update of that row.
  await cell(page, GEN_A, day(10)).click()
  await page.keyboard.type('19500')
  await page.keyboard.press('Enter')
  await expect(cell(page, GEN_A, day(10))).toContainText('19,500')
  await app.screenshot('readings-grid')

  await app.syncNow()
  await expect(app.pendingCount()).toHaveText('0', { timeout: 30_000 })
  await expect(cell(page, GEN_A, day(3))).toHaveAttribute('data-mark', 'synced')

  expect(await readingsOf(backend, GEN_A)).toEqual([
    { day: day(10), kwh: 19500, source: 'meter' },
    { day: day(6), kwh: 16000, source: 'manual' },
    { day: day(5), kwh: 16100, source: 'manual' },
    { day: day(3), kwh: 15234, source: 'manual' },
    { day: day(2), kwh: 15100, source: 'manual' },
    { day: day(1), kwh: 14900, source: 'manual' },
  ])
  expect(await readingsOf(backend, GEN_B)).toEqual([
    { day: day(6), kwh: 17000, source: 'manual' },
    { day: day(5), kwh: 17100, source: 'manual' },
  ])
  // The site meter's own readings are untouched.
  expect(await readingsOf(backend, null)).toEqual(before)
})
