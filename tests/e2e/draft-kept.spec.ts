import { EMAIL, equipment } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('a sync that rewrites the equipment while the technician types keeps their typing, says what changed, and the save sends only their field', async ({
  backend,
  page,
}) => {
  const tech = new OutpostApp(page)
  const unit = equipment(1, 1)
  await tech.open(backend.appUrl)
  await tech.signIn(EMAIL.tech1)
  await tech.go(`#/equipment/${unit}`)
  const runtime = page.getByLabel('Runtime hours')
  const notes = page.getByLabel('Notes')
  await expect(runtime).not.toHaveValue('')
  const typed = '7012'
  await runtime.fill(typed)

  // The office changes both fields on the server meanwhile; the technician's device pulls it.
  const office = 7005
  await backend.sql.query(
    `update business.equipment set runtime_hours = $2, notes = 'Office: coolant topped up' where id = $1`,
    [unit, office],
  )
  await tech.syncNow()

  await expect(notes).toHaveValue('Office: coolant topped up')
  await expect(runtime).toHaveValue(typed)
  const notice = page.getByTestId('changed-underneath')
  await expect(notice).toContainText(`Runtime (hours) is now ${office}`)
  await expect(notice).toContainText(`you typed ${typed}`)
  await tech.screenshot('draft-kept')

  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  // The count can read 0 before the save has counted the edit: wait for PostgreSQL instead.
  const row = async () =>
    (
      await backend.sql.query<{ runtime_hours: string; notes: string }>(
        'select runtime_hours::text, notes from business.equipment where id = $1',
        [unit],
      )
    ).rows[0]!
  // Their runtime, and the office's note: the form did not resend the note it had shown.
  await expect
    .poll(async () => Number((await row()).runtime_hours), { timeout: 30_000 })
    .toBe(Number(typed))
  expect((await row()).notes).toBe('Office: coolant topped up')
  await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
})
