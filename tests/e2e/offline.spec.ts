import { EMAIL, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('a technician works offline, closes and reopens the app offline, and everything reaches PostgreSQL', async ({
  backend,
  context,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  // The first screen is Today; the sites are one click away.
  await app.go('#/sites')
  await expect(page.getByTestId('site-card')).toHaveCount(2)
  await app.screenshot('sites')

  await context.setOffline(true)
  await expect(page.getByTestId('connection')).toHaveText('Offline')

  await app.go(`#/maintenance/new?site=${site(1)}&equipment=${equipment(1, 1)}`)
  await page.getByLabel('Kind of work').selectOption('corrective')
  await page.getByLabel('Summary').fill('Replaced spark plugs on cylinder bank B')
  await page.getByLabel('Downtime (hours)').fill('3.5')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('heading', { name: 'Edit maintenance log' })).toBeVisible()
  await app.screenshot('maintenance-form')

  await app.go(`#/energy/entry/${site(1)}`)
  await page.getByLabel('Energy (kWh)').fill('23456')
  await page.getByRole('button', { name: 'Save reading' }).click()
  await expect(page.getByText(/^Saved /)).toBeVisible()
  await page.getByLabel('Energy (kWh)').fill('24001')
  await page.getByRole('button', { name: 'Save reading' }).click()
  await expect(page.getByText(/24,001 kWh/)).toBeVisible()
  await expect(app.pendingCount()).toHaveText('3')
  await app.screenshot('energy-entry')

  // Close the app and open it again, still offline.
  await page.close()
  const reopened = await context.newPage()
  const again = new OutpostApp(reopened)
  await again.open(backend.appUrl)
  await expect(again.pendingCount()).toHaveText('3')
  await expect(reopened.getByTestId('connection')).toHaveText('Offline')
  await again.go(`#/sync`)
  await expect(reopened.getByTestId('outbox-row')).toHaveCount(3)
  await again.screenshot('sync-center-offline')

  await context.setOffline(false)
  await expect(again.pendingCount()).toHaveText('0', { timeout: 30_000 })
  const logs = await backend.sql.query(
    `select downtime_hours from business.maintenance_logs where summary = 'Replaced spark plugs on cylinder bank B'`,
  )
  expect(logs.rows).toEqual([{ downtime_hours: '3.50' }])
  const readings = await backend.sql.query(
    `select energy_kwh::float8 as kwh from business.energy_production where site_id = $1 and energy_kwh in (23456, 24001) order by energy_kwh`,
    [site(1)],
  )
  expect(readings.rows).toEqual([{ kwh: 23456 }, { kwh: 24001 }])
})

test('invalid input shows a message at the field and queues nothing', async ({ backend, page }) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await app.go(`#/energy/entry/${site(2)}`)
  await page.getByLabel('Energy (kWh)').fill('-5')
  await page.getByRole('button', { name: 'Save reading' }).click()
  await expect(page.getByText('Energy cannot be negative')).toBeVisible()

  await page.getByLabel('Energy (kWh)').fill('1200')
  await page.getByLabel('Custom period').check()
  await page.getByLabel('Period start').fill('2026-05-02T06:00')
  await page.getByLabel('Period end').fill('2026-05-01T06:00')
  await page.getByRole('button', { name: 'Save reading' }).click()
  await expect(page.getByText('The period must end after it starts')).toBeVisible()
  await app.screenshot('energy-invalid')

  await expect(app.pendingCount()).toHaveText('0')
  const outbox = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('outpost')
        open.onerror = () => reject(new Error(String(open.error)))
        open.onsuccess = () => {
          const count = open.result.transaction('outbox').objectStore('outbox').count()
          count.onsuccess = () => resolve(count.result)
        }
      }),
  )
  expect(outbox).toBe(0)
})
