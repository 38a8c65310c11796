import Dexie from 'dexie'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_VERSION, OutpostDB, readSyncState } from '../../../src/renderer/src/store/db'
import { createRow, updateRow } from '../../../src/renderer/src/store/writes'
import { applyPage } from '../../../src/renderer/src/sync/apply-page'
import { applyPushResults } from '../../../src/renderer/src/sync/apply-results'
import { ORG, SITE, memoryDb, page, serverEquipment, writeContext } from './helpers'

let db: OutpostDB
beforeEach(() => {
  db = memoryDb()
})
afterEach(() => db.close())

const ID = serverEquipment().id

describe('applyPage', () => {
  it('stores rows and the cursor together; a tombstone removes a row', async () => {
    const p = page({ equipment: [serverEquipment()] })
    await applyPage(db, p)
    expect(await db.equipment.get(ID)).toMatchObject({ name: 'Generator A', _state: 'synced' })
    expect((await readSyncState(db)).cursor).toEqual(p.cursor)
    await applyPage(
      db,
      page({ equipment: [serverEquipment({ deleted_at: '2026-02-01 00:00:00+00' })] }),
    )
    expect(await db.equipment.get(ID)).toBeUndefined()
  })

  it('keeps the user’s unsynced edits on top of a newer server row', async () => {
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await updateRow(writeContext(db), 'equipment', ID, { status: 'down' })
    const newer = serverEquipment({
      notes: 'office note',
      status: 'maintenance',
      updated_at: '2026-01-02 00:00:00+00',
    })
    await applyPage(db, page({ equipment: [newer] }))
    expect(await db.equipment.get(ID)).toMatchObject({
      status: 'down',
      notes: 'office note',
      _state: 'unsynced',
      _base: { status: 'maintenance', updated_at: '2026-01-02 00:00:00+00' },
    })
    // The mutation still carries the base the user started from.
    expect((await db.outbox.toArray())[0]).toMatchObject({
      base_updated_at: '2026-01-01 00:00:00.000001+00',
      base: { status: 'operational' },
    })
  })

  it('drops rows of sites that left the scope, flagging those with unsynced edits', async () => {
    const other = '30000000-0000-4000-8000-000000000002'
    await applyPage(
      db,
      page(
        {
          equipment: [
            serverEquipment(),
            serverEquipment({ id: '40000000-0000-4000-8000-000000000201', site_id: other }),
          ],
        },
        { scope: { site_ids: [SITE, other] } },
      ),
    )
    await updateRow(writeContext(db), 'equipment', '40000000-0000-4000-8000-000000000201', {
      status: 'down',
    })
    await applyPage(db, page({}, { scope: { site_ids: [SITE] } }))
    expect(await db.equipment.get(ID)).toBeDefined()
    expect(await db.equipment.get('40000000-0000-4000-8000-000000000201')).toMatchObject({
      _outOfScope: true,
      _state: 'unsynced',
    })
    await applyPage(
      db,
      page(
        {
          equipment: [
            serverEquipment({ id: '40000000-0000-4000-8000-000000000202', site_id: other }),
          ],
        },
        { scope: { site_ids: [SITE] }, has_more: true },
      ),
    )
    expect(await db.equipment.get('40000000-0000-4000-8000-000000000202')).toBeDefined()
  })

  it('clears the out-of-scope flag of an edited row when a pull brings the row again', async () => {
    const other = '30000000-0000-4000-8000-000000000002'
    const id = '40000000-0000-4000-8000-000000000201'
    await applyPage(
      db,
      page(
        { equipment: [serverEquipment({ id, site_id: other })] },
        { scope: { site_ids: [SITE, other] } },
      ),
    )
    await updateRow(writeContext(db), 'equipment', id, { status: 'down' })
    await applyPage(db, page({}, { scope: { site_ids: [SITE] } }))
    expect(await db.equipment.get(id)).toMatchObject({ _outOfScope: true })
    // The site is assigned again: the backfill brings the row; it is in scope, edit kept.
    await applyPage(
      db,
      page(
        { equipment: [serverEquipment({ id, site_id: other })] },
        { scope: { site_ids: [SITE, other] } },
      ),
    )
    const row = await db.equipment.get(id)
    expect(row).toMatchObject({ status: 'down', _state: 'unsynced' })
    expect(row?._outOfScope).toBeUndefined()
  })

  it('drops rows that moved to a site the user cannot see, keeping those with unsynced edits flagged', async () => {
    const kept = '40000000-0000-4000-8000-000000000102'
    const untouched = '40000000-0000-4000-8000-000000000103'
    await applyPage(
      db,
      page({
        equipment: [
          serverEquipment(),
          serverEquipment({ id: kept }),
          serverEquipment({ id: untouched }),
        ],
      }),
    )
    await updateRow(writeContext(db), 'equipment', kept, { status: 'down' })
    const move = (rowId: string, table = 'equipment') => ({
      id: crypto.randomUUID(),
      organization_id: ORG,
      table_name: table,
      row_id: rowId,
      from_site_id: SITE,
      moved_at: '2026-02-01 00:00:00+00',
    })
    const stats = await applyPage(
      db,
      page({
        sync_moves: [move(ID), move(kept), move('40000000-0000-4000-8000-000000000999')],
      }),
    )
    expect(await db.equipment.get(ID)).toBeUndefined()
    expect(await db.equipment.get(kept)).toMatchObject({
      status: 'down',
      _state: 'unsynced',
      _outOfScope: true,
    })
    expect(await db.equipment.get(untouched)).toMatchObject({ _state: 'synced' })
    expect(await db.outbox.count()).toBe(1)
    // Moves are instructions, not rows: not counted, not stored anywhere.
    expect(stats.rows).toBe(0)
    expect(db.tables.map((t) => t.name)).not.toContain('sync_moves')
    // Without the move, a page of the same scope leaves the row where it was.
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    expect(await db.equipment.get(ID)).toMatchObject({ _state: 'synced' })
  })

  it('on reset forgets synced rows but keeps the outbox and edited rows', async () => {
    await applyPage(
      db,
      page({
        equipment: [
          serverEquipment(),
          serverEquipment({ id: '40000000-0000-4000-8000-000000000102' }),
        ],
      }),
    )
    await updateRow(writeContext(db), 'equipment', ID, { status: 'down' })
    await applyPage(db, page({ sites: [] }, { reset: true }))
    expect(await db.equipment.get('40000000-0000-4000-8000-000000000102')).toBeUndefined()
    expect(await db.equipment.get(ID)).toMatchObject({ status: 'down' })
    expect(await db.outbox.count()).toBe(1)
  })
})

describe('applyPushResults', () => {
  it('replaces the row with the server row and drops the mutation when applied', async () => {
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await updateRow(writeContext(db), 'equipment', ID, { status: 'down' })
    const sent = await db.outbox.toArray()
    const server = serverEquipment({ status: 'down', updated_at: '2026-01-03 00:00:00.5+00' })
    await applyPushResults(db, sent, {
      server_time: new Date().toISOString(),
      results: [
        { id: sent[0]!.id, status: 'applied', row: server, conflict_id: null, error: null },
      ],
    })
    expect(await db.outbox.count()).toBe(0)
    expect(await db.equipment.get(ID)).toMatchObject({
      status: 'down',
      updated_at: '2026-01-03 00:00:00.5+00',
      _state: 'synced',
      _base: null,
    })
  })

  it('sends "retry" entries again later, and with them what was rejected only for lack of them', async () => {
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    const ctx = writeContext(db)
    const unit = await createRow(ctx, 'equipment', {
      organization_id: ORG,
      site_id: SITE,
      kind: 'miner',
      name: 'New miner',
    })
    const log = await createRow(ctx, 'maintenance_logs', {
      organization_id: ORG,
      site_id: SITE,
      equipment_id: unit.id,
      kind: 'inspection',
      performed_at: '2026-03-01T06:00:00Z',
      summary: 'Installed',
    })
    await updateRow(ctx, 'equipment', ID, { status: 'down' })
    const sent = await db.outbox.toArray()
    const outcome = await applyPushResults(db, sent, {
      server_time: new Date().toISOString(),
      results: [
        {
          id: sent[0]!.id,
          status: 'retry',
          row: null,
          conflict_id: null,
          error: { code: 'transient', message: 'deadlock detected', sqlstate: '40P01' },
        },
        {
          id: sent[1]!.id,
          status: 'rejected',
          row: null,
          conflict_id: null,
          error: { code: 'foreign_key_violation', message: 'no such equipment' },
        },
        {
          id: sent[2]!.id,
          status: 'rejected',
          row: null,
          conflict_id: null,
          error: { code: 'check_violation', message: 'no' },
        },
      ],
    })
    expect(outcome).toMatchObject({ rejected: 1, deferred: [sent[0]!.id, sent[1]!.id] })
    expect((await db.outbox.toArray()).map((e) => [e.row_id, e.state, e.error?.code])).toEqual([
      [unit.id, 'pending', undefined],
      [log.id, 'pending', undefined],
      [ID, 'failed', 'check_violation'],
    ])
    expect(await db.equipment.get(unit.id)).toMatchObject({ _state: 'unsynced' })
    expect(await db.maintenance_logs.get(log.id)).toMatchObject({ _state: 'unsynced' })
  })

  it('keeps a rejected mutation as failed with its reason, and marks the row', async () => {
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await updateRow(writeContext(db), 'equipment', ID, { status: 'down' })
    const sent = await db.outbox.toArray()
    await applyPushResults(db, sent, {
      server_time: new Date().toISOString(),
      results: [
        {
          id: sent[0]!.id,
          status: 'rejected',
          row: null,
          conflict_id: null,
          error: { code: 'forbidden', message: 'you may not change this equipment row' },
        },
      ],
    })
    expect(await db.outbox.toArray()).toMatchObject([
      { state: 'failed', error: { code: 'forbidden' } },
    ])
    expect(await db.equipment.get(ID)).toMatchObject({ status: 'down', _state: 'failed' })
  })

  it('stores the conflict the server recorded, as the server sent it, and takes the winning row', async () => {
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await updateRow(writeContext(db), 'equipment', ID, { status: 'down' })
    const sent = await db.outbox.toArray()
    const winner = serverEquipment({ status: 'retired', updated_at: '2026-01-04 00:00:00+00' })
    const recorded = {
      id: '50000000-0000-4000-8000-000000000001',
      organization_id: ORG,
      site_id: SITE,
      table_name: 'equipment',
      row_id: ID,
      mutation_id: sent[0]!.id,
      device_id: sent[0]!.device_id,
      op: 'update',
      fields: ['status'],
      base: { status: 'operational' },
      server: { status: 'retired' },
      client: { status: 'down' },
      winner: 'server',
      client_changed_at: sent[0]!.changed_at,
      server_updated_at: '2026-01-04T00:00:00+00:00',
      server_updated_by: '00000000-0000-4000-8000-000000000002',
      status: 'open',
      resolution: null,
      resolved_by: null,
      resolved_at: null,
      created_at: '2026-01-04T00:00:01+00:00',
      created_by: '00000000-0000-4000-8000-000000000003',
      updated_at: '2026-01-04T00:00:01.123456+00:00',
      updated_by: '00000000-0000-4000-8000-000000000003',
      deleted_at: null,
    }
    await applyPushResults(db, sent, {
      server_time: new Date().toISOString(),
      results: [
        {
          id: sent[0]!.id,
          status: 'conflict',
          row: winner,
          conflict_id: recorded.id,
          conflict: recorded,
          error: null,
        },
      ],
    })
    expect(await db.equipment.get(ID)).toMatchObject({ status: 'retired', _state: 'synced' })
    expect(await db.conflicts.get(recorded.id)).toEqual(recorded)
  })

  it('stores no made-up conflict when an older server sends only its id (the pull brings it)', async () => {
    await applyPage(db, page({ equipment: [serverEquipment()] }))
    await updateRow(writeContext(db), 'equipment', ID, { status: 'down' })
    const sent = await db.outbox.toArray()
    await applyPushResults(db, sent, {
      server_time: new Date().toISOString(),
      results: [
        {
          id: sent[0]!.id,
          status: 'conflict',
          row: serverEquipment({ status: 'retired', updated_at: '2026-01-04 00:00:00+00' }),
          conflict_id: '50000000-0000-4000-8000-000000000002',
          error: null,
        },
      ],
    })
    expect(await db.conflicts.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('follows the server when a reading was merged into an existing row', async () => {
    const ctx = writeContext(db)
    const mine = await createRow(ctx, 'energy_production', {
      organization_id: ORG,
      site_id: SITE,
      period_start: '2026-03-01T06:00:00Z',
      period_end: '2026-03-02T06:00:00Z',
      energy_kwh: 1000,
    })
    // As the engine does: mark the insert as carried by a push before sending it.
    const sent = (await db.outbox.toArray()).map((e) => ({
      ...e,
      sent: true,
      state: 'sending' as const,
    }))
    await db.outbox.bulkPut(sent)
    await updateRow(ctx, 'energy_production', mine.id, { notes: 'edited while in flight' })
    const existing = {
      ...mine,
      id: '60000000-0000-4000-8000-000000000001',
      created_by: null,
      updated_by: null,
      updated_at: '2026-03-02 10:00:00+00',
    } as Record<string, unknown>
    for (const k of ['_state', '_base']) delete existing[k]
    await applyPushResults(db, sent, {
      server_time: new Date().toISOString(),
      results: [
        { id: sent[0]!.id, status: 'merged', row: existing, conflict_id: null, error: null },
      ],
    })
    expect(await db.energy_production.get(mine.id)).toBeUndefined()
    expect(await db.energy_production.get(existing.id as string)).toMatchObject({
      notes: 'edited while in flight',
      _state: 'unsynced',
    })
    expect(await db.outbox.toArray()).toMatchObject([{ row_id: existing.id, op: 'update' }])
  })
})

describe('schema upgrade', () => {
  it('keeps the outbox and edited rows when a version-1 database is opened by the app, with v1 state names renamed', async () => {
    const indexedDB = new IDBFactory()
    const v1 = new Dexie('outpost', { indexedDB, IDBKeyRange })
    v1.version(1).stores({
      sites: 'id, organization_id, status, _state',
      equipment: 'id, site_id, [site_id+status], status, kind, _state',
      maintenance_logs:
        'id, site_id, equipment_id, performed_at, [site_id+performed_at], [equipment_id+performed_at], _state',
      energy_production:
        'id, site_id, equipment_id, [site_id+period_start], [equipment_id+period_start], _state',
      conflicts: 'id, status, [table_name+row_id], site_id',
      outbox: '++seq, &id, row_id, [table+row_id], state, user_id',
      sync_state: 'key',
      meta: 'key',
    })
    await v1
      .table('equipment')
      .put({ ...serverEquipment({ status: 'down' }), _state: 'pending', _base: serverEquipment() })
    await v1.table('outbox').add({
      id: 'm1',
      table: 'equipment',
      op: 'update',
      row_id: ID,
      data: { status: 'down' },
      state: 'pending',
      user_id: 'u',
    })
    v1.close()
    const upgraded = new OutpostDB('outpost', { indexedDB, IDBKeyRange })
    await upgraded.open()
    expect(upgraded.verno).toBe(DB_VERSION)
    expect(await upgraded.outbox.toArray()).toMatchObject([{ id: 'm1', row_id: ID }])
    expect(await upgraded.equipment.get(ID)).toMatchObject({
      status: 'down',
      _state: 'unsynced',
      _search: ['gen-1', 'op-1'],
    })
    expect(await upgraded.equipment.where('_search').equals('op-1').count()).toBe(1)
    upgraded.close()
  })

  it('forgets the cursor positions of tables a version-3 app did not know, and keeps the others', async () => {
    const indexedDB = new IDBFactory()
    const v3 = new Dexie('outpost', { indexedDB, IDBKeyRange })
    v3.version(3).stores({
      sites: 'id, organization_id, status, _state',
      equipment: 'id, site_id, [site_id+status], status, kind, _state, *_search',
      maintenance_logs:
        'id, site_id, equipment_id, performed_at, [site_id+performed_at], [equipment_id+performed_at], _state',
      energy_production:
        'id, site_id, equipment_id, period_start, [site_id+period_start], [equipment_id+period_start], _state',
      conflicts: 'id, status, [table_name+row_id], site_id',
      period_closes: 'id, site_id, [site_id+month]',
      outbox: '++seq, &id, row_id, [table+row_id], state, user_id',
      sync_state: 'key',
      meta: 'key',
    })
    // What a version-3 app stored after pulling from a server that already had work orders.
    const tables = {
      sites: { x: '90', id: 'a' },
      work_orders: { x: '95', id: 'b' },
      work_order_steps: { x: '96', id: 'c' },
    }
    await v3.table('sync_state').put({
      key: 'main',
      cursor: {
        v: 1,
        seen: '99',
        tables,
        backfill: { sites: ['s'], tables, done: ['sites', 'work_orders'] },
      },
      scope: ['s'],
      userId: 'u',
    })
    v3.close()
    const upgraded = new OutpostDB('outpost', { indexedDB, IDBKeyRange })
    await upgraded.open()
    expect((await readSyncState(upgraded)).cursor).toEqual({
      v: 1,
      seen: '99',
      tables: { sites: { x: '90', id: 'a' } },
      backfill: { sites: ['s'], tables: { sites: { x: '90', id: 'a' } }, done: ['sites'] },
    })
    expect(await upgraded.work_orders.count()).toBe(0)
    upgraded.close()
  })

  it('gives sites and units cached by a version-5 app the custom fields and drop threshold the migration gave the server rows, on the row and on the server copy under an edit', async () => {
    const indexedDB = new IDBFactory()
    const v5 = new Dexie('outpost', { indexedDB, IDBKeyRange })
    v5.version(5).stores({
      sites: 'id, organization_id, status, _state',
      equipment: 'id, site_id, [site_id+status], status, kind, _state, *_search',
      maintenance_logs:
        'id, site_id, equipment_id, performed_at, [site_id+performed_at], [equipment_id+performed_at], _state',
      energy_production:
        'id, site_id, equipment_id, period_start, [site_id+period_start], [equipment_id+period_start], _state',
      conflicts: 'id, status, [table_name+row_id], site_id',
      period_closes: 'id, site_id, [site_id+month]',
      work_orders:
        'id, site_id, equipment_id, status, assignee_id, [site_id+status], schedule_id, _state',
      work_order_steps: 'id, site_id, work_order_id, _state',
      maintenance_schedules: 'id, site_id, equipment_id, _state',
      outbox: '++seq, &id, row_id, [table+row_id], state, user_id',
      sync_state: 'key',
      meta: 'key',
    })
    await v5.table('equipment').put({
      ...serverEquipment({ status: 'down' }),
      _state: 'unsynced',
      _base: serverEquipment(),
    })
    await v5
      .table('sites')
      .put({ id: SITE, organization_id: ORG, name: 'S', _state: 'synced', _base: null })
    v5.close()
    const upgraded = new OutpostDB('outpost', { indexedDB, IDBKeyRange })
    await upgraded.open()
    expect(await upgraded.equipment.get(ID)).toMatchObject({
      status: 'down',
      custom_fields: {},
      _base: { status: 'operational', custom_fields: {} },
    })
    expect(await upgraded.sites.get(SITE)).toMatchObject({
      custom_fields: {},
      production_drop_pct: 20,
      _base: null,
    })
    upgraded.close()
  })
})
