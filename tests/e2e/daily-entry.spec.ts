// Daily entry as a technician does it, keyboard first, checked in PostgreSQL (issue 10).
import type { Page } from '@playwright/test'
import { EMAIL, ORG, equipment, site } from '../support/demo'
import type { Backend } from './fixtures'
import { OutpostApp, expect, test } from './fixtures'
import { addDays, siteToday } from '../../src/shared/site-time'

const TZ = 'America/Chicago'
const today = () => siteToday(TZ)
const GEN_A = equipment(1, 1)
const GEN_B = equipment(1, 2)

/** Daily generator readings at Mesa Verde for days `from`..`to` days ago. */
async function seedReadings(
  backend: Backend,
  unit: string,
  fromAgo: number,
  toAgo: number,
  values: { kwh: number; gas: number; runtime: number } = { kwh: 20_000, gas: 170, runtime: 24 },
) {
  await backend.sql.query(
    `insert into business.energy_production (organization_id, site_id, equipment_id, period_start, period_end, energy_kwh, gas_volume_mcf, runtime_hours, source)
     select $1, $2, $3, (d::timestamp at time zone $4), ((d + 1)::timestamp at time zone $4), $5, $6, $7, 'meter'
     from generate_series(($8::date - $9::int), ($8::date - $10::int), interval '1 day') as g (day)
     cross join lateral (select g.day::date as d) dd`,
    [
      ORG.tenNetZero,
      site(1),
      unit,
      TZ,
      values.kwh,
      values.gas,
      values.runtime,
      today(),
      fromAgo,
      toAgo,
    ],
  )
}

async function readingsOf(backend: Backend, unit: string | null) {
  const { rows } = await backend.sql.query<{
    day: string
    kwh: number
    gas: number | null
    runtime: number | null
    notes: string | null
    source: string
  }>(
    `select to_char(period_start at time zone $2, 'YYYY-MM-DD') as day, energy_kwh::float8 as kwh,
            gas_volume_mcf::float8 as gas, runtime_hours::float8 as runtime, notes, source
     from business.energy_production
     where site_id = $1 and equipment_id is not distinct from $3 and deleted_at is null
     order by period_start, source`,
    [site(1), TZ, unit],
  )
  return rows
}

/** Sync until the outbox is empty, and nothing was refused. */
async function pushAll(app: OutpostApp) {
  await app.syncNow()
  await expect(app.pendingCount()).toHaveText('0', { timeout: 30_000 })
  await expect(app.page.getByTestId('failed-count')).toHaveCount(0)
}

async function openEntry(page: Page, backend: Backend) {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await app.go(`#/energy/entry/${site(1)}`)
  await expect(page.getByRole('heading', { name: /Daily readings: Mesa Verde/ })).toBeVisible()
  return app
}

test('each meter proposes its own next day; a week is entered with the keyboard only', async ({
  backend,
  page,
}) => {
  await seedReadings(backend, GEN_A, 10, 3) // Generator A: last reading 3 days ago
  await seedReadings(backend, GEN_B, 10, 6) // Generator B: last reading 6 days ago
  const app = await openEntry(page, backend)
  const kwh = page.getByLabel('Energy (kWh)')
  const dayField = page.getByLabel('Day')

  // The site meter is read up to yesterday by the seed: it proposes today.
  await expect(dayField).toHaveValue(today())
  await page.getByLabel('Meter').selectOption({ label: 'Generator B PB-MV14' })
  await expect(dayField).toHaveValue(addDays(today(), -5))
  await page.getByLabel('After saving, go to').selectOption('days')

  // Keyboard only from here: type, Enter, and the cursor is back in kWh for the next day.
  await kwh.focus()
  await page.keyboard.type('15,234')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('entry-message')).toHaveText(
    /^Saved Generator B PB-MV14, .*: 15,234 kWh\. Next: Generator B PB-MV14/,
  )
  await expect(dayField).toHaveValue(addDays(today(), -4))
  await expect(kwh).toBeFocused()
  await expect(kwh).toHaveValue('')
  // Gas and runtime carry from this meter's previous reading; kWh does not.
  await expect(page.getByLabel('Gas volume (mcf)')).toHaveValue('170')
  await page.keyboard.type('15100')
  await page.keyboard.press('Enter')
  await expect(dayField).toHaveValue(addDays(today(), -3))
  await expect(kwh).toBeFocused()

  // 98,000 kWh from a 1,200 kW unit in a day is impossible: warned, with the reason, not blocked.
  await page.keyboard.type('98000')
  await expect(
    page.getByText(
      'Check: 98,000 kWh is more than Generator B PB-MV14 can produce in 24 h at 1,200 kW (at most 28,800 kWh).',
    ),
  ).toBeVisible()
  await expect(page.getByText(/above the \d+-reading average/)).toBeVisible()
  await app.screenshot('entry-form-warning')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('entry-message')).toContainText('98,000 kWh')

  // Choosing Generator A proposes A's own next day, and the message about B is gone.
  await page.getByLabel('Meter').selectOption({ label: 'Generator A PB-MV14' })
  await expect(dayField).toHaveValue(addDays(today(), -2))
  await expect(page.getByTestId('entry-message')).toHaveCount(0)
  await app.screenshot('entry-form')

  await pushAll(app)
  const b = (await readingsOf(backend, GEN_B)).slice(-3)
  expect(b).toEqual([
    { day: addDays(today(), -5), kwh: 15234, gas: 170, runtime: 24, notes: null, source: 'manual' },
    { day: addDays(today(), -4), kwh: 15100, gas: 170, runtime: 24, notes: null, source: 'manual' },
    { day: addDays(today(), -3), kwh: 98000, gas: 170, runtime: 24, notes: null, source: 'manual' },
  ])
  // Nothing landed on Generator A or the site meter.
  expect((await readingsOf(backend, GEN_A)).map((r) => r.day).at(-1)).toBe(addDays(today(), -3))
  expect((await readingsOf(backend, null)).at(-1)!.day).toBe(addDays(today(), -1))
})

test('a round of every meter for one day moves from meter to meter', async ({ backend, page }) => {
  await openEntry(page, backend)
  const kwh = page.getByLabel('Energy (kWh)')
  // Site meter (today) → Generator A → Generator B, cursor in kWh each time.
  await kwh.focus()
  await page.keyboard.type('30000')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Meter')).toHaveValue(GEN_A)
  await expect(page.getByLabel('Day')).toHaveValue(today())
  await expect(kwh).toBeFocused()
  await page.keyboard.type('16000')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Meter')).toHaveValue(GEN_B)
  await expect(kwh).toBeFocused()
  await page.keyboard.type('14000')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('entry-message')).toContainText(
    'Every meter is entered up to today',
  )
  await pushAll(new OutpostApp(page))
  const { rows } = await backend.sql.query(
    `select equipment_id, energy_kwh::float8 as kwh from business.energy_production
     where site_id = $1 and to_char(period_start at time zone $2, 'YYYY-MM-DD') = $3 order by energy_kwh`,
    [site(1), TZ, today()],
  )
  expect(rows).toEqual([
    { equipment_id: GEN_B, kwh: 14000 },
    { equipment_id: GEN_A, kwh: 16000 },
    { equipment_id: null, kwh: 30000 },
  ])
})

test('correcting an old day shows that day and changes only the field edited', async ({
  backend,
  page,
}) => {
  const old = addDays(today(), -60)
  await seedReadings(backend, GEN_A, 60, 60, { kwh: 20_000, gas: 150.5, runtime: 23.5 })
  await backend.sql.query(
    `update business.energy_production set notes = 'Pilot relit at 14:00' where equipment_id = $1`,
    [GEN_A],
  )
  // Newer readings with other values, so a form filled from "the latest" would be caught.
  await seedReadings(backend, GEN_A, 40, 1, { kwh: 25_000, gas: 190, runtime: 24 })
  const app = await openEntry(page, backend)
  await page.getByLabel('Meter').selectOption({ label: 'Generator A PB-MV14' })
  await page.getByLabel('Day').fill(old)
  await expect(page.getByText(/already has a reading for .*: saving changes only/)).toBeVisible()
  await expect(page.getByLabel('Energy (kWh)')).toHaveValue('20000')
  await expect(page.getByLabel('Gas volume (mcf)')).toHaveValue('150.5')
  await expect(page.getByLabel('Runtime (hours)')).toHaveValue('23.5')
  await expect(page.getByLabel('Notes')).toHaveValue('Pilot relit at 14:00')
  await page.getByLabel('Energy (kWh)').fill('19,800')
  await page.getByLabel('Energy (kWh)').press('Enter')
  await expect(page.getByTestId('entry-message')).toHaveText(/^Saved changes Generator A PB-MV14/)
  await pushAll(app)
  const rows = (await readingsOf(backend, GEN_A)).filter((r) => r.day === old)
  expect(rows).toEqual([
    {
      day: old,
      kwh: 19800,
      gas: 150.5,
      runtime: 23.5,
      notes: 'Pilot relit at 14:00',
      source: 'meter',
    },
  ])
  // The update the device sent changed energy_kwh and nothing else.
  const { rows: journal } = await backend.sql.query(
    `select j.changed from business.journal j join business.energy_production p on p.id = j.row_id
     where p.equipment_id = $1 and j.op = 'update' and j.table_name = 'energy_production'
       and j.mutation_id is not null`,
    [GEN_A],
  )
  expect(journal).toEqual([{ changed: ['energy_kwh'] }])
})

test('a correction carries nothing but what is typed; a future day is refused', async ({
  backend,
  page,
}) => {
  await seedReadings(backend, GEN_A, 10, 1, { kwh: 22_000, gas: 162, runtime: 24 })
  const app = await openEntry(page, backend)
  await page.getByLabel('Meter').selectOption({ label: 'Generator A PB-MV14' })

  const future = addDays(today(), 23)
  await page.getByLabel('Day').fill(future)
  await page.getByLabel('Energy (kWh)').fill('23000')
  await page.getByRole('button', { name: 'Save reading' }).click()
  await expect(page.getByText(/has not happened yet at Mesa Verde 14-2/)).toBeVisible()
  await expect(app.pendingCount()).toHaveText('0')

  await page.getByLabel('Day').fill(addDays(today(), -2))
  await page.getByLabel('Correction (adjustment with a reason)').check()
  await expect(page.getByLabel('Energy (kWh)')).toHaveValue('')
  await expect(page.getByLabel('Gas volume (mcf)')).toHaveValue('')
  await expect(page.getByLabel('Runtime (hours)')).toHaveValue('')
  await page.getByLabel('Energy (kWh)').fill('-300')
  await page.getByLabel('Reason for the correction').fill('Meter over-read, checked on site')
  await page.getByLabel('Reason for the correction').press('Enter')
  await expect(page.getByTestId('entry-message')).toContainText('Saved correction')
  await pushAll(app)
  const rows = (await readingsOf(backend, GEN_A)).filter((r) => r.source === 'adjustment')
  expect(rows).toEqual([
    {
      day: addDays(today(), -2),
      kwh: -300,
      gas: null,
      runtime: null,
      notes: 'Meter over-read, checked on site',
      source: 'adjustment',
    },
  ])
  const futureRows = await backend.sql.query(
    `select 1 from business.energy_production where site_id = $1 and period_start > now()`,
    [site(1)],
  )
  expect(futureRows.rowCount).toBe(0)
})

test('numbers are read as typed in the locale, and bad ones get a message a person can act on', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext({ locale: 'de-DE' })
  try {
    const page = await context.newPage()
    const app = await openEntry(page, backend)
    await page.getByLabel('Energy (kWh)').fill('15.234')
    await page.getByLabel('Gas volume (mcf)').fill('150,5')
    await page.getByLabel('Runtime (hours)').fill('23,5')
    await page.getByLabel('Notes').fill('x'.repeat(2500))
    await expect(page.getByLabel('Notes')).toHaveValue('x'.repeat(2000))
    await page.getByLabel('Notes').fill('Dezimalkomma')
    await page.getByLabel('Runtime (hours)').press('Enter')
    await expect(page.getByTestId('entry-message')).toContainText('Saved Site meter')
    await pushAll(app)
    expect((await readingsOf(backend, null)).at(-1)).toEqual({
      day: today(),
      kwh: 15234,
      gas: 150.5,
      runtime: 23.5,
      notes: 'Dezimalkomma',
      source: 'manual',
    })
  } finally {
    await context.close()
  }
})

test('a decimal comma in an en-US locale is explained, not "expected number, received NaN"', async ({
  backend,
  page,
}) => {
  const app = await openEntry(page, backend)
  await page.getByLabel('Energy (kWh)').fill('15000')
  await page.getByLabel('Gas volume (mcf)').fill('150,5')
  await page.getByLabel('Gas volume (mcf)').press('Enter')
  await expect(
    page.getByText('"150,5": use . for decimals here, and , only between groups of three digits'),
  ).toBeVisible()
  await expect(page.getByText(/expected number/)).toHaveCount(0)
  // Nothing typed is lost; fixing the field saves.
  await expect(page.getByLabel('Energy (kWh)')).toHaveValue('15000')
  await page.getByLabel('Gas volume (mcf)').fill('150.5')
  await page.getByLabel('Gas volume (mcf)').press('Enter')
  await expect(page.getByTestId('entry-message')).toContainText('Saved Site meter')
  await pushAll(app)
  expect((await readingsOf(backend, null)).at(-1)).toMatchObject({ kwh: 15000, gas: 150.5 })
})

test('a skip link takes the keyboard past the navigation into the form', async ({
  backend,
  page,
}) => {
  await openEntry(page, backend)
  // It is the first stop of the Tab order, shown when focused.
  const first = await page.evaluate(
    () =>
      document.querySelector<HTMLElement>('a[href], button, input, select, textarea')?.textContent,
  )
  expect(first).toBe('Skip to the form')
  const skip = page.getByRole('link', { name: 'Skip to the form' })
  await skip.focus()
  await expect(skip).toBeInViewport()
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Meter')).toBeFocused()
})

test('a CSV import counts a duplicated line once, as the server will', async ({
  backend,
  page,
}) => {
  const app = new OutpostApp(page)
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.tech1)
  await app.go('#/energy')
  const start = (ago: number) => new Date(`${addDays(today(), -ago)}T06:00:00Z`).toISOString()
  const line = (ago: number, kwh: number) =>
    `PB-MV14,OP-PB-MV14-01,${start(ago)},${start(ago - 1)},${kwh},170,24,import,`
  const csv = [
    'site_code,equipment_asset_tag,period_start,period_end,energy_kwh,gas_volume_mcf,runtime_hours,source,notes',
    line(5, 21000),
    line(4, 21100),
    line(4, 21100),
    line(3, 21200),
    line(3, 99),
  ].join('\n')
  await page.locator('input[type=file]').setInputFiles({
    name: 'readings.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  })
  await expect(page.getByText('Imported 3 readings; 2 rows not imported.')).toBeVisible()
  await expect(page.getByText('Line 4: Same reading as line 3: imported once')).toBeVisible()
  await expect(page.getByText(/Line 6: Line 5 already has a reading/)).toBeVisible()
  await pushAll(app)
  const rows = await readingsOf(backend, GEN_A)
  expect(rows.map((r) => r.kwh)).toEqual([21000, 21100, 21200])
})
