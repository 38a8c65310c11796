import { EMAIL } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('an admin reads instance monitoring; others do not see it and the server refuses them', async ({
  backend,
  page,
  browser,
}) => {
  await backend.sql.query('analyze business.energy_production')
  const { rows } = await backend.sql.query<{ n: string }>(
    'select count(*) as n from business.energy_production',
  )
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.admin)
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Monitoring' })
    .click()
  await expect(page.getByRole('heading', { name: 'Instance monitoring' })).toBeVisible()
  const sizes = page.getByRole('table', { name: 'Size per schema' })
  await expect(sizes.getByRole('rowheader', { name: 'business' })).toBeVisible()
  const energy = page
    .getByRole('table', { name: 'Rows per table' })
    .getByRole('row', { name: /business\.energy_production/ })
  await expect(energy.getByRole('cell').first()).toHaveText(
    new Intl.NumberFormat('en-US').format(Number(rows[0]?.n)),
  )
  await expect(
    page.getByRole('table', { name: 'Connections per role and database' }).getByRole('row'),
  ).not.toHaveCount(1)
  await app.screenshot('monitoring')

  const officePage = await browser.newPage()
  const office = new OutpostApp(officePage)
  await office.open(backend.appUrl)
  await office.signIn(EMAIL.office)
  await expect(
    officePage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monitoring' }),
  ).toHaveCount(0)
  await office.go('#/monitoring')
  await expect(officePage.getByRole('alert')).toHaveText('only an organization admin may see this')
  await expect(officePage.getByRole('table')).toHaveCount(0)
  await officePage.close()
})
