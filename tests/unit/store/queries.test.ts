import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutpostDB } from '../../../src/renderer/src/store/db'
import {
  equipmentByCode,
  failedEditOf,
  isMonthClosed,
  listEquipment,
  listMaintenance,
  listSites,
} from '../../../src/renderer/src/store/queries'
import { ORG, SITE, memoryDb, serverEquipment } from './helpers'

let db: OutpostDB
beforeEach(() => {
  db = memoryDb()
})
afterEach(() => db.close())

const local = <T extends object>(row: T) => ({ ...row, _state: 'synced' as const, _base: null })

describe('screen reads', () => {
  it('leave out deleted rows unless asked, and sort by name', async () => {
    await db.equipment.bulkPut([
      local({
        ...serverEquipment({ id: 'a', name: 'Zeta', serial_number: 'Z-1' }),
        _search: ['z-1'],
      }),
      local({ ...serverEquipment({ id: 'b', name: 'Alpha' }), _search: ['gen-1'] }),
      local({
        ...serverEquipment({ id: 'c', name: 'Gone', deleted_at: '2026-01-02 00:00:00+00' }),
        _search: ['gen-1'],
      }),
    ] as never[])
    expect((await listEquipment(db)).map((e) => e.name)).toEqual(['Alpha', 'Zeta'])
    expect((await listEquipment(db, { withDeleted: true })).map((e) => e.name)).toEqual([
      'Alpha',
      'Gone',
      'Zeta',
    ])
    expect((await listEquipment(db, { siteId: 'elsewhere' })).length).toBe(0)
    expect((await equipmentByCode(db, ' GEN-1 ')).map((e) => e.id)).toEqual(['b'])
    expect(await listSites(db)).toEqual([])
  })

  it('filter maintenance by site, unit and whole days, newest first', async () => {
    const log = (id: string, performed_at: string, over: object = {}) =>
      local({
        id,
        organization_id: ORG,
        site_id: SITE,
        equipment_id: 'b',
        kind: 'inspection',
        performed_at,
        summary: id,
        details: null,
        downtime_hours: 0,
        parts: [],
        created_at: performed_at,
        created_by: null,
        updated_at: performed_at,
        updated_by: null,
        deleted_at: null,
        ...over,
      })
    await db.maintenance_logs.bulkPut([
      log('one', '2026-03-01T10:00:00Z'),
      log('two', '2026-03-02T23:00:00Z'),
      log('gone', '2026-03-02T11:00:00Z', { deleted_at: '2026-03-03 00:00:00+00' }),
      log('other', '2026-03-02T12:00:00Z', { equipment_id: 'a' }),
    ] as never[])
    const summaries = async (f: Parameters<typeof listMaintenance>[1]) =>
      (await listMaintenance(db, f)).map((l) => l.summary)
    expect(await summaries({ siteId: SITE })).toEqual(['two', 'other', 'one'])
    expect(await summaries({ equipmentId: 'b', to: '2026-03-02' })).toEqual(['two', 'one'])
    expect(await summaries({ siteId: SITE, from: '2026-03-02', limit: 1 })).toEqual(['two'])
  })

  it('find the refused edit of a record and whether its month is closed', async () => {
    await db.outbox.bulkAdd([
      { id: 'p', row_id: 'r', table: 'equipment', state: 'pending' },
      { id: 'f', row_id: 'r', table: 'equipment', state: 'failed' },
    ] as never[])
    expect((await failedEditOf(db, 'r'))?.id).toBe('f')
    expect(await failedEditOf(db, 'other')).toBeUndefined()
    await db.period_closes.put({
      id: 'c',
      site_id: SITE,
      month: '2026-03-01',
      status: 'reopened',
      deleted_at: null,
    } as never)
    expect(await isMonthClosed(db, SITE, '2026-03-01')).toBe(false)
    await db.period_closes.put({
      id: 'c',
      site_id: SITE,
      month: '2026-03-01',
      status: 'closed',
      deleted_at: null,
    } as never)
    expect(await isMonthClosed(db, SITE, '2026-03-01')).toBe(true)
  })
})
