// Reconciliation an accountant can sign (issue 10): invoice numbers and amounts, tCO2e and
// totals on screen and in the CSV; readings CSV in site-local time with names; offline, the
// device's last copy at once with its time.
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { EMAIL, ORG, site } from '../support/demo'
import type { Backend } from './fixtures'
import { OutpostApp, expect, test } from './fixtures'

function previousMonth(): { first: string; key: string; label: string } {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  const first = d.toISOString().slice(0, 10)
  return {
    first,
    key: first.slice(0, 7),
    label: d.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  }
}

async function download(page: Page, button: string | RegExp): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ])
  return readFile(await file.path(), 'utf8')
}

async function ledgerOf(backend: Backend, first: string) {
  const { rows } = await backend.sql.query<{ number: string; amount: string; tco2e: string }>(
    `select i.invoice_number as number, i.amount::text as amount, c.credits_tco2e::text as tco2e
     from business.invoices i join business.carbon_credits c on c.site_id = i.site_id and c.period_start = i.period_start
     where i.site_id = $1 and i.period_start = $2`,
    [site(2), first],
  )
  return rows[0]!
}

test('invoice numbers, amounts, tCO2e and totals on screen and in the CSV', async ({
  backend,
  page,
}) => {
  const month = previousMonth()
  const ledger = await ledgerOf(backend, month.first)
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.office)
  await app.go('#/reconciliation')
  const row = page
    .getByTestId('recon-row')
    .filter({ hasText: 'Coyote Draw 7' })
    .filter({ hasText: month.label })
  const amount = Number(ledger.amount).toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
  })
  await expect(row.getByTestId('invoice')).toContainText(ledger.number)
  await expect(row.getByTestId('invoice')).toContainText(amount)
  await expect(row.getByTestId('credits')).toContainText(
    `${Number(ledger.tco2e).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} tCO2e`,
  )

  // Totals: overall invoiced amount is the sum of the invoices of the months shown.
  const { rows: sums } = await backend.sql.query<{ amount: string; n: number }>(
    `select sum(amount)::text as amount, count(*)::int as n from business.invoices
     where period_start >= (date_trunc('month', now() at time zone 'America/Chicago') - interval '2 months')::date
       and deleted_at is null and organization_id = $1`,
    [ORG.tenNetZero],
  )
  const overall = page.getByTestId('total-row').filter({ hasText: 'Overall' })
  await expect(overall).toContainText(
    Number(sums[0]!.amount).toLocaleString('en-US', { style: 'currency', currency: 'USD' }),
  )
  await expect(overall.getByRole('cell').nth(2)).toHaveText(String(sums[0]!.n))
  await expect(
    page.getByTestId('total-row').filter({ hasText: 'Coyote Draw 7, 3 months' }),
  ).toHaveCount(1)
  await expect(
    page.getByTestId('total-row').filter({ hasText: `${month.label}, all sites` }),
  ).toHaveCount(1)
  await app.screenshot('reconciliation-totals')

  const csv = await download(page, 'Export CSV')
  const lines = csv.split('\n')
  const header = lines[0]!.split(',')
  const coyote = lines.find(
    (l) => l.startsWith('month,"Coyote Draw 7"') && l.includes(`,${month.key},`),
  )
  expect(coyote).toBeDefined()
  const cells = coyote!.split(',')
  expect(cells[header.indexOf('invoice_numbers')]).toBe(`"${ledger.number}"`)
  expect(cells[header.indexOf('invoice_amount')]).toBe(Number(ledger.amount).toFixed(2))
  expect(cells[header.indexOf('credits_tco2e')]).toBe(Number(ledger.tco2e).toFixed(3))
  expect(cells[header.indexOf('billing_meter')]).toBe('"Site meter"')
  expect(lines.some((l) => l.startsWith('total,'))).toBe(true)
  expect(lines.filter((l) => l.startsWith('site total,')).length).toBe(6)
  // Months are months, and no negative zero anywhere.
  expect(lines.slice(1).every((l) => !/,\d{4}-\d{2}-\d{2},/.test(l))).toBe(true)
  expect(csv).not.toMatch(/-0\.0+(,|$)/m)
})

test('the readings CSV has site-local times, site and meter names and who entered each reading', async ({
  backend,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await app.go(`#/energy/entry/${site(1)}`)
  await page.getByLabel('Energy (kWh)').fill('23,558')
  await page.getByLabel('Energy (kWh)').press('Enter')
  await expect(page.getByTestId('entry-message')).toContainText('Saved Site meter')
  await app.syncNow()
  await app.go('#/energy')
  await page.getByLabel('Site').selectOption({ label: 'Mesa Verde 14-2' })
  await page
    .getByLabel('From')
    .fill(new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10))
  const csv = await download(page, /^Export CSV/)
  const [head, ...rows] = csv.trim().split('\r\n')
  expect(head).toBe(
    'site_code,equipment_asset_tag,period_start,period_end,energy_kwh,gas_volume_mcf,runtime_hours,source,notes,site_name,meter,meter_role,day,entered_by,entered_at',
  )
  const mine = rows.find((r) => r.includes(',23558.000,'))
  expect(mine).toMatch(
    /^PB-MV14,,\d{4}-\d{2}-\d{2}T00:00:00-0[56]:00,\d{4}-\d{2}-\d{2}T00:00:00-0[56]:00,23558\.000,[\d.]*,[\d.]*,manual,,Mesa Verde 14-2,Site meter,billing,\d{4}-\d{2}-\d{2},Tomás Tech,\d{4}-\d{2}-\d{2}T[\d:]+-0[56]:00$/,
  )
})

test('offline, reconciliation says so at once and shows the last copy with its time', async ({
  backend,
  context,
  page,
}) => {
  const month = previousMonth()
  const ledger = await ledgerOf(backend, month.first)
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.office)
  await app.go('#/reconciliation')
  const row = page
    .getByTestId('recon-row')
    .filter({ hasText: 'Coyote Draw 7' })
    .filter({ hasText: month.label })
  await expect(row.getByTestId('invoice')).toContainText(ledger.number)
  await app.go('#/sites')
  await context.setOffline(true)
  await expect(page.getByTestId('connection')).toHaveText('Offline')
  const started = Date.now()
  await app.go('#/reconciliation')
  await expect(page.getByTestId('ledger-note')).toContainText(
    'Invoices and credits are on the server, and this device is offline. Showing what this device last fetched,',
    { timeout: 2000 },
  )
  expect(Date.now() - started).toBeLessThan(2000)
  await expect(row.getByTestId('invoice')).toContainText(ledger.number)
  await expect(page.getByText(/TypeError|Failed to fetch/)).toHaveCount(0)
  await expect(row.getByRole('button', { name: 'Close month…' })).toBeDisabled()
  await app.screenshot('reconciliation-offline')

  // History too: at once, in words, with no raw error.
  await app.go(`#/sites/${site(2)}`)
  await expect(page.getByTestId('history-note')).toContainText(
    'History is kept on the server, and this device is offline.',
    { timeout: 2000 },
  )
  await expect(page.getByText(/TypeError|Failed to fetch/)).toHaveCount(0)
})
