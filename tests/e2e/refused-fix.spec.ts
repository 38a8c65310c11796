// A reading refused because its month closed meanwhile is fixed where it is, not only
// discarded and typed again (issue 10), checked in PostgreSQL.
import { EMAIL, USER, equipment, site } from '../support/demo'
import type { Backend } from './fixtures'
import { OutpostApp, expect, test } from './fixtures'
import { addDays, siteToday } from '../../src/shared/site-time'

const TZ = 'America/Chicago'
const today = () => siteToday(TZ)
/** The 15th of the month before the site's current one, and that month's first day. */
function lastMonth(): { day: string; month: string } {
  const first = `${today().slice(0, 8)}01`
  const month = `${addDays(first, -1).slice(0, 8)}01`
  return { day: `${month.slice(0, 8)}15`, month }
}

/** The office closes a month, through the same function its screen calls. */
async function closeMonth(backend: Backend, month: string): Promise<void> {
  const client = await backend.sql.connect()
  try {
    await client.query('begin')
    await client.query(
      `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify({ role: 'authenticated', sub: USER.office, aud: 'authenticated' })],
    )
    await client.query('select business.close_period($1, $2)', [site(1), month])
    await client.query('commit')
  } finally {
    client.release()
  }
}

test('a new reading refused because its month closed is moved to an open day (and its meter corrected) in place', async ({
  backend,
  context,
  page,
}) => {
  const { day, month } = lastMonth()
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await context.setOffline(true)
  await app.go(`#/energy/entry/${site(1)}`)
  await page.getByLabel('Meter').selectOption({ label: 'Generator A PB-MV14' })
  await page.getByLabel('Day').fill(day)
  await page.getByLabel('Energy (kWh)').fill('23,558')
  await page.getByLabel('Energy (kWh)').press('Enter')
  await expect(page.getByText(/^Saved /)).toBeVisible()
  await closeMonth(backend, month)
  await context.setOffline(false)
  await expect(page.getByTestId('failed-count')).toHaveText('1', { timeout: 30_000 })

  await app.go('#/sync')
  await page.getByTestId('outbox-row').getByRole('link', { name: 'Fix' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'is closed for this site' }),
  ).toContainText('move it to an open day')
  await app.screenshot('reading-fix-closed-month')
  const dayField = page.getByLabel('Day')
  await expect(dayField).toHaveValue(day)
  await dayField.fill(today())
  // It was Generator B's figure all along: a refusal is also the moment to put that right.
  await page.getByLabel('Meter').selectOption({ label: 'Generator B PB-MV14' })
  await page.getByLabel('Energy (kWh)').press('Enter')
  await expect(page.getByText('Saved.')).toBeVisible()
  await app.syncNow()
  await expect(app.pendingCount()).toHaveText('0')
  await expect(page.getByTestId('failed-count')).toHaveCount(0)

  const { rows } = await backend.sql.query(
    `select to_char(period_start at time zone $3, 'YYYY-MM-DD') as day,
            to_char(period_end at time zone $3, 'YYYY-MM-DD') as end_day,
            energy_kwh::float8 as kwh, created_by, equipment_id as unit
     from business.energy_production where site_id = $1 and equipment_id = any ($2)`,
    [site(1), [equipment(1, 1), equipment(1, 2)], TZ],
  )
  expect(rows).toEqual([
    {
      day: today(),
      end_day: addDays(today(), 1),
      kwh: 23558,
      created_by: USER.tech1,
      unit: equipment(1, 2),
    },
  ])
})

test('a change to a reading of a month closed meanwhile is entered as an adjustment in place', async ({
  backend,
  context,
  page,
}) => {
  const { day, month } = lastMonth()
  const { rows: found } = await backend.sql.query<{ id: string; kwh: number }>(
    `select id, energy_kwh::float8 as kwh from business.energy_production
     where site_id = $1 and equipment_id is null
       and to_char(period_start at time zone $3, 'YYYY-MM-DD') = $2`,
    [site(1), day, TZ],
  )
  const reading = found[0]!
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await context.setOffline(true)
  await app.go(`#/energy/reading/${reading.id}`)
  await page.getByLabel('Energy (kWh)').fill(String(reading.kwh + 250))
  await page.getByLabel('Energy (kWh)').press('Enter')
  await expect(page.getByText('Saved.')).toBeVisible()
  await closeMonth(backend, month)
  await context.setOffline(false)
  await expect(page.getByTestId('failed-count')).toHaveText('1', { timeout: 30_000 })

  await app.go('#/sync')
  await page.getByTestId('outbox-row').getByRole('link', { name: 'Fix' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'is closed for this site' }),
  ).toContainText('enter your change as an adjustment below')
  await page.getByLabel('Reason for the adjustment').fill('Meter photo read 250 kWh higher')
  await page.getByLabel('Reason for the adjustment').press('Enter')
  await expect(page.getByText(/Entered as an adjustment of 250 kWh/)).toBeVisible()
  await app.syncNow()
  await expect(app.pendingCount()).toHaveText('0')
  await expect(page.getByTestId('failed-count')).toHaveCount(0)

  const { rows } = await backend.sql.query(
    `select energy_kwh::float8 as kwh, source, notes, created_by
     from business.energy_production
     where site_id = $1 and equipment_id is null and deleted_at is null
       and to_char(period_start at time zone $3, 'YYYY-MM-DD') = $2
     order by source`,
    [site(1), day, TZ],
  )
  expect(rows).toEqual([
    {
      kwh: 250,
      source: 'adjustment',
      notes: 'Meter photo read 250 kWh higher',
      created_by: USER.tech1,
    },
    { kwh: reading.kwh, source: 'meter', notes: null, created_by: null },
  ])
})
