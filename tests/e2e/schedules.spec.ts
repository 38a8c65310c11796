// Maintenance schedules as the office sets them up (issue 13): a new hours schedule for one
// miner added offline, a value that is no number refused at its field, the row in PostgreSQL
// once online and the unit page showing its first point; an interval changed on a seeded
// schedule, with only that field written. A technician reads a schedule and cannot change it.
import { EMAIL, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

const SPARK_PLUGS = '63000000-0000-4000-8000-000000000002'

test('the office adds a schedule offline and changes another’s interval; the rows reach PostgreSQL', async ({
  backend,
  browser,
}) => {
  const context = await browser.newContext()
  const office = new OutpostApp(await context.newPage())
  const page = office.page
  try {
    await office.open(backend.appUrl)
    await office.signIn(EMAIL.office)
    await page.getByRole('link', { name: 'Schedules' }).click()
    const list = page.getByRole('table', { name: 'Maintenance schedules' })
    await expect(list.getByRole('row')).toHaveCount(4)
    await expect(list).toContainText('Oil and filter service')
    await expect(list).toContainText('every 2,000 h from 0 h, shown 200 h ahead')
    await expect(list).toContainText('Every compressor')

    await context.setOffline(true)
    await page.getByRole('link', { name: 'New schedule' }).click()
    await page.getByLabel('Title').fill('Hashboard cleaning')
    await page.getByLabel('Site', { exact: true }).selectOption({ label: 'Mesa Verde 14-2' })
    await page.getByLabel('Unit', { exact: true }).selectOption({ label: 'Miner rack 1 PB-MV14' })
    const every = page.getByLabel('Every', { exact: true })
    await every.fill('fast')
    await page.getByLabel('Shown ahead').fill('100')
    await page.getByRole('button', { name: 'Add schedule' }).click()
    await expect(every).toHaveAttribute('aria-invalid', 'true')
    await expect(every).toHaveAccessibleDescription(/"fast" is not a number/)
    await expect(office.pendingCount()).toHaveText('0')
    await office.screenshot('schedule-refused')

    await every.fill('1500')
    await page.getByRole('button', { name: 'Add schedule' }).click()
    // Back on the list, of that site: the three seeded schedules and the new one, and a header.
    await expect(list.getByRole('row')).toHaveCount(5)
    await expect(list).toContainText('Hashboard cleaning')
    await expect(list.getByRole('row', { name: /Hashboard cleaning/ })).toContainText('Not synced')
    await expect(office.pendingCount()).toHaveText('1')

    // The seeded spark plug schedule: every 1,000 h becomes every 1,200 h.
    await office.go(`#/schedules/${SPARK_PLUGS}`)
    const sparkEvery = page.getByLabel('Every', { exact: true })
    await expect(sparkEvery).toHaveValue('1000')
    await sparkEvery.fill('1200')
    await expect(page.getByText('Changing the interval moves every due point.')).toBeVisible()
    await office.screenshot('schedule-interval')
    await page.getByRole('button', { name: 'Save schedule' }).click()
    await expect(list).toContainText('every 1,200 h from 6,600 h')
    await expect(office.pendingCount()).toHaveText('2')

    await context.setOffline(false)
    await expect(office.pendingCount()).toHaveText('0', { timeout: 30_000 })
    const { rows } = await backend.sql.query(
      `select site_id, equipment_id, equipment_kind, every_hours::float as every, start_hours::float as start,
              every_days, lead::float as lead, priority, active, created_by is not null as by
       from business.maintenance_schedules where title = 'Hashboard cleaning'`,
    )
    expect(rows).toEqual([
      {
        site_id: site(1),
        equipment_id: equipment(1, 5),
        equipment_kind: null,
        every: 1500,
        start: 0,
        every_days: null,
        lead: 100,
        priority: 'normal',
        active: true,
        by: true,
      },
    ])
    const spark = await backend.sql.query(
      `select every_hours::float as every, start_hours::float as start, lead::float as lead, title
       from business.maintenance_schedules where id = $1`,
      [SPARK_PLUGS],
    )
    expect(spark.rows).toEqual([{ every: 1200, start: 6600, lead: 50, title: 'Spark plug change' }])
    const { rows: journal } = await backend.sql.query(
      `select changed from business.journal where table_name = 'maintenance_schedules' and row_id = $1 and op = 'update'`,
      [SPARK_PLUGS],
    )
    expect(journal.map((j: { changed: string[] }) => j.changed)).toEqual([['every_hours']])

    // The unit page shows where the new schedule has the miner.
    await office.go(`#/equipment/${equipment(1, 5)}`)
    await expect(
      page.getByTestId('scheduled-point').filter({ hasText: 'Hashboard cleaning' }),
    ).toBeVisible()
  } finally {
    await context.close()
  }
})

test('a technician reads a schedule and cannot change it', async ({ backend, browser }) => {
  const context = await browser.newContext()
  const tech = new OutpostApp(await context.newPage())
  const page = tech.page
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    await expect(page.getByRole('link', { name: 'Schedules' })).toHaveCount(0)
    await tech.go(`#/schedules/${SPARK_PLUGS}`)
    await expect(page.getByText('Only the office changes maintenance schedules.')).toBeVisible()
    await expect(page.getByLabel('Every', { exact: true })).toBeDisabled()
    await expect(page.getByRole('button', { name: 'Save schedule' })).toHaveCount(0)
  } finally {
    await context.close()
  }
})
