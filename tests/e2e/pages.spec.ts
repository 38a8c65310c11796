// Every page of the app, as the back office and the admin see it: an axe check (no serious or
// critical violation) in light and dark, and screenshots at the two screen sizes people use,
// 1366×768 laptops at the sites and 1920×1080 monitors in the office.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { EMAIL, equipment, site } from '../support/demo'
import { OutpostApp, expect, test } from './fixtures'

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const
const SCHEMES = ['light', 'dark'] as const

interface Visit {
  name: string
  hash: string
  /** What shows the page has its data, before it is checked. */
  ready: (page: Page) => Promise<void>
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    )
}

async function checkEverywhere(app: OutpostApp, page: Page, visits: Visit[]) {
  const problems: string[] = []
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const v of visits) {
      await app.go(v.hash)
      await v.ready(page)
      // Toasts and tooltips come and go; the page itself is what is checked.
      await page.mouse.move(0, 0)
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await page.screenshot({
          path: `test-results/screenshots/pages/${v.name}-${size.width}x${size.height}-${scheme}.png`,
        })
      }
      problems.push(...(await seriousViolations(page)).map((p) => `${v.name} (${scheme}): ${p}`))
    }
  }
  expect(problems, problems.join('\n')).toEqual([])
}

const heading = (name: RegExp | string) => async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
}

test('every office page passes axe in light and dark, with screenshots at 1366 and 1920 px', async ({
  backend,
  page,
}) => {
  test.setTimeout(240_000)
  const app = new OutpostApp(page)
  await page.setViewportSize(SIZES[0])
  await app.open(backend.appUrl)
  await expect(page.getByLabel('Email')).toBeVisible()
  const signIn: string[] = []
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await page.screenshot({
        path: `test-results/screenshots/pages/sign-in-${size.width}x${size.height}-${scheme}.png`,
      })
    }
    signIn.push(...(await seriousViolations(page)).map((p) => `sign-in (${scheme}): ${p}`))
  }
  expect(signIn, signIn.join('\n')).toEqual([])
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize(SIZES[0])
  await app.signIn(EMAIL.office)
  const { rows } = await backend.sql.query<{ id: string }>(
    `select id from business.energy_production where site_id = $1 and deleted_at is null
     order by period_start desc limit 1`,
    [site(1)],
  )
  await checkEverywhere(app, page, [
    {
      name: 'sites',
      hash: '#/sites',
      ready: async (p) => void (await expect(p.getByTestId('site-card')).toHaveCount(6)),
    },
    {
      name: 'site',
      hash: `#/sites/${site(1)}`,
      ready: async (p) => {
        await heading(/Mesa Verde 14-2/)(p)
        await expect(p.getByTestId('history-entry').first()).toBeVisible()
      },
    },
    {
      name: 'equipment-list',
      hash: '#/equipment',
      ready: async (p) => void (await expect(p.getByTestId('equipment-row').first()).toBeVisible()),
    },
    { name: 'equipment', hash: `#/equipment/${equipment(1, 1)}`, ready: heading(/PB-MV14/) },
    { name: 'home', hash: '#/home', ready: heading('Today') },
    { name: 'work-orders', hash: '#/work', ready: heading('Work orders') },
    {
      name: 'work-order',
      hash: '#/work/60000000-0000-4000-8000-000000000002',
      ready: heading('Miner rack 2: hashboard dropping out'),
    },
    { name: 'work-order-new', hash: '#/work/new', ready: heading('New work order') },
    { name: 'maintenance-list', hash: '#/maintenance', ready: heading('Maintenance') },
    { name: 'maintenance-new', hash: '#/maintenance/new', ready: heading('New maintenance log') },
    {
      name: 'energy-table',
      hash: '#/energy',
      ready: async (p) => void (await expect(p.getByTestId('energy-row').first()).toBeVisible()),
    },
    { name: 'daily-entry', hash: `#/energy/entry/${site(1)}`, ready: heading(/Daily readings/) },
    {
      name: 'readings-grid',
      hash: `#/energy/grid/${site(1)}`,
      ready: async (p) => void (await expect(p.getByRole('gridcell').first()).toBeVisible()),
    },
    { name: 'reading', hash: `#/energy/reading/${rows[0]!.id}`, ready: heading(/^Reading: /) },
    { name: 'conflicts', hash: '#/conflicts', ready: heading('Conflicts') },
    {
      name: 'reconciliation',
      hash: '#/reconciliation',
      ready: async (p) => void (await expect(p.getByTestId('recon-row').first()).toBeVisible()),
    },
    { name: 'sync-center', hash: '#/sync', ready: heading('Sync center') },
    { name: 'settings', hash: '#/settings', ready: heading('Settings') },
  ])

  // The command palette and a confirmation dialog are pages of their own to a keyboard user.
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize(SIZES[0])
  await app.go('#/sites')
  await page.keyboard.press('Control+K')
  await expect(page.getByLabel('Scan or type serial / asset tag, or search')).toBeFocused()
  await page.keyboard.type('generator a')
  await expect(
    page
      .getByRole('dialog')
      .getByText(/Generator A/)
      .first(),
  ).toBeVisible()
  await page.screenshot({
    path: 'test-results/screenshots/pages/command-palette-1366x768-light.png',
  })
  const palette = await seriousViolations(page)
  expect(palette, palette.join('\n')).toEqual([])
  await page.keyboard.press('Escape')

  await app.go('#/reconciliation')
  await page.getByRole('button', { name: 'Close month…' }).first().click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/pages/close-month-1366x768-light.png' })
  const dialog = await seriousViolations(page)
  expect(dialog, dialog.join('\n')).toEqual([])
})

test('the admin’s monitoring, people, custom fields, checklist and schedule pages pass axe', async ({
  backend,
  page,
}) => {
  const app = new OutpostApp(page)
  await page.setViewportSize(SIZES[1])
  await app.open(backend.appUrl)
  await app.signIn(EMAIL.admin)
  await checkEverywhere(app, page, [
    {
      name: 'monitoring',
      hash: '#/monitoring',
      ready: async (p) =>
        void (await expect(p.getByRole('table', { name: 'Rows per table' })).toBeVisible()),
    },
    {
      name: 'people',
      hash: '#/people',
      ready: async (p) =>
        void (await expect(p.getByRole('table', { name: 'Members' })).toBeVisible()),
    },
    {
      name: 'custom-fields',
      hash: '#/fields',
      ready: async (p) =>
        void (await expect(p.getByRole('table', { name: 'Custom fields' })).toBeVisible()),
    },
    {
      name: 'templates',
      hash: '#/templates',
      ready: async (p) =>
        void (await expect(p.getByRole('table', { name: 'Checklist templates' })).toBeVisible()),
    },
    {
      name: 'schedules',
      hash: '#/schedules',
      ready: async (p) =>
        void (await expect(p.getByRole('table', { name: 'Maintenance schedules' })).toBeVisible()),
    },
    {
      name: 'schedule',
      hash: '#/schedules/63000000-0000-4000-8000-000000000003',
      ready: heading(/Valve inspection/),
    },
  ])
})
