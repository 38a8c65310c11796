// The sync center names the unit, the day and the values of each queued edit, and counts them
// as the sync indicator does (issue 10), checked in PostgreSQL.
import { EMAIL, USER, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'
import { dayLabel, siteToday } from '../../src/shared/site-time'

const TZ = 'America/Chicago'

test('queued edits read "Generator A, Dec 1: 23,558 kWh" and the counts match the indicator', async ({
  backend,
  context,
  page,
}) => {
  const today = siteToday(TZ)
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await context.setOffline(true)

  // A round entered by keyboard: Generator A's reading for today.
  await app.go(`#/energy/entry/${site(1)}`)
  await page.getByLabel('Meter').selectOption({ label: 'Generator A PB-MV14' })
  await page.getByLabel('Day').fill(today)
  await page.getByLabel('Energy (kWh)').fill('23,558')
  await page.getByLabel('Energy (kWh)').press('Enter')
  await expect(page.getByText(/^Saved /)).toBeVisible()
  // A note on a unit of a site the technician is about to lose.
  await app.go(`#/equipment/${equipment(2, 1)}`)
  await page.getByLabel('Notes').fill('Belt squeal at idle')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(app.pendingCount()).toHaveText('2')

  await app.go('#/sync')
  const rows = page.getByTestId('outbox-row')
  await expect(rows.nth(0)).toContainText('Energy reading: Generator A PB-MV14')
  await expect(rows.nth(0).getByTestId('outbox-edit')).toHaveText(
    `New: Generator A PB-MV14, ${dayLabel(today)}: 23,558 kWh`,
  )
  await expect(rows.nth(1)).toContainText('Equipment: Generator A PB-CD07 · Coyote Draw 7')
  await expect(rows.nth(1).getByTestId('outbox-edit')).toHaveText(
    'Change: Generator A PB-CD07: Notes Belt squeal at idle (was —)',
  )
  await expect(page.getByTestId('sync-center-counts')).toHaveText(
    '2 pending, 0 refused by the server.',
  )

  await backend.sql.query(
    'update business.site_assignments set deleted_at = now() where site_id = $1 and user_id = $2',
    [site(2), USER.tech1],
  )
  await context.setOffline(false)
  await expect(page.getByTestId('failed-count')).toHaveText('1', { timeout: 30_000 })
  await expect(app.pendingCount()).toHaveText('0')
  // One rule counts both: the indicator's 0 pending and 1 failed are the sync center's.
  await expect(page.getByTestId('sync-center-counts')).toHaveText(
    '0 pending, 1 refused by the server.',
  )
  await expect(rows).toHaveCount(1)
  // The site left this laptop with the assignment; the unit's edit is kept and still named.
  await expect(rows.first()).toContainText('Generator A PB-CD07 · a site no longer on this laptop')
  await app.screenshot('sync-center-named')

  const { rows: readings } = await backend.sql.query(
    `select energy_kwh::float8 as kwh, created_by, to_char(period_start at time zone $3, 'YYYY-MM-DD') as day
     from business.energy_production where site_id = $1 and equipment_id = $2`,
    [site(1), equipment(1, 1), TZ],
  )
  expect(readings).toEqual([{ kwh: 23558, created_by: USER.tech1, day: today }])
  const { rows: units } = await backend.sql.query(
    'select notes from business.equipment where id = $1',
    [equipment(2, 1)],
  )
  expect(units).toEqual([{ notes: null }])
})
