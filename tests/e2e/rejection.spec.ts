import { EMAIL, ORG, USER, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('a server rejection shows in the sync center with its message, and can be fixed or discarded', async ({
  backend,
  context,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)

  await context.setOffline(true)
  await app.go(`#/equipment/${equipment(2, 1)}`)
  await page.getByLabel('Notes').fill('Belt squeal at idle')
  await page.getByRole('button', { name: 'Save' }).click()
  await app.go(`#/equipment/${equipment(2, 2)}`)
  await page.getByLabel('Notes').fill('Oil leak at gasket')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(app.pendingCount()).toHaveText('2')

  // The technician loses site 2 while offline.
  await backend.sql.query(
    'update business.site_assignments set deleted_at = now() where site_id = $1 and user_id = $2',
    [site(2), USER.tech1],
  )
  await context.setOffline(false)
  await expect(page.getByTestId('failed-count')).toHaveText('2', { timeout: 30_000 })
  await app.go('#/sync')
  await expect(page.getByTestId('outbox-row').first()).toContainText('Refused')
  await expect(page.getByTestId('outbox-row').first()).toContainText(
    'gone from the server or no longer assigned to you',
  )
  await app.screenshot('sync-center-failed')

  // Discard one: it asks first, and keeping it is the choice Escape makes.
  await page.getByTestId('outbox-row').nth(1).getByRole('button', { name: 'Discard' }).click()
  const ask = page.getByRole('dialog', { name: 'Discard this edit?' })
  await page.keyboard.press('Escape')
  await expect(ask).toHaveCount(0)
  await expect(page.getByTestId('outbox-row')).toHaveCount(2)
  await page.getByTestId('outbox-row').nth(1).getByRole('button', { name: 'Discard' }).click()
  await ask.getByRole('button', { name: 'Discard edit' }).click()
  await expect(page.getByTestId('outbox-row')).toHaveCount(1)

  // The site is given back; retrying the other one applies it.
  await backend.sql.query(
    'insert into business.site_assignments (organization_id, site_id, user_id) values ($1, $2, $3)',
    [ORG.tenNetZero, site(2), USER.tech1],
  )
  await page.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByTestId('outbox-row')).toHaveCount(0, { timeout: 30_000 })
  const { rows } = await backend.sql.query(
    'select id, notes from business.equipment where id = any($1) order by id',
    [[equipment(2, 1), equipment(2, 2)]],
  )
  expect(rows).toEqual([
    { id: equipment(2, 1), notes: 'Belt squeal at idle' },
    { id: equipment(2, 2), notes: null },
  ])
})

test('a refused reading is fixed from the sync center on its own page', async ({
  backend,
  context,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await context.setOffline(true)
  await app.go(`#/energy/entry/${site(2)}`)
  await page.getByLabel('Energy (kWh)').fill('15100')
  await page.getByRole('button', { name: 'Save reading' }).click()
  await expect(page.getByText(/^Saved /)).toBeVisible()
  await backend.sql.query(
    'update business.site_assignments set deleted_at = now() where site_id = $1 and user_id = $2',
    [site(2), USER.tech1],
  )
  await context.setOffline(false)
  await expect(page.getByTestId('failed-count')).toHaveText('1', { timeout: 30_000 })

  await app.go('#/sync')
  await page.getByTestId('outbox-row').getByRole('link', { name: 'Fix' }).click()
  await expect(
    page.getByRole('heading', {
      name: /Reading: Site meter, .* · a site no longer on this laptop/,
    }),
  ).toBeVisible()
  await expect(page.getByText('its site is not assigned to you any more')).toBeVisible()
  await app.screenshot('reading-fix')

  await backend.sql.query(
    'insert into business.site_assignments (organization_id, site_id, user_id) values ($1, $2, $3)',
    [ORG.tenNetZero, site(2), USER.tech1],
  )
  await page.getByLabel('Notes').fill('Re-entered after the site was assigned back')
  await page.getByRole('button', { name: 'Save' }).click()
  await app.syncNow()
  await expect(app.pendingCount()).toHaveText('0')
  await expect(page.getByTestId('failed-count')).toHaveCount(0)
  const { rows } = await backend.sql.query(
    `select energy_kwh::float8 as kwh, notes from business.energy_production where site_id = $1 and notes like 'Re-entered%'`,
    [site(2)],
  )
  expect(rows).toEqual([{ kwh: 15100, notes: 'Re-entered after the site was assigned back' }])
})
