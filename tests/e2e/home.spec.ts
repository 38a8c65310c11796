// The needs-attention home (issue 13): the first screen after sign-in, counted on the device
// from the seed's known state, per role, and offline.
import { EMAIL } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

const counts = async (app: OutpostApp) =>
  Object.fromEntries(
    await Promise.all(
      ['work', 'pm', 'down', 'missing', 'production', 'sync'].map(
        async (k) => [k, await app.page.getByTestId(`attention-${k}`).textContent()] as const,
      ),
    ),
  )

test('the office lands on what needs it today, each item linking to where it is fixed', async ({
  backend,
  page,
}) => {
  const office = new OutpostApp(page)
  await office.open(backend.appUrl)
  await office.signIn(EMAIL.office)
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible()
  // Seed: two orders overdue and one due today; Killdeer East's eight units down and a degraded
  // miner at Coyote Draw; Tioga North without its last two days; Coyote Draw at half yesterday
  // and Killdeer East at zero.
  await expect(page.getByTestId('attention-production')).toHaveText('2')
  expect(await counts(office)).toEqual({
    work: '3',
    // Mesa Verde: Generator A due at 6,000 h, Generator B due soon at 7,600 h, the compressor's
    // valve inspection due today.
    pm: '3',
    down: '9',
    missing: '1',
    production: '2',
    sync: '0',
  })
  const missing = page.getByRole('region', { name: 'Missing readings' })
  await expect(missing).toContainText('Tioga North Pad')
  await expect(missing).toContainText('no reading for')
  const production = page.getByRole('region', { name: 'Production to check' })
  await expect(production).toContainText(/Coyote Draw 7.*% under its 7-day average/)
  await expect(production).toContainText(/Killdeer East.*no production/)
  const down = page.getByRole('region', { name: 'Equipment down' })
  await expect(down).toContainText('for 19 days: site shut in: no gas from the operator')
  await expect(down).toContainText('for 5 days: hashrate 15% under nominal')
  await office.screenshot('home-office')

  await missing.getByRole('link', { name: 'Tioga North Pad' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Readings grid/ })).toBeVisible()
})

test('a technician’s home holds their sites and work, and counts offline as edits wait', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const tech = new OutpostApp(await context.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await expect(tech.page.getByTestId('attention-production')).toHaveText('1')
    expect(await counts(tech)).toEqual({
      work: '3',
      pm: '3',
      down: '1',
      missing: '0',
      production: '1',
      sync: '0',
    })
    // Offline, the unit goes down: the home counts it at once, from the laptop's copy.
    await context.setOffline(true)
    await tech.go('#/equipment/40000000-0000-4000-8000-000000000107')
    await tech.page
      .getByRole('group', { name: 'Set status' })
      .getByRole('button', { name: 'down' })
      .click()
    await tech.reportProblem('Fans seized', { raiseWorkOrder: false })
    await tech.go('#/home')
    await expect(tech.page.getByTestId('attention-down')).toHaveText('2')
    await expect(tech.page.getByRole('region', { name: 'Equipment down' })).toContainText(
      'since today: Fans seized',
    )
  } finally {
    await context.close()
  }
})
