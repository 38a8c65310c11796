import { EMAIL, USER, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

function previousMonth(): { first: string; mid: string; label: string } {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  const first = d.toISOString().slice(0, 10)
  return {
    first,
    mid: `${first.slice(0, 8)}15`,
    label: d.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  }
}

test('the office closes a month; the technician is told at the form and enters a correction with a reason', async ({
  backend,
  browser,
}) => {
  const month = previousMonth()
  const officeContext = await browser.newContext()
  const techContext = await browser.newContext()
  try {
    const office = new OutpostApp(await officeContext.newPage())
    await office.open(backend.appUrl)
    await office.signIn(EMAIL.office)
    await office.go('#/reconciliation')
    const row = office.page
      .getByTestId('recon-row')
      .filter({ hasText: 'Mesa Verde 14-2' })
      .filter({ hasText: month.label })
    await row.getByRole('button', { name: 'Close month…' }).click()
    // Closing asks first, and says what is still open in the month.
    const dialog = office.page.getByRole('dialog', {
      name: `Close ${month.label} for Mesa Verde 14-2?`,
    })
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('open-items')).toContainText(
      'No carbon credits for this month.',
    )
    await office.screenshot('close-month-dialog')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toHaveCount(0)
    const none = await backend.sql.query('select 1 from business.period_closes')
    expect(none.rowCount).toBe(0)
    await row.getByRole('button', { name: 'Close month…' }).click()
    await dialog.getByRole('button', { name: `Close ${month.label}` }).click()
    await expect(row.getByRole('button', { name: 'Reopen…' })).toBeVisible()
    // Who closed it and when.
    await expect(row.getByTestId('period')).toContainText('Closed by Olive Office,')
    const closes = await backend.sql.query(
      'select status, closed_by from business.period_closes where site_id = $1 and month = $2',
      [site(1), month.first],
    )
    expect(closes.rows).toEqual([{ status: 'closed', closed_by: USER.office }])

    const tech = new OutpostApp(await techContext.newPage())
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await tech.go(`#/energy/entry/${site(1)}`)
    await tech.page.getByLabel('Day').fill(month.mid)
    await tech.page.getByLabel('Energy (kWh)').fill('15000')
    await tech.page.getByRole('button', { name: 'Save reading' }).click()
    await expect(tech.page.getByText(`${month.label} is closed for this site`)).toBeVisible()
    await expect(tech.pendingCount()).toHaveText('0')

    await tech.page.getByLabel('Correction (adjustment with a reason)').check()
    await tech.page.getByLabel('Energy (kWh)').fill('-120')
    await tech.page.getByRole('button', { name: 'Save reading' }).click()
    await expect(tech.page.getByText('An adjustment needs a reason')).toBeVisible()
    await tech.page
      .getByLabel('Reason for the correction')
      .fill('Meter over-read on the 15th, verified on site')
    await tech.page.getByRole('button', { name: 'Save reading' }).click()
    await expect(tech.page.getByText(/^Saved /)).toBeVisible()
    await tech.screenshot('energy-adjustment')
    await tech.syncNow()
    await expect(tech.pendingCount()).toHaveText('0')
    const adjustments = await backend.sql.query(
      `select energy_kwh::float8 as kwh, notes from business.energy_production where site_id = $1 and source = 'adjustment'`,
      [site(1)],
    )
    expect(adjustments.rows).toEqual([
      { kwh: -120, notes: 'Meter over-read on the 15th, verified on site' },
    ])
    const journal = await backend.sql.query(
      `select reason from business.journal where table_name = 'energy_production' and reason is not null`,
    )
    expect(journal.rows.map((r) => r.reason)).toContain(
      'Meter over-read on the 15th, verified on site',
    )

    // Reopening asks for a reason in the app, and the reason is kept.
    await row.getByRole('button', { name: 'Reopen…' }).click()
    const reopen = office.page.getByRole('dialog', {
      name: `Reopen ${month.label} for Mesa Verde 14-2?`,
    })
    await expect(reopen.getByLabel('Reason for reopening')).toBeFocused()
    await office.page.keyboard.press('Enter')
    await expect(reopen.getByLabel('Reason for reopening')).toBeFocused()
    await reopen.getByRole('button', { name: `Reopen ${month.label}` }).click()
    await expect(reopen.getByText('Say why the month is reopened')).toBeVisible()
    await reopen
      .getByLabel('Reason for reopening')
      .fill('Invoice INV-PB-MV14 disputed by the client')
    await office.screenshot('reopen-month-dialog')
    await reopen.getByRole('button', { name: `Reopen ${month.label}` }).click()
    await expect(row.getByTestId('period')).toContainText('Reopened by Olive Office,')
    await expect(row.getByTestId('period')).toContainText(
      '“Invoice INV-PB-MV14 disputed by the client”',
    )
    const reopened = await backend.sql.query(
      'select status, reason, reopened_by from business.period_closes where site_id = $1 and month = $2',
      [site(1), month.first],
    )
    expect(reopened.rows).toEqual([
      {
        status: 'reopened',
        reason: 'Invoice INV-PB-MV14 disputed by the client',
        reopened_by: USER.office,
      },
    ])
    const reopenJournal = await backend.sql.query(
      `select reason from business.journal where table_name = 'period_closes' and reason is not null`,
    )
    expect(reopenJournal.rows).toEqual([{ reason: 'Invoice INV-PB-MV14 disputed by the client' }])
  } finally {
    await officeContext.close()
    await techContext.close()
  }
})
