import { EMAIL, equipment } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('tech1 and the office edit the same equipment offline; the office resolves the conflict and tech1 sees the result', async ({
  backend,
  browser,
}) => {
  const techContext = await browser.newContext()
  const officeContext = await browser.newContext()
  const tech = new OutpostApp(await techContext.newPage())
  const office = new OutpostApp(await officeContext.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await office.open(backend.appUrl)
    await office.signIn(EMAIL.office)

    await techContext.setOffline(true)
    await officeContext.setOffline(true)
    await tech.go(`#/equipment/${equipment(1, 1)}`)
    await tech.page
      .getByRole('group', { name: 'Set status' })
      .getByRole('button', { name: 'down' })
      .click()
    await tech.reportProblem('Coolant leak at the radiator', { raiseWorkOrder: false })
    await office.go(`#/equipment/${equipment(1, 1)}`)
    await office.page
      .getByRole('group', { name: 'Set status' })
      .getByRole('button', { name: 'maintenance' })
      .click()
    await expect(tech.pendingCount()).toHaveText('1')
    await expect(office.pendingCount()).toHaveText('1')

    await techContext.setOffline(false)
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    await officeContext.setOffline(false)
    await expect(office.pendingCount()).toHaveText('0', { timeout: 30_000 })
    await office.syncNow()

    await office.go('#/conflicts')
    const conflict = office.page.getByTestId('conflict').first()
    await expect(conflict).toContainText('Status')
    await expect(conflict).toContainText('down')
    await expect(conflict).toContainText('maintenance')
    await office.screenshot('conflicts')
    await conflict.getByRole('button', { name: 'Keep server value' }).click()
    await expect(office.page.getByText('No open conflicts.')).toBeVisible({ timeout: 30_000 })

    const { rows } = await backend.sql.query(
      'select status from business.equipment where id = $1',
      [equipment(1, 1)],
    )
    expect(rows[0].status).toBe('down')
    await tech.syncNow()
    await tech.go(`#/equipment/${equipment(1, 1)}`)
    await expect(
      tech.page.getByRole('group', { name: 'Set status' }).getByRole('button', { name: 'down' }),
    ).toHaveAttribute('aria-pressed', 'true')
    await tech.screenshot('equipment-after-resolution')
  } finally {
    await techContext.close()
    await officeContext.close()
  }
})
