// The admin's people screen (issue 13): assigning a site brings its history to the
// technician's laptop on the next sync; unassigning removes it there, keeping an unsynced edit,
// flagged. Two browser contexts, checked in PostgreSQL.
import { EMAIL, USER, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

test('an admin assigns and unassigns a technician’s sites; the technician’s laptop follows, keeping its unsynced edit', async ({
  backend,
  browser,
}) => {
  const techContext = await browser.newContext()
  const adminContext = await browser.newContext()
  const tech = new OutpostApp(await techContext.newPage())
  const admin = new OutpostApp(await adminContext.newPage())
  try {
    await tech.open(backend.appUrl)
    await tech.signIn(EMAIL.tech1)
    // Offline at Coyote Draw, the technician notes something on a generator there.
    await techContext.setOffline(true)
    await tech.go(`#/equipment/${equipment(2, 1)}`)
    await tech.page.getByLabel('Notes').fill('Belt squeals at start')
    await tech.page.getByRole('button', { name: 'Save' }).click()
    await expect(tech.pendingCount()).toHaveText('1')

    await admin.open(backend.appUrl)
    await admin.signIn(EMAIL.admin)
    await admin.go('#/people')
    const page = admin.page
    await expect(page.getByRole('table', { name: 'Members' })).toBeVisible()
    await page.getByLabel('Red Bluff Battery for Tomás Tech').click()
    await expect(page.getByLabel('Red Bluff Battery for Tomás Tech')).toBeChecked()
    await page.getByLabel('Coyote Draw 7 for Tomás Tech').click()
    await expect(page.getByLabel('Coyote Draw 7 for Tomás Tech')).not.toBeChecked()
    // The only admin cannot step down: the server says why, and the role stays.
    await page.getByLabel('Role of Ada Admin').selectOption('office')
    await expect(
      page.getByRole('alert').filter({ hasText: 'an organization needs at least one admin' }),
    ).toBeVisible()
    await expect(page.getByLabel('Role of Ada Admin')).toHaveValue('admin')
    const { rows } = await backend.sql.query(
      `select site_id from business.site_assignments where user_id = $1 and deleted_at is null order by site_id`,
      [USER.tech1],
    )
    expect(rows.map((r) => r.site_id)).toEqual([site(1), site(3)])

    await techContext.setOffline(false)
    await tech.syncNow()
    await tech.go('#/sites')
    await expect(tech.page.getByTestId('site-card')).toHaveCount(2)
    await expect(
      tech.page.getByTestId('site-card').filter({ hasText: 'Red Bluff Battery' }),
    ).toHaveCount(1)
    await expect(
      tech.page.getByTestId('site-card').filter({ hasText: 'Coyote Draw 7' }),
    ).toHaveCount(0)
    // Red Bluff's history came down with the sync.
    const readings = await tech.page.evaluate(async (siteId) => {
      const open = indexedDB.open('outpost')
      const db = await new Promise<IDBDatabase>((resolve) => {
        open.onsuccess = () => resolve(open.result)
      })
      const n = await new Promise<number>((resolve) => {
        const req = db
          .transaction('energy_production')
          .objectStore('energy_production')
          .index('site_id')
          .count(siteId)
        req.onsuccess = () => resolve(req.result)
      })
      db.close()
      return n
    }, site(3))
    const server = await backend.sql.query(
      'select count(*)::int as n from business.energy_production where site_id = $1 and deleted_at is null',
      [site(3)],
    )
    expect(readings).toBe(server.rows[0].n)
    // The edit at the site that left is not lost: it waits in the Sync center with its reason.
    await tech.go('#/sync')
    await expect(tech.page.getByTestId('outbox-row')).toHaveCount(1)
    await expect(tech.page.getByTestId('outbox-row')).toContainText('Generator A PB-CD07')
    const notes = await backend.sql.query('select notes from business.equipment where id = $1', [
      equipment(2, 1),
    ])
    expect(notes.rows[0].notes).toBeNull()
  } finally {
    await techContext.close()
    await adminContext.close()
  }
})
