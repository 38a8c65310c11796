import { EMAIL, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('the back-office screens render with the demo data (screenshots saved)', async ({
  backend,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.office)
  // The first screen is Today; the sites are one click away.
  await app.go('#/sites')
  await expect(page.getByTestId('site-card')).toHaveCount(6)
  await app.go(`#/sites/${site(1)}`)
  await expect(page.getByRole('heading', { name: /Mesa Verde 14-2/ })).toBeVisible()
  await expect(page.getByRole('figure', { name: /Daily energy/ })).toBeVisible()
  await expect(page.getByTestId('history-entry').first()).toBeVisible()
  await app.screenshot('site-page')
  await app.go('#/equipment')
  await expect(page.getByTestId('equipment-row').first()).toBeVisible()
  await app.screenshot('equipment')
  await app.go('#/energy')
  await expect(page.getByTestId('energy-row').first()).toBeVisible()
  await app.screenshot('energy-table')
  await app.go('#/reconciliation')
  await expect(page.getByTestId('recon-row').first()).toBeVisible()
  await expect(
    page.getByText('no invoice').or(page.locator('td[data-flagged]')).first(),
  ).toBeVisible()
  await app.screenshot('reconciliation')
  // A scanner types the code and Enter into the command palette.
  await page.keyboard.press('Control+K')
  const palette = page.getByLabel('Scan or type serial / asset tag, or search')
  await expect(palette).toBeFocused()
  await page.keyboard.type('OP-PB-MV14-03')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: /Gas compressor PB-MV14/ })).toBeVisible()
  await app.screenshot('lookup-result')
})
