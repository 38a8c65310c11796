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
  await expect(page.getByTestId('outbox-row').first()).toContainText('no longer yours to see')
  await app.screenshot('sync-center-failed')

  // Discard one.
  page.once('dialog', (d) => void d.accept())
  await page.getByTestId('outbox-row').nth(1).getByRole('button', { name: 'Discard' }).click()
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
