// A conflict that names the record, the people and the values, and a technician told on the
// record when their value was replaced (issue 10), checked in PostgreSQL.
import { EMAIL, ORG, USER, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'
import { addDays, dayLabel, siteToday } from '../../src/shared/site-time'

const TZ = 'America/Chicago'
const READING = '50000000-0000-4000-8000-00000000a001'

test('the office sees who wrote each side of a reading conflict; the technician whose value lost is told on the reading', async ({
  backend,
  browser,
}) => {
  const day = addDays(siteToday(TZ), -1)
  await backend.sql.query(
    `insert into business.energy_production (id, organization_id, site_id, equipment_id, period_start, period_end, energy_kwh, source)
     values ($1, $2, $3, $4, ($5::date::timestamp at time zone $6), (($5::date + 1)::timestamp at time zone $6), 23000, 'manual')`,
    [READING, ORG.tenNetZero, site(1), equipment(1, 1), day, TZ],
  )
  const techContext = await browser.newContext()
  const officeContext = await browser.newContext()
  const tech = new OutpostApp(await techContext.newPage())
  const office = new OutpostApp(await officeContext.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await office.open(backend.appUrl)
    await office.signIn(EMAIL.office)

    // The office's laptop goes offline with 23,000; meanwhile the technician's 23,558 reaches
    // the server; then the office corrects its stale copy to 23,500, which is the later edit.
    await officeContext.setOffline(true)
    await tech.go(`#/energy/reading/${READING}`)
    await tech.page.getByLabel('Energy (kWh)').fill('23,558')
    await tech.page.getByLabel('Energy (kWh)').press('Enter')
    await expect(tech.page.getByText('Saved.')).toBeVisible()
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    await expect
      .poll(async () => {
        const { rows } = await backend.sql.query(
          'select energy_kwh::float8 as kwh from business.energy_production where id = $1',
          [READING],
        )
        return rows[0].kwh
      })
      .toBe(23558)
    await office.go(`#/energy/reading/${READING}`)
    await office.page.getByLabel('Energy (kWh)').fill('23500')
    await office.page.getByLabel('Energy (kWh)').press('Enter')
    await expect(office.page.getByText('Saved.')).toBeVisible()
    await expect(office.pendingCount()).toHaveText('1')
    await officeContext.setOffline(false)
    await expect(office.pendingCount()).toHaveText('0', { timeout: 30_000 })

    const recorded = await backend.sql.query(
      `select created_by, server_updated_by, winner, base, server, client, status
       from business.sync_conflicts where row_id = $1`,
      [READING],
    )
    expect(recorded.rows).toEqual([
      {
        created_by: USER.office,
        server_updated_by: USER.tech1,
        winner: 'client',
        base: { energy_kwh: 23000 },
        server: { energy_kwh: 23558 },
        client: { energy_kwh: 23500 },
        status: 'open',
      },
    ])

    // The technician is told on the reading and marked in the list, not only by a new number.
    await tech.syncNow()
    await tech.go(`#/energy/reading/${READING}`)
    const notice = tech.page.getByTestId('lost-value')
    await expect(notice).toContainText(
      "Your value 23,558 kWh for Energy (kWh) was replaced by Olive Office's 23,500 kWh on",
    )
    await expect(tech.page.getByLabel('Energy (kWh)')).toHaveValue('23500')
    await tech.go('#/energy')
    await tech.page.getByLabel('Site').selectOption({ label: 'Mesa Verde 14-2' })
    const generatorRow = tech.page
      .getByTestId('energy-row')
      .filter({ hasText: 'Generator A PB-MV14' })
    await expect(generatorRow).toContainText('Your value replaced')

    // The office's card names the record, both people and the value before both edits.
    await office.syncNow()
    await office.go('#/conflicts')
    const card = office.page.getByTestId('conflict').first()
    await expect(card.getByRole('heading')).toHaveText(
      `Energy reading: Generator A PB-MV14, ${dayLabel(day)} · Mesa Verde 14-2`,
    )
    await expect(card).toContainText('Tomás Tech (on the server)')
    await expect(card).toContainText('Olive Office (from a device)')
    const fieldRow = card.getByRole('row', { name: /Energy \(kWh\)/ })
    await expect(fieldRow).toContainText('23,000 kWh')
    await expect(fieldRow).toContainText('23,558 kWh')
    await expect(fieldRow).toContainText('23,500 kWh (kept automatically)')
    await expect(card).not.toContainText('energy_kwh')
    await card.screenshot({ path: '.local/screenshots/issue10-conflict-after.png' })

    // Resolved by keyboard: a value of the office's own, with a note.
    const value = card.getByLabel('Value for Energy (kWh)')
    await value.fill('23,520')
    await value.press('Tab')
    await office.page.keyboard.type('Checked the meter photo from the morning round')
    await office.page.keyboard.press('Tab')
    await office.page.keyboard.press('Tab')
    await office.page.keyboard.press('Tab')
    await expect(card.getByRole('button', { name: 'Save my values' })).toBeFocused()
    await office.page.keyboard.press('Enter')
    await expect(office.page.getByText('No open conflicts.')).toBeVisible({ timeout: 30_000 })

    const resolved = await backend.sql.query(
      `select c.status, c.resolved_by, c.resolution, e.energy_kwh::float8 as kwh
       from business.sync_conflicts c join business.energy_production e on e.id = c.row_id
       where c.row_id = $1`,
      [READING],
    )
    expect(resolved.rows).toEqual([
      {
        status: 'resolved',
        resolved_by: USER.office,
        resolution: {
          choice: 'custom',
          values: { energy_kwh: 23520 },
          note: 'Checked the meter photo from the morning round',
        },
        kwh: 23520,
      },
    ])
    const history = office.page.getByTestId('conflict').first()
    await expect(history.getByTestId('resolution')).toContainText('Resolved by Olive Office on')
    await expect(history.getByTestId('resolution')).toContainText(
      'kept values the resolver entered. Note: “Checked the meter photo from the morning round”',
    )
    await expect(history.getByRole('row', { name: /Energy \(kWh\)/ })).toContainText('23,520 kWh')
    await office.screenshot('conflict-resolved')

    await tech.syncNow()
    await tech.go(`#/energy/reading/${READING}`)
    await expect(tech.page.getByTestId('lost-value')).toContainText(
      'Your value 23,558 kWh for Energy (kWh) was replaced by 23,520 kWh, chosen by Olive Office on',
    )
    await expect(tech.page.getByTestId('lost-value')).toContainText(
      'Note: “Checked the meter photo from the morning round”',
    )
    await expect(tech.page.getByTestId('history-entry').first()).toContainText(
      'Olive Office · update · resolved a conflict with values chosen by hand',
    )
    await tech.screenshot('reading-value-replaced')
  } finally {
    await techContext.close()
    await officeContext.close()
  }
})
