// A grid cell is saved through the daily form's write path (store/writes): new day → insert,
// changed day → update of that row, never a second reading; refusals come back in words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutpostDB } from '../../../src/renderer/src/store/db'
import { cellLock } from '../../../src/renderer/src/features/energy/grid/grid-model'
import type { CellTarget } from '../../../src/renderer/src/features/energy/grid/grid-save'
import { saveCell } from '../../../src/renderer/src/features/energy/grid/grid-save'
import { siteDay, startOfSiteDay } from '../../../src/shared/site-time'
import { ORG, SITE, memoryDb, writeContext } from '../store/helpers'

const TZ = 'America/Chicago'
const GEN = '40000000-0000-4000-8000-000000000101'
let db: OutpostDB

beforeEach(async () => {
  db = memoryDb()
  await db.sites.put({ id: SITE, organization_id: ORG, name: 'Mesa Verde', timezone: TZ } as never)
})
afterEach(() => db.close())

function target(day: string, over: Partial<CellTarget> = {}): CellTarget {
  return {
    siteId: SITE,
    organizationId: ORG,
    timeZone: TZ,
    meter: GEN,
    day,
    readingId: undefined,
    lock: cellLock(day, { today: '2026-03-20', closedMonths: new Set(), siteName: 'Mesa Verde' }),
    ...over,
  }
}

describe('saving a grid cell', () => {
  it('inserts a new day as the form does: the site day, kWh only, manual', async () => {
    const ctx = writeContext(db)
    const outcome = await saveCell(ctx, target('2026-03-08'), '15,234', 'en-US')
    expect(outcome).toMatchObject({ kind: 'saved', kwh: 15_234, created: true })
    const rows = await db.energy_production.toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      site_id: SITE,
      equipment_id: GEN,
      energy_kwh: 15_234,
      gas_volume_mcf: null,
      runtime_hours: null,
      source: 'manual',
      period_start: startOfSiteDay('2026-03-08', TZ),
      period_end: startOfSiteDay('2026-03-09', TZ),
      period_month: '2026-03-01',
      _state: 'unsynced',
    })
    expect(siteDay(rows[0]!.period_start, TZ)).toBe('2026-03-08')
    expect(await db.outbox.toArray()).toMatchObject([{ op: 'insert', row_id: rows[0]!.id }])
  })

  it('updates the day’s reading in place, also when the grid did not show it yet', async () => {
    const ctx = writeContext(db)
    const first = await saveCell(ctx, target('2026-03-10'), '100', 'en-US')
    // The cell did not know the reading yet (the live query had not come back): still one row.
    const again = await saveCell(ctx, target('2026-03-10'), '120', 'en-US')
    expect(again).toMatchObject({ kind: 'saved', kwh: 120, created: false })
    const shown = await saveCell(
      ctx,
      target('2026-03-10', { readingId: first.kind === 'saved' ? first.id : '' }),
      '130',
      'en-US',
    )
    expect(shown).toMatchObject({ kind: 'saved', kwh: 130, created: false })
    expect(await saveCell(ctx, target('2026-03-10'), '130', 'en-US')).toEqual({
      kind: 'unchanged',
    })
    const rows = await db.energy_production.toArray()
    expect(rows.map((r) => r.energy_kwh)).toEqual([130])
    // Insert then updates before a sync: one insert with the last value.
    const outbox = await db.outbox.toArray()
    expect(outbox).toMatchObject([{ op: 'insert', data: { energy_kwh: 130 } }])
  })

  it('updates only energy_kwh of a reading the server has', async () => {
    const ctx = writeContext(db)
    const serverRow = {
      id: 'a0000000-0000-4000-8000-000000000001',
      organization_id: ORG,
      site_id: SITE,
      equipment_id: GEN,
      period_start: '2026-03-05T06:00:00+00:00',
      period_end: '2026-03-06T06:00:00+00:00',
      period_month: '2026-03-01',
      energy_kwh: 20_000,
      gas_volume_mcf: 170,
      runtime_hours: 24,
      source: 'meter' as const,
      notes: 'Pilot relit',
      created_at: '2026-03-06 00:00:00.000001+00',
      created_by: null,
      updated_at: '2026-03-06 00:00:00.000001+00',
      updated_by: null,
      deleted_at: null,
      _state: 'synced' as const,
      _base: null,
    }
    await db.energy_production.put(serverRow)
    const outcome = await saveCell(ctx, target('2026-03-05'), '19800', 'en-US')
    expect(outcome).toMatchObject({ kind: 'saved', id: serverRow.id, created: false })
    expect(await db.energy_production.count()).toBe(1)
    expect(await db.energy_production.get(serverRow.id)).toMatchObject({
      energy_kwh: 19_800,
      gas_volume_mcf: 170,
      notes: 'Pilot relit',
    })
    expect(await db.outbox.toArray()).toMatchObject([
      { op: 'update', data: { energy_kwh: 19_800 }, base: { energy_kwh: 20_000 } },
    ])
  })

  it('refuses what the form refuses, with its words, and writes nothing', async () => {
    const ctx = writeContext(db)
    expect(await saveCell(ctx, target('2026-03-10'), '-5', 'en-US')).toEqual({
      kind: 'refused',
      message: 'Energy cannot be negative',
    })
    expect(await saveCell(ctx, target('2026-03-10'), 'abc', 'en-US')).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('"abc" is not a number'),
    })
    expect(await saveCell(ctx, target('2026-03-10'), '1,5', 'en-US')).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('use . for decimals'),
    })
    expect(await saveCell(ctx, target('2026-03-21'), '100', 'en-US')).toEqual({
      kind: 'refused',
      message: 'Mar 21, 2026 has not happened yet at Mesa Verde (today there is Mar 20, 2026).',
    })
    await db.period_closes.put({
      id: 'c0000000-0000-4000-8000-000000000001',
      organization_id: ORG,
      site_id: SITE,
      month: '2026-02-01',
      status: 'closed',
      deleted_at: null,
    } as never)
    expect(await saveCell(ctx, target('2026-02-27'), '100', 'en-US')).toEqual({
      kind: 'refused',
      message:
        'February 2026 is closed for this site. Enter a correction as an adjustment with a reason.',
    })
    expect(await db.energy_production.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('reads numbers in the user’s locale', async () => {
    const ctx = writeContext(db)
    expect(await saveCell(ctx, target('2026-03-11'), '15.234,5', 'de-DE')).toMatchObject({
      kind: 'saved',
      kwh: 15_234.5,
    })
  })
})
