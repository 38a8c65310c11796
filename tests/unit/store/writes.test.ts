import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutpostDB } from '../../../src/renderer/src/store/db'
import {
  createRow,
  deleteRow,
  discardMutation,
  updateRow,
  ValidationError,
} from '../../../src/renderer/src/store/writes'
import { applyPage } from '../../../src/renderer/src/sync/apply-page'
import { ORG, SITE, memoryDb, page, serverEquipment, writeContext } from './helpers'

let db: OutpostDB
beforeEach(() => {
  db = memoryDb()
})
afterEach(() => db.close())

const reading = {
  organization_id: ORG,
  site_id: SITE,
  period_start: '2026-03-01T06:00:00Z',
  period_end: '2026-03-02T06:00:00Z',
  energy_kwh: 1200,
}

describe('local writes', () => {
  it('stores the row and its insert mutation together, with a device-made id', async () => {
    const ctx = writeContext(db)
    const row = await createRow(ctx, 'energy_production', reading)
    expect(row).toMatchObject({
      ...reading,
      source: 'manual',
      equipment_id: null,
      _state: 'unsynced',
      _base: null,
    })
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/)
    const outbox = await db.outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      op: 'insert',
      table: 'energy_production',
      row_id: row.id,
      state: 'pending',
      sent: false,
      user_id: ctx.userId,
      device_id: ctx.deviceId,
    })
    expect(outbox[0]!.data).not.toHaveProperty('id')
    expect(outbox[0]!.data).not.toHaveProperty('created_at')
  })

  it('rejects invalid input with field messages and stores nothing', async () => {
    const ctx = writeContext(db)
    await expect(
      createRow(ctx, 'energy_production', { ...reading, energy_kwh: -5 }),
    ).rejects.toMatchObject({
      errors: { energy_kwh: 'Energy cannot be negative' },
    })
    await expect(
      createRow(ctx, 'energy_production', { ...reading, period_end: '2026-02-28T00:00:00Z' }),
    ).rejects.toBeInstanceOf(ValidationError)
    expect(await db.outbox.count()).toBe(0)
    expect(await db.energy_production.count()).toBe(0)
  })

  it('refuses text the database cannot store (NUL, half a surrogate pair) in any field, queueing nothing', async () => {
    const ctx = writeContext(db)
    const hidden = /hidden character that cannot be saved/
    await expect(
      createRow(ctx, 'energy_production', { ...reading, notes: 'meter \u0000 reset' }),
    ).rejects.toMatchObject({ errors: { notes: expect.stringMatching(hidden) } })
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await expect(
      updateRow(ctx, 'equipment', serverEquipment().id, { name: 'Gen \ud83d' }),
    ).rejects.toMatchObject({ errors: { name: expect.stringMatching(hidden) } })
    await expect(
      updateRow(ctx, 'equipment', serverEquipment().id, { notes: '\udc00 tail' }),
    ).rejects.toMatchObject({ errors: { notes: expect.stringMatching(hidden) } })
    await expect(
      createRow(ctx, 'maintenance_logs', {
        organization_id: ORG,
        site_id: SITE,
        equipment_id: serverEquipment().id,
        kind: 'corrective',
        performed_at: '2026-03-01T06:00:00Z',
        summary: 'Replaced fan',
        parts: [{ name: 'Fan\u0000', part_number: null, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ errors: { 'parts.0.name': expect.stringMatching(hidden) } })
    expect(await db.outbox.count()).toBe(0)
    expect(await db.energy_production.count()).toBe(0)
    // A complete pair (an emoji) is ordinary text.
    await updateRow(ctx, 'equipment', serverEquipment().id, { notes: 'all good \ud83d\udc4d' })
    expect(await db.outbox.count()).toBe(1)
  })

  it('coalesces edits of a synced row into one update that keeps the first base', async () => {
    const ctx = writeContext(db)
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    const id = serverEquipment().id
    await updateRow(ctx, 'equipment', id, { status: 'down' })
    await updateRow(ctx, 'equipment', id, { status: 'degraded', runtime_hours: 5010 })
    const outbox = await db.outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      op: 'update',
      base_updated_at: '2026-01-01 00:00:00.000001+00',
      data: { status: 'degraded', runtime_hours: 5010 },
      base: { status: 'operational', runtime_hours: 5000 },
    })
    const row = await db.equipment.get(id)
    expect(row).toMatchObject({
      status: 'degraded',
      _state: 'unsynced',
      _base: { status: 'operational' },
    })
    // Editing back to the server's values leaves nothing to push.
    await updateRow(ctx, 'equipment', id, { status: 'operational', runtime_hours: 5000 })
    expect(await db.outbox.count()).toBe(0)
    expect(await db.equipment.get(id)).toMatchObject({
      status: 'operational',
      _state: 'synced',
      _base: null,
    })
  })

  it('queues an edit naming a row created after the edited row’s mutation on its own, after that row', async () => {
    const ctx = writeContext(db)
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    const order = await createRow(ctx, 'work_orders', {
      organization_id: ORG,
      site_id: SITE,
      equipment_id: serverEquipment().id,
      title: 'Oil change',
    })
    await updateRow(ctx, 'work_orders', order.id, { priority: 'high' })
    const log = await createRow(ctx, 'maintenance_logs', {
      organization_id: ORG,
      site_id: SITE,
      equipment_id: serverEquipment().id,
      kind: 'preventive',
      performed_at: '2026-12-03T10:00:00Z',
      summary: 'Oil changed',
    })
    await updateRow(ctx, 'work_orders', order.id, { maintenance_log_id: log.id })
    const outbox = await db.outbox.orderBy('seq').toArray()
    expect(outbox.map((m) => [m.table, m.op, Object.keys(m.data).includes('priority')])).toEqual([
      ['work_orders', 'insert', true],
      ['maintenance_logs', 'insert', false],
      ['work_orders', 'update', false],
    ])
    expect(outbox[2]!.data).toEqual({ maintenance_log_id: log.id })
  })

  it('cancels a row created and deleted offline, and tombstones a synced one', async () => {
    const ctx = writeContext(db)
    const row = await createRow(ctx, 'energy_production', reading)
    await deleteRow(ctx, 'energy_production', row.id)
    expect(await db.outbox.count()).toBe(0)
    expect(await db.energy_production.get(row.id)).toBeUndefined()

    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await deleteRow(ctx, 'equipment', serverEquipment().id)
    expect(await db.equipment.get(serverEquipment().id)).toMatchObject({
      deleted_at: expect.any(String),
      _state: 'unsynced',
    })
    expect((await db.outbox.toArray())[0]).toMatchObject({
      op: 'delete',
      base_updated_at: serverEquipment().updated_at,
    })
    await expect(
      updateRow(ctx, 'equipment', serverEquipment().id, { status: 'down' }),
    ).rejects.toThrow(/deleted/)
  })

  it('refuses to set server-owned columns', async () => {
    const ctx = writeContext(db)
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await expect(
      updateRow(ctx, 'equipment', serverEquipment().id, { updated_at: 'x' }),
    ).rejects.toThrow(/updated_at/)
  })

  it('discarding a mutation puts the row back to its server version', async () => {
    const ctx = writeContext(db)
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await updateRow(ctx, 'equipment', serverEquipment().id, { status: 'down' })
    const [entry] = await db.outbox.toArray()
    await discardMutation(db, entry!.seq!)
    expect(await db.equipment.get(serverEquipment().id)).toMatchObject({
      status: 'operational',
      _state: 'synced',
      _base: null,
    })
    const created = await createRow(ctx, 'energy_production', reading)
    const [insert] = await db.outbox.toArray()
    await discardMutation(db, insert!.seq!)
    expect(await db.energy_production.get(created.id)).toBeUndefined()
  })

  it('lets a reading the server never accepted leave a month closed meanwhile, and keeps the server copy of a closed month locked', async () => {
    const ctx = writeContext(db)
    const created = await createRow(ctx, 'energy_production', reading)
    const [insert] = await db.outbox.toArray()
    // Refused by the server because the office closed March before the push arrived.
    await db.outbox.update(insert!.seq, { state: 'failed', sent: true })
    await db.energy_production.update(created.id, { _state: 'failed' })
    await db.period_closes.put({
      id: '60000000-0000-4000-8000-000000000001',
      organization_id: ORG,
      site_id: SITE,
      month: '2026-03-01',
      status: 'closed',
      reason: null,
      closed_by: null,
      closed_at: '2026-04-01 00:00:00+00',
      reopened_by: null,
      reopened_at: null,
      created_at: '2026-04-01 00:00:00+00',
      created_by: null,
      updated_at: '2026-04-01 00:00:00+00',
      updated_by: null,
      deleted_at: null,
    })
    await expect(
      updateRow(ctx, 'energy_production', created.id, { energy_kwh: 1300 }),
    ).rejects.toBeInstanceOf(ValidationError)
    const moved = await updateRow(ctx, 'energy_production', created.id, {
      period_start: '2026-04-01T05:00:00Z',
      period_end: '2026-04-02T05:00:00Z',
    })
    expect(moved).toMatchObject({ period_month: '2026-04-01', _state: 'unsynced' })
    const outbox = await db.outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ op: 'insert', state: 'pending', error: null })
    expect(outbox[0]!.data).toMatchObject({ period_start: '2026-04-01T05:00:00Z' })

    const onServer = {
      ...reading,
      id: '50000000-0000-4000-8000-000000000001',
      equipment_id: null,
      gas_volume_mcf: null,
      runtime_hours: null,
      source: 'meter',
      notes: null,
      period_month: '2026-03-01',
      created_at: '2026-03-02 00:00:00.000001+00',
      created_by: null,
      updated_at: '2026-03-02 00:00:00.000001+00',
      updated_by: null,
      deleted_at: null,
    }
    await applyPage(db, page({ energy_production: [onServer] }))
    await expect(
      updateRow(ctx, 'energy_production', onServer.id, {
        period_start: '2026-04-02T05:00:00Z',
        period_end: '2026-04-03T05:00:00Z',
      }),
    ).rejects.toBeInstanceOf(ValidationError)
    await expect(deleteRow(ctx, 'energy_production', onServer.id)).rejects.toBeInstanceOf(
      ValidationError,
    )
  })

  it('discarding the last edit of a row kept only because it left the scope removes the row', async () => {
    const ctx = writeContext(db)
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await updateRow(ctx, 'equipment', serverEquipment().id, { status: 'down' })
    await applyPage(db, page({}, { scope: { site_ids: [] } }))
    expect(await db.equipment.get(serverEquipment().id)).toMatchObject({ _outOfScope: true })
    const [entry] = await db.outbox.toArray()
    await discardMutation(db, entry!.seq!)
    expect(await db.equipment.get(serverEquipment().id)).toBeUndefined()
  })

  it('keeps equipment findable by serial number or asset tag', async () => {
    const ctx = writeContext(db)
    await createRow(ctx, 'equipment', {
      organization_id: ORG,
      site_id: SITE,
      kind: 'miner',
      name: 'Rack',
      serial_number: 'SN-ABC',
      asset_tag: 'TAG-9',
    })
    expect(await db.equipment.where('_search').equals('sn-abc').count()).toBe(1)
    expect(await db.equipment.where('_search').equals('tag-9').count()).toBe(1)
  })
})
