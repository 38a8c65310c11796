// Custom fields and the per-site drop threshold as people meet them (issue 13): a technician
// edits a miner's fields offline, a bad value is refused at the field, and what they saved
// reaches PostgreSQL; the office sets a site's drop threshold and the home judges by it.
import { EMAIL, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('a technician edits a miner’s custom fields offline; a bad value is refused where it is typed; the rest reaches PostgreSQL', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const tech = new OutpostApp(await context.newPage())
  const page = tech.page
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await tech.go(`#/equipment/${equipment(1, 5)}`)
    const hashrate = page.getByLabel('Nominal hashrate')
    await expect(hashrate).toHaveValue('335')
    await expect(page.getByLabel('Firmware')).toHaveValue('Braiins OS 24.06')
    // A generator field is not a miner's.
    await expect(page.getByLabel('Fuel')).toHaveCount(0)
    await context.setOffline(true)

    await hashrate.fill('fast')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(hashrate).toHaveAttribute('aria-invalid', 'true')
    await expect(hashrate).toHaveAccessibleDescription(/^Nominal hashrate: "fast" is not a number/)
    await expect(tech.pendingCount()).toHaveText('0')
    await tech.screenshot('custom-fields-refused')

    await hashrate.fill('341.5')
    await page.getByLabel('Firmware').fill('')
    await page.getByLabel('Warranty until').fill('2027-06-30')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
    await expect(hashrate).not.toHaveAttribute('aria-invalid', 'true')
    await expect(tech.pendingCount()).toHaveText('1')
    // Still there after the page is closed and opened again, offline.
    await page.reload()
    await expect(page.getByLabel('Nominal hashrate')).toHaveValue('341.5')
    await expect(page.getByLabel('Warranty until')).toHaveValue('2027-06-30')
    await tech.screenshot('custom-fields-saved')

    await context.setOffline(false)
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      'select custom_fields from business.equipment where id = $1',
      [equipment(1, 5)],
    )
    expect(rows).toEqual([{ custom_fields: { hashrate_ths: 341.5, warranty_until: '2027-06-30' } }])
  } finally {
    await context.close()
  }
})

test('the office sets a site’s drop threshold; the home judges that site’s production by it', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const office = new OutpostApp(await context.newPage())
  const page = office.page
  try {
    await office.open(backend.appUrl)
    await office.signIn(EMAIL.office)
    await expect(page.getByTestId('attention-production')).toHaveText('2')
    const production = page.getByRole('region', { name: 'Production to check' })
    await expect(production).toContainText(
      /Coyote Draw 7.*under its 7-day average.*\(flagged from 20 %\)/,
    )

    await office.go(`#/sites/${site(2)}`)
    const details = page.getByRole('form', { name: 'Site details' })
    await expect(details.getByLabel('Lease number')).toHaveValue('LSE-PB-CD07')
    const pct = details.getByLabel('Production drop alert')
    await pct.fill('0')
    await details.getByRole('button', { name: 'Save details' }).click()
    await expect(pct).toHaveAttribute('aria-invalid', 'true')
    await expect(pct).toHaveAccessibleDescription('Enter more than 0 %')
    // Coyote Draw's yesterday is half its average: at 60 % it is no longer a drop.
    await pct.fill('60')
    await details.getByRole('button', { name: 'Save details' }).click()
    await expect(details.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
    await office.screenshot('site-details')
    await expect(office.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      'select production_drop_pct::float8 as pct from business.sites where id = $1',
      [site(2)],
    )
    expect(rows).toEqual([{ pct: 60 }])

    await office.go('#/')
    await expect(page.getByTestId('attention-production')).toHaveText('1')
    await expect(production).not.toContainText('Coyote Draw 7')
  } finally {
    await context.close()
  }
})

test('a technician sees a site’s drop threshold but cannot change it', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const tech = new OutpostApp(await context.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await tech.go(`#/sites/${site(1)}`)
    const details = tech.page.getByRole('form', { name: 'Site details' })
    await expect(details).toContainText('more than 20 % below its 7-day average is flagged')
    await expect(details.getByLabel('Production drop alert')).toHaveCount(0)
    await details.getByLabel('H2S present').selectOption('yes')
    await details.getByRole('button', { name: 'Save details' }).click()
    await expect(details.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
    // Synced when it is in PostgreSQL, not when the indicator still shows 0 from before the
    // save (it read the row before the push once, on a loaded machine).
    await expect
      .poll(
        async () =>
          (
            await backend.sql.query('select custom_fields from business.sites where id = $1', [
              site(1),
            ])
          ).rows[0]?.custom_fields?.h2s_present,
        { timeout: 30_000 },
      )
      .toBe(true)
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      'select custom_fields from business.sites where id = $1',
      [site(1)],
    )
    expect(rows).toEqual([{ custom_fields: { lease_number: 'LSE-PB-MV14', h2s_present: true } }])
  } finally {
    await context.close()
  }
})

test('the office adds a field for generators; a technician fills it in on a unit and it reaches PostgreSQL', async ({
  backend,
  browser,
}) => {
  const officeContext = await browser.newContext()
  const office = new OutpostApp(await officeContext.newPage())
  const techContext = await browser.newContext()
  const tech = new OutpostApp(await techContext.newPage())
  try {
    await office.open(backend.appUrl)
    await office.signIn(EMAIL.office)
    await office.page.getByRole('link', { name: 'Custom fields' }).click()
    const form = office.page.getByRole('form', { name: 'Add a field' })
    await form.getByLabel('Kind of unit').selectOption('generator')
    await form.getByLabel('Label').fill('Exhaust temperature')
    await expect(form.getByLabel('Key')).toHaveValue('exhaust_temperature')
    await form.getByLabel('Type').selectOption('number')
    await form.getByLabel('Unit', { exact: true }).fill('°F')
    await form.getByLabel('Order').fill('20')
    await form.getByRole('button', { name: 'Add field' }).click()
    const table = office.page.getByRole('table', { name: 'Custom fields' })
    await expect(table).toContainText('Exhaust temperature')
    // The same key again for equipment is refused at the key.
    await form.getByLabel('Label').fill('Exhaust temperature')
    await form.getByRole('button', { name: 'Add field' }).click()
    await expect(form.getByLabel('Key')).toHaveAccessibleDescription(
      'Another field for these records already has this key',
    )
    await office.screenshot('custom-fields-admin')
    const { rows: defs } = await backend.sql.query(
      `select equipment_kind, type, unit, created_by is not null as by from business.custom_field_definitions
       where key = 'exhaust_temperature' and deleted_at is null`,
    )
    expect(defs).toEqual([{ equipment_kind: 'generator', type: 'number', unit: '°F', by: true }])

    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await tech.go(`#/equipment/${equipment(1, 2)}`)
    const exhaust = tech.page.getByLabel('Exhaust temperature')
    await expect(exhaust).toBeVisible()
    await exhaust.fill('912')
    await tech.page.getByLabel('Fuel').selectOption('field gas')
    await tech.page.getByRole('button', { name: 'Save' }).click()
    await expect(tech.page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      'select custom_fields from business.equipment where id = $1',
      [equipment(1, 2)],
    )
    expect(rows).toEqual([{ custom_fields: { fuel: 'field gas', exhaust_temperature: 912 } }])

    // Removed, the value stays on the unit, shown read-only.
    await office.page.getByRole('button', { name: 'Remove Exhaust temperature' }).click()
    await office.page.getByRole('button', { name: 'Remove field' }).click()
    await expect(table).not.toContainText('Exhaust temperature')
  } finally {
    await officeContext.close()
    await techContext.close()
  }
})
