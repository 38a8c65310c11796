// Checklist templates as the office keeps them (issue 13): a template for compressors built
// step by step, an empty step refused at its field, a step moved up, the row in PostgreSQL in
// the order shown; then edited and a step removed. The work order form offers it for a
// compressor, with its steps copied.
import { EMAIL, ORG, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('the office builds a checklist template, fixes an empty step, reorders and edits it; PostgreSQL holds it as shown', async ({
  backend,
  page,
}) => {
  const office = new OutpostApp(page)
  await office.open(backend.appUrl)
  await office.signIn(EMAIL.office)
  await page.getByRole('link', { name: 'Checklists' }).click()
  await expect(page.getByTestId('template-row').first()).toBeVisible()
  const before = await page.getByTestId('template-row').count()

  const form = page.getByRole('form', { name: 'Add a template' })
  await form.getByLabel('Name', { exact: true }).fill('Compressor valve check')
  await form.getByLabel('For', { exact: true }).selectOption('compressor')
  await form.getByLabel('Work', { exact: true }).selectOption('inspection')
  await form.getByLabel('Step 1', { exact: true }).fill('Listen to stage 1 valves')
  await form.getByRole('button', { name: 'Add step' }).click()
  await form.getByLabel('Step 2', { exact: true }).fill('Discharge pressure')
  await form.getByLabel('Step 2 records').selectOption({ label: 'A number' })
  await form.getByLabel('Step 2 unit').fill('psi')
  await form.getByLabel('Step 2 required').check()
  await form.getByRole('button', { name: 'Add step' }).click()
  await form.getByRole('button', { name: 'Add template' }).click()
  const third = form.getByLabel('Step 3', { exact: true })
  await expect(third).toHaveAttribute('aria-invalid', 'true')
  await expect(third).toHaveAccessibleDescription('Step is required')
  await office.screenshot('template-refused')

  await third.fill('Log cylinder temperatures')
  await form.getByRole('button', { name: 'Move step 3 up' }).click()
  await expect(form.getByLabel('Step 2', { exact: true })).toHaveValue('Log cylinder temperatures')
  await form.getByRole('button', { name: 'Add template' }).click()
  await expect(page.getByTestId('template-row')).toHaveCount(before + 1)
  await office.screenshot('template-saved')

  const stored = async () =>
    (
      await backend.sql.query(
        `select equipment_kind, work_kind, steps, created_by is not null as by
         from business.checklist_templates where name = 'Compressor valve check' and deleted_at is null`,
      )
    ).rows
  expect(await stored()).toEqual([
    {
      equipment_kind: 'compressor',
      work_kind: 'inspection',
      by: true,
      steps: [
        { label: 'Listen to stage 1 valves', required: false, requires: 'check', unit: null },
        { label: 'Log cylinder temperatures', required: false, requires: 'check', unit: null },
        { label: 'Discharge pressure', required: true, requires: 'number', unit: 'psi' },
      ],
    },
  ])

  await page.getByRole('button', { name: 'Edit Compressor valve check' }).click()
  const edit = page.getByRole('form', { name: 'Edit “Compressor valve check”' })
  await edit.getByRole('button', { name: 'Remove step 2' }).click()
  await edit.getByRole('button', { name: 'Save template' }).click()
  await expect(page.getByRole('form', { name: 'Add a template' })).toBeVisible()
  await expect
    .poll(async () =>
      ((await stored())[0]?.steps as { label: string }[] | undefined)?.map((s) => s.label),
    )
    .toEqual(['Listen to stage 1 valves', 'Discharge pressure'])

  // A new work order for the compressor offers it, and copies its steps.
  await office.go(`#/work/new?site=${site(1)}&equipment=${equipment(1, 3)}`)
  await page.getByLabel('Title').fill('Valve noise')
  await page.getByLabel('Checklist').selectOption({ label: 'Compressor valve check (2 steps)' })
  await page.getByRole('button', { name: /Create/ }).click()
  await expect(page.getByText('Discharge pressure')).toBeVisible()
  await expect(office.pendingCount()).toHaveText('0', { timeout: 30_000 })
  await expect
    .poll(
      async () =>
        (
          await backend.sql.query(
            `select s.label from business.work_order_steps s join business.work_orders w on w.id = s.work_order_id
             where w.title = 'Valve noise' and w.organization_id = $1 order by s.position`,
            [ORG.tenNetZero],
          )
        ).rows.map((r: { label: string }) => r.label),
      { timeout: 30_000 },
    )
    .toEqual(['Listen to stage 1 valves', 'Discharge pressure'])
})
