// Preventive maintenance as a technician meets it (issue 13): the unit page says what its
// schedules have due, and the order raised from it offline reaches PostgreSQL once, with the
// id every laptop derives and the schedule's checklist.
import { orderIdFor } from '../../src/shared/maintenance/pm-due'
import { EMAIL, USER, equipment } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

const OIL = '63000000-0000-4000-8000-000000000001'

test('offline, a technician raises the service a unit is due for from its page; it arrives once with its checklist', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const tech = new OutpostApp(await context.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await tech.go(`#/equipment/${equipment(1, 1)}`)
    const pm = tech.page.getByRole('region', { name: 'Preventive maintenance' })
    await expect(pm).toContainText('Oil and filter service at 6,000 h (now 6,848 h)')
    await expect(pm.getByTestId('scheduled-point')).toContainText('Due')
    await context.setOffline(true)
    await pm.getByRole('button', { name: /Raise the work order: Oil and filter service/ }).click()
    const title = 'Oil and filter service: Generator A PB-MV14'
    await expect(tech.page.getByRole('heading', { level: 1, name: title })).toBeVisible()
    // The template's five steps came with it, fetched while online.
    await expect(tech.page.getByText('0 of 5 done')).toBeVisible()
    await tech.page.getByRole('checkbox', { name: 'Lock out and tag out the unit' }).click()
    await expect(tech.page.getByText('1 of 5 done')).toBeVisible()
    // Back on the unit, the schedule has moved on to its next point.
    await tech.go(`#/equipment/${equipment(1, 1)}`)
    await expect(pm).toContainText('at 8,000 h (now 6,848 h)')
    await expect(pm.getByRole('button', { name: /Raise the work order/ })).toHaveCount(0)
    await tech.screenshot('preventive-maintenance-unit')

    await context.setOffline(false)
    await expect(tech.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      `select w.id, w.title, w.kind, w.origin, w.schedule_point, w.assignee_id,
              count(s.*)::int as steps, count(s.done_at)::int as done
       from business.work_orders w left join business.work_order_steps s on s.work_order_id = w.id
       where w.schedule_id = $1 group by w.id`,
      [OIL],
    )
    expect(rows).toEqual([
      {
        id: orderIdFor(OIL, equipment(1, 1), '6000 h'),
        title,
        kind: 'preventive',
        origin: 'schedule',
        schedule_point: '6000 h',
        assignee_id: USER.tech1,
        steps: 5,
        done: 1,
      },
    ])
  } finally {
    await context.close()
  }
})
