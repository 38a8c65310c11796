// Billing meter and sub-meters (issue 10): invoices are checked against the billing meter only,
// and the generators' sub-meters are shown against it as a meter balance.
import { EMAIL, ORG, equipment, site } from '../support/demo'
import type { Backend } from './fixtures'
import { OutpostApp, expect, test } from './fixtures'

const TZ = 'America/Chicago'

function previousMonth(): { first: string; label: string } {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return {
    first: d.toISOString().slice(0, 10),
    label: d.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  }
}

/** A whole month of daily readings for a generator of Mesa Verde. */
async function generatorMonth(backend: Backend, unit: string, first: string, kwh: number) {
  await backend.sql.query(
    `insert into business.energy_production (organization_id, site_id, equipment_id, period_start, period_end, energy_kwh, gas_volume_mcf, runtime_hours, source)
     select $1, $2, $3, (d::timestamp at time zone $4), ((d + 1)::timestamp at time zone $4), $5, 100, 24, 'meter'
     from generate_series($6::date, ($6::date + interval '1 month - 1 day'), interval '1 day') as g (day)
     cross join lateral (select g.day::date as d) dd`,
    [ORG.tenNetZero, site(1), unit, TZ, kwh, first],
  )
}

async function sums(backend: Backend, first: string) {
  const { rows } = await backend.sql.query<{ billing: number; sub: number; invoiced: number }>(
    `select
       (select sum(energy_kwh)::float8 from business.energy_production where site_id = $1 and equipment_id is null
          and period_start >= ($2::date::timestamp at time zone $3) and period_start < (($2::date + interval '1 month')::timestamp at time zone $3)) as billing,
       (select sum(energy_kwh)::float8 from business.energy_production where site_id = $1 and equipment_id is not null
          and period_start >= ($2::date::timestamp at time zone $3) and period_start < (($2::date + interval '1 month')::timestamp at time zone $3)) as sub,
       (select sum(energy_kwh)::float8 from business.invoices where site_id = $1 and period_start = $2::date) as invoiced`,
    [site(1), first, TZ],
  )
  return rows[0]!
}

test('reconciliation bills from the billing meter and shows the sub-meters as a meter balance', async ({
  backend,
  page,
}) => {
  const month = previousMonth()
  await generatorMonth(backend, equipment(1, 1), month.first, 13_000)
  await generatorMonth(backend, equipment(1, 2), month.first, 10_500)
  const { billing, sub, invoiced } = await sums(backend, month.first)
  // The seed invoices what the site meter read.
  expect(invoiced).toBeCloseTo(billing, 3)

  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.office)
  await app.go('#/reconciliation')
  const row = page
    .getByTestId('recon-row')
    .filter({ hasText: 'Mesa Verde 14-2' })
    .filter({ hasText: month.label })
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  await expect(row.getByRole('cell').nth(2)).toContainText(fmt(billing))
  await expect(row.getByRole('cell').nth(2)).toContainText('Site meter')
  await expect(row.getByTestId('meter-balance')).toContainText(fmt(sub))
  const balance = ((sub - billing) / billing) * 100
  await expect(row.getByTestId('meter-balance')).toContainText(
    `meter balance ${balance.toFixed(1)}%`,
  )
  await expect(row.getByTestId('invoice-diff')).toHaveText('0.0%')
  await row.getByText('2 sub-meters').click()
  await expect(row.getByText(/^Generator A PB-MV14: [\d,]+ kWh$/)).toBeVisible()
  await app.screenshot('reconciliation-billing-meter')

  // The energy table says which meter each reading is from.
  await app.go('#/energy')
  await page.getByLabel('Site').selectOption({ label: 'Mesa Verde 14-2' })
  await expect(page.getByTestId('reading-meter').first()).toContainText('(billing)')

  // The office makes Generator A the billing meter; reconciliation follows it.
  await app.go(`#/sites/${site(1)}`)
  await expect(page.getByTestId('billing-meter')).toContainText('Billing meter: Site meter')
  await page
    .getByLabel('Billing meter', { exact: true })
    .selectOption({ label: 'Generator A PB-MV14' })
  await expect(page.getByTestId('billing-meter')).toContainText(
    'Billing meter: Generator A PB-MV14',
  )
  await app.syncNow()
  await expect(app.pendingCount()).toHaveText('0', { timeout: 30_000 })
  const stored = await backend.sql.query(
    'select billing_meter_id from business.sites where id = $1',
    [site(1)],
  )
  expect(stored.rows).toEqual([{ billing_meter_id: equipment(1, 1) }])
  await app.go('#/reconciliation')
  await expect(row.getByRole('cell').nth(2)).toContainText('Generator A PB-MV14')
})

test('a technician sees which meter bills the site but cannot change it', async ({
  backend,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await app.go(`#/sites/${site(1)}`)
  await expect(page.getByTestId('billing-meter')).toContainText('Billing meter: Site meter')
  await expect(page.getByLabel('Billing meter', { exact: true })).toHaveCount(0)
  await app.go(`#/energy/entry/${site(1)}`)
  await expect(
    page.getByText('The billing meter: invoices and credits are checked against it.'),
  ).toBeVisible()
  await page.getByLabel('Meter').selectOption({ label: 'Generator A PB-MV14' })
  await expect(
    page.getByText('A sub-meter: set against the billing meter (Site meter), not billed.'),
  ).toBeVisible()
})
