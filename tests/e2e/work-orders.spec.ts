// Work orders as a technician and the office use them, checked in PostgreSQL (issue 13).
import { EMAIL, USER, equipment } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

const OIL_CHANGE = '60000000-0000-4000-8000-000000000001'

test('a technician offline for a day works an order’s checklist and closes it with its log; all of it reaches PostgreSQL', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const tech = new OutpostApp(await context.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    // Received while online: the order is on the laptop before the crew drives out.
    await tech.go('#/work')
    const list = tech.page.getByRole('table', { name: 'Work orders' })
    await expect(list.getByRole('link', { name: 'Generator A: 2,000 h oil change' })).toBeVisible()
    await context.setOffline(true)
    await list.getByRole('link', { name: 'Generator A: 2,000 h oil change' }).click()
    await expect(
      tech.page.getByRole('heading', { level: 1, name: 'Generator A: 2,000 h oil change' }),
    ).toBeVisible()
    const complete = tech.page.getByRole('button', { name: 'Complete…' })
    await expect(complete).toBeDisabled()

    for (const step of [
      'Lock out and tag out the unit',
      'Drain and replace engine oil',
      'Replace oil and air filters',
    ])
      await tech.page.getByRole('checkbox', { name: step }).click()
    // A reading step refuses a tick without its reading, and says so at the step.
    await tech.page.getByRole('checkbox', { name: 'Oil pressure after restart' }).click()
    await expect(tech.page.getByText('Enter the reading before ticking this step')).toBeVisible()
    await tech.page.getByLabel('Oil pressure after restart: reading').fill('62')
    await tech.page.getByRole('checkbox', { name: 'Oil pressure after restart' }).click()
    await expect(tech.page.getByText('4 of 5 done')).toBeVisible()
    await expect(complete).toBeEnabled()

    await complete.click()
    const dialog = tech.page.getByRole('dialog', { name: 'Complete work order' })
    await dialog.getByLabel('Downtime').fill('4')
    await dialog.getByLabel('Details').fill('Oil at 2,014 h; filters from the truck stock.')
    // A part without a name is refused at its field, and nothing is written.
    await dialog.getByRole('button', { name: 'Add part' }).click()
    await dialog.getByRole('button', { name: 'Complete' }).click()
    await expect(dialog.getByText('Part name is required')).toBeVisible()
    await expect(tech.pendingCount()).toHaveText('4')
    await dialog.getByLabel('Part 1 name').fill('Oil filter')
    await dialog.getByLabel('Part number').fill('1R-0749')
    await dialog.getByLabel('Quantity').fill('2')
    await dialog.getByRole('button', { name: 'Complete' }).click()
    await expect(dialog).toBeHidden()
    await expect(tech.page.getByText('Done', { exact: true }).first()).toBeVisible()
    // Order, log and five step edits wait on the laptop, nothing on the server yet.
    await expect(tech.pendingCount()).not.toHaveText('0')
    const before = await backend.sql.query(
      'select status from business.work_orders where id = $1',
      [OIL_CHANGE],
    )
    expect(before.rows[0].status).toBe('open')
    await tech.screenshot('work-order-done-offline')

    await context.setOffline(false)
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      `select w.status, w.completed_at is not null as finished, l.summary, l.details, l.downtime_hours::float8 as downtime,
              l.kind, l.equipment_id, l.created_by, l.parts
       from business.work_orders w join business.maintenance_logs l on l.id = w.maintenance_log_id
       where w.id = $1`,
      [OIL_CHANGE],
    )
    expect(rows).toEqual([
      {
        status: 'done',
        finished: true,
        summary: 'Generator A: 2,000 h oil change',
        details: 'Oil at 2,014 h; filters from the truck stock.',
        downtime: 4,
        kind: 'preventive',
        equipment_id: equipment(1, 1),
        created_by: USER.tech1,
        parts: [{ name: 'Oil filter', part_number: '1R-0749', quantity: 2 }],
      },
    ])
    const steps = await backend.sql.query(
      `select label, done_at is not null as done, value_number::float8 as value
       from business.work_order_steps where work_order_id = $1 order by position`,
      [OIL_CHANGE],
    )
    expect(steps.rows).toEqual([
      { label: 'Lock out and tag out the unit', done: true, value: null },
      { label: 'Drain and replace engine oil', done: true, value: null },
      { label: 'Replace oil and air filters', done: true, value: null },
      { label: 'Oil pressure after restart', done: true, value: 62 },
      { label: 'Anything unusual', done: false, value: null },
    ])
  } finally {
    await context.close()
  }
})

test('a unit set down asks what is wrong and raises the work order to fix it, assigned to whoever reported it', async ({
  backend,
  page,
}) => {
  const tech = new OutpostApp(page)
  await tech.open(backend.appUrl)
  await tech.signIn(EMAIL.tech1)
  await tech.go(`#/equipment/${equipment(1, 7)}`)
  await page
    .getByRole('group', { name: 'Set status' })
    .getByRole('button', { name: 'down' })
    .click()
  const dialog = page.getByRole('dialog')
  // Nothing is set without a reason.
  await dialog.getByRole('button', { name: 'Set down' }).click()
  await expect(dialog.getByText('Say what is wrong')).toBeVisible()
  await tech.reportProblem('Fans seized on two hashboards', { raiseWorkOrder: true })
  await expect(
    page.getByRole('group', { name: 'Set status' }).getByRole('button', { name: 'down' }),
  ).toHaveAttribute('aria-pressed', 'true')
  await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })

  const { rows } = await backend.sql.query(
    `select e.status, e.status_reason, w.title, w.priority, w.origin, w.assignee_id, w.status as work
     from business.equipment e join business.work_orders w on w.equipment_id = e.id and w.origin = 'equipment_down'
     where e.id = $1`,
    [equipment(1, 7)],
  )
  expect(rows).toEqual([
    {
      status: 'down',
      status_reason: 'Fans seized on two hashboards',
      title: 'Miner rack 3 PB-MV14: Fans seized on two hashboards',
      priority: 'urgent',
      origin: 'equipment_down',
      assignee_id: USER.tech1,
      work: 'open',
    },
  ])
  await tech.go('#/work')
  await expect(
    page.getByRole('link', { name: 'Miner rack 3 PB-MV14: Fans seized on two hashboards' }),
  ).toBeVisible()
})

test('the office sees the whole organization’s work and filters it by site, assignee and due day', async ({
  backend,
  page,
}) => {
  const office = new OutpostApp(page)
  await office.open(backend.appUrl)
  await office.signIn(EMAIL.office)
  await office.go('#/work')
  const rows = page.getByTestId('work-order-row')
  // Open work of the seed: every order of 10NetZero except the one done.
  await expect(rows).toHaveCount(5)
  await page.getByLabel('Due').selectOption('overdue')
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toContainText('Overdue')
  await page.getByLabel('Due').selectOption('')
  await page.getByLabel('Assignee').selectOption('none')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Monthly site inspection')
  await page.getByLabel('Assignee').selectOption('')
  await page.getByLabel('Show').selectOption('done')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Transformer: thermal scan')
  await office.screenshot('work-orders-office')
})

test('a technician raises an order offline from the form, with a template’s checklist fetched earlier', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const tech = new OutpostApp(await context.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await tech.go('#/work/new')
    const form = tech.page.getByRole('region', { name: 'New work order' })
    await form.getByLabel('Site').selectOption({ label: 'Mesa Verde 14-2' })
    await form.getByLabel('Equipment').selectOption({ label: 'Miner rack 1 PB-MV14' })
    // The templates came while online; from here the laptop has no connection.
    await expect(
      form.getByLabel('Checklist').locator('option', { hasText: 'Miner hashboard swap' }),
    ).toHaveCount(1)
    await context.setOffline(true)
    await form.getByLabel('Title').fill('Miner rack 1: board 2 at 0 chips')
    await form.getByLabel('Priority').selectOption('high')
    await form.getByLabel('Checklist').selectOption({ label: 'Miner hashboard swap (3 steps)' })
    await form.getByRole('button', { name: 'Create work order' }).click()
    await expect(
      tech.page.getByRole('heading', { level: 1, name: 'Miner rack 1: board 2 at 0 chips' }),
    ).toBeVisible()
    await expect(tech.page.getByText('0 of 3 done')).toBeVisible()
    await context.setOffline(false)
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      `select w.priority, w.equipment_id, w.assignee_id, array_agg(s.label order by s.position) as steps
       from business.work_orders w join business.work_order_steps s on s.work_order_id = w.id
       where w.title = 'Miner rack 1: board 2 at 0 chips' group by w.id`,
    )
    expect(rows).toEqual([
      {
        priority: 'high',
        equipment_id: equipment(1, 5),
        assignee_id: USER.tech1,
        steps: ['Power down the rack', 'Swap the failed hashboard', 'Hashrate after restart'],
      },
    ])
  } finally {
    await context.close()
  }
})
