import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'
import { push, rowOf } from '../../support/sync'
import { conflictRowSchema } from '../../../src/shared/schema/tables'

let db: TestDatabase
let tech1: Actor
let tech2: Actor
let office: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  tech2 = await actorFor(db.pool, EMAIL.tech2)
  office = await actorFor(db.pool, EMAIL.office)
})
afterAll(() => db.drop())

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString()

describe('sync_push', () => {
  it('applies an update whose base matches, and records device and mutation in the journal', async () => {
    const id = equipment(1, 1)
    const before = await rowOf(db.pool, 'equipment', id)
    const [r] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: before.updated_at as string,
        data: { status: 'degraded', runtime_hours: 6100.5 },
        base: { status: before.status, runtime_hours: before.runtime_hours },
      },
    ])
    expect(r).toMatchObject({ status: 'applied', error: null, conflict_id: null })
    expect(r!.row).toMatchObject({
      id,
      status: 'degraded',
      runtime_hours: 6100.5,
      updated_by: tech1.sub,
    })
    expect(Date.parse(r!.row!.updated_at as string)).toBeGreaterThan(
      Date.parse(before.updated_at as string),
    )
    const { rows } = await db.pool.query(
      `select op, actor_id, device_id, mutation_id, changed, before, after from business.journal
       where table_name = 'equipment' and row_id = $1 order by id desc limit 1`,
      [id],
    )
    expect(rows[0]).toMatchObject({
      op: 'update',
      actor_id: tech1.sub,
      mutation_id: r!.id,
      // A status and hours sent without their moments get the server's
      // (stamp_equipment_status, stamp_equipment_hours).
      changed: ['status', 'runtime_hours', 'runtime_hours_at', 'status_changed_at'],
      before: { status: 'operational' },
      after: { status: 'degraded', runtime_hours: 6100.5 },
    })
    expect(rows[0].device_id).toBeTruthy()
  })

  it('answers a repeated mutation id with duplicate and changes nothing', async () => {
    const id = equipment(1, 2)
    const before = await rowOf(db.pool, 'equipment', id)
    const m = {
      id: randomUUID(),
      table: 'equipment',
      op: 'update' as const,
      row_id: id,
      base_updated_at: before.updated_at as string,
      data: { runtime_hours: 7000 },
      base: { runtime_hours: before.runtime_hours },
    }
    const [first] = await push(db.pool, tech1, [m])
    const afterFirst = await rowOf(db.pool, 'equipment', id)
    const [again] = await push(db.pool, tech1, [m])
    expect(first!.status).toBe('applied')
    expect(again).toMatchObject({ id: m.id, status: 'duplicate', row: first!.row })
    expect(await rowOf(db.pool, 'equipment', id)).toEqual(afterFirst)
    const { rows } = await db.pool.query(
      'select count(*)::int as n from business.journal where mutation_id = $1',
      [m.id],
    )
    expect(rows[0].n).toBe(1)
  })

  it('merges fields the server did not change', async () => {
    const id = equipment(1, 3)
    const base = await rowOf(db.pool, 'equipment', id)
    await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { notes: 'office note' },
        base: { notes: base.notes },
      },
    ])
    const [r] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { status: 'maintenance' },
        base: { status: base.status },
      },
    ])
    expect(r!.status).toBe('merged')
    expect(r!.row).toMatchObject({ status: 'maintenance', notes: 'office note' })
  })

  it('decides a field changed on both sides by the later change and keeps the loser', async () => {
    const id = equipment(1, 4)
    const base = await rowOf(db.pool, 'equipment', id)
    const editedAt = new Date().toISOString()
    // The office edits after the technician's offline edit was made, but syncs first.
    await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { status: 'down' },
        base: { status: base.status },
        changed_at: later(editedAt, 10),
      },
    ])
    const [r] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { status: 'degraded', runtime_hours: 9999 },
        base: { status: base.status, runtime_hours: base.runtime_hours },
        changed_at: later(editedAt, -60_000),
      },
    ])
    expect(r!.status).toBe('conflict')
    expect(r!.row).toMatchObject({ status: 'down', runtime_hours: 9999 })
    const { rows } = await db.pool.query('select * from business.sync_conflicts where id = $1', [
      r!.conflict_id,
    ])
    expect(rows[0]).toMatchObject({
      table_name: 'equipment',
      row_id: id,
      mutation_id: r!.id,
      fields: ['status'],
      base: { status: 'operational' },
      server: { status: 'down' },
      client: { status: 'degraded' },
      winner: 'server',
      status: 'open',
      site_id: site(1),
      organization_id: ORG.tenNetZero,
    })
    // The answer carries that record as a pull returns it, valid for the device's schema.
    const { rows: pulled } = await db.pool.query<{ j: unknown }>(
      `select to_jsonb(c) - 'txid' as j from business.sync_conflicts c where id = $1`,
      [r!.conflict_id],
    )
    const answered = (r as { conflict?: unknown }).conflict
    expect(answered).toEqual(pulled[0]!.j)
    expect(conflictRowSchema.safeParse(answered).success).toBe(true)
  })

  it('lets the later device edit win a field conflict, keeping the server value', async () => {
    const id = equipment(2, 5)
    const base = await rowOf(db.pool, 'equipment', id)
    await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { name: 'Office name' },
        base: { name: base.name },
      },
    ])
    const [r] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { name: 'Tech name' },
        base: { name: base.name },
        changed_at: later(new Date().toISOString(), 5000),
      },
    ])
    expect(r!.status).toBe('conflict')
    expect(r!.row).toMatchObject({ name: 'Tech name' })
    const { rows } = await db.pool.query(
      'select winner, server, client from business.sync_conflicts where id = $1',
      [r!.conflict_id],
    )
    expect(rows[0]).toEqual({
      winner: 'client',
      server: { name: 'Office name' },
      client: { name: 'Tech name' },
    })
  })

  it('keeps a field only the server changed: the device sent it at its base value', async () => {
    const id = equipment(2, 1)
    const before = await rowOf(db.pool, 'equipment', id)
    const [office1] = await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: before.updated_at as string,
        data: { notes: 'belts replaced' },
        base: { notes: before.notes },
      },
    ])
    expect(office1!.status).toBe('applied')
    // The technician's edit, made later, changed the status and left the notes as it saw them.
    const [r] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: before.updated_at as string,
        data: { status: 'degraded', notes: before.notes },
        base: { status: before.status, notes: before.notes },
        changed_at: later(new Date().toISOString(), 1000),
      },
    ])
    expect(r).toMatchObject({
      status: 'merged',
      conflict_id: null,
      row: { status: 'degraded', notes: 'belts replaced' },
    })
  })

  it('merges a derived insert into the row made first, keeping what people changed there', async () => {
    const id = randomUUID()
    const derived = {
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      title: 'Derived order',
      kind: 'preventive',
      priority: 'normal',
      status: 'open',
    }
    const [first] = await push(db.pool, tech1, [
      { table: 'work_orders', op: 'insert', row_id: id, data: derived, base: derived },
    ])
    expect(first!.status).toBe('applied')
    await push(db.pool, office, [
      {
        table: 'work_orders',
        op: 'update',
        row_id: id,
        base_updated_at: first!.row!.updated_at as string,
        data: { priority: 'urgent' },
        base: { priority: 'normal' },
      },
    ])
    // Another laptop's copy of the same derived row: merged, the office's priority kept.
    const [second] = await push(db.pool, tech1, [
      { table: 'work_orders', op: 'insert', row_id: id, data: derived, base: derived },
    ])
    expect(second).toMatchObject({
      status: 'merged',
      conflict_id: null,
      row: { id, priority: 'urgent' },
    })
    // An insert that sends no base still has every difference decided by time (this one is
    // the later change) and recorded.
    const [plain] = await push(db.pool, tech1, [
      { table: 'work_orders', op: 'insert', row_id: id, data: derived },
    ])
    expect(plain).toMatchObject({ status: 'conflict', row: { priority: 'normal' } })
  })

  it('clamps a device clock running ahead to the server clock', async () => {
    const id = equipment(2, 6)
    const base = await rowOf(db.pool, 'equipment', id)
    const [r] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { notes: 'x' },
        changed_at: later(new Date().toISOString(), 86_400_000),
      },
    ])
    expect(r!.status).toBe('applied')
    const { rows } = await db.pool.query(
      'select changed_at from business.sync_mutations where id = $1',
      [r!.id],
    )
    expect((rows[0].changed_at as Date).getTime()).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('compares values through their column types, not their spelling', async () => {
    const id = equipment(2, 7)
    const base = await rowOf(db.pool, 'equipment', id)
    await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { notes: 'touched' },
      },
    ])
    // The device sends the same runtime hours as a string with extra zeros: not a conflict.
    const [r] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: id,
        base_updated_at: base.updated_at as string,
        data: { runtime_hours: '6000.00', status: 'down' },
        base: { runtime_hours: String(base.runtime_hours), status: base.status },
      },
    ])
    expect(r!.status).toBe('merged')
    expect(r!.row).toMatchObject({ runtime_hours: 6000, status: 'down', notes: 'touched' })
  })

  it('inserts rows made on the device with their own ids, and a dependent row in the same batch', async () => {
    const eq = randomUUID()
    const log = randomUUID()
    const results = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'insert',
        row_id: eq,
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          kind: 'miner',
          name: 'Field rack 9',
          status: 'operational',
        },
      },
      {
        table: 'maintenance_logs',
        op: 'insert',
        row_id: log,
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          equipment_id: eq,
          kind: 'inspection',
          performed_at: new Date().toISOString(),
          summary: 'Commissioned',
          parts: [],
        },
      },
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
    expect(results[0]!.row).toMatchObject({ id: eq, created_by: tech1.sub })
    expect(results[1]!.row).toMatchObject({ id: log, equipment_id: eq })
  })

  it('turns the same reading entered twice into a conflict on the existing row, never a second row', async () => {
    const start = '2030-01-01T06:00:00Z'
    const reading = (kwh: number) => ({
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      period_start: start,
      period_end: '2030-01-02T06:00:00Z',
      energy_kwh: kwh,
    })
    const firstId = randomUUID()
    const [a] = await push(db.pool, tech1, [
      { table: 'energy_production', op: 'insert', row_id: firstId, data: reading(1000) },
    ])
    expect(a!.status).toBe('applied')
    const [same] = await push(db.pool, office, [
      { table: 'energy_production', op: 'insert', row_id: randomUUID(), data: reading(1000) },
    ])
    expect(same).toMatchObject({ status: 'merged', conflict_id: null })
    expect(same!.row!.id).toBe(firstId)
    const [differs] = await push(db.pool, office, [
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: reading(1200),
        changed_at: later(new Date().toISOString(), 1000),
      },
    ])
    expect(differs!.status).toBe('conflict')
    expect(differs!.row).toMatchObject({ id: firstId, energy_kwh: 1200 })
    const { rows } = await db.pool.query(
      `select count(*)::int as n from business.energy_production where site_id = $1 and period_start = $2`,
      [site(1), start],
    )
    expect(rows[0].n).toBe(1)
    const c = await db.pool.query(
      'select fields, server, client, winner, base from business.sync_conflicts where id = $1',
      [differs!.conflict_id],
    )
    expect(c.rows[0]).toEqual({
      fields: ['energy_kwh'],
      server: { energy_kwh: 1000 },
      client: { energy_kwh: 1200 },
      winner: 'client',
      base: {},
    })
  })

  it('soft-deletes, and resolves delete against a later update by time', async () => {
    const a = equipment(1, 6)
    const baseA = await rowOf(db.pool, 'equipment', a)
    const [del] = await push(db.pool, tech1, [
      { table: 'equipment', op: 'delete', row_id: a, base_updated_at: baseA.updated_at as string },
    ])
    expect(del!.status).toBe('applied')
    expect(del!.row!.deleted_at).toBeTruthy()
    const [again] = await push(db.pool, tech1, [
      { table: 'equipment', op: 'delete', row_id: a, base_updated_at: baseA.updated_at as string },
    ])
    expect(again!.status).toBe('applied')

    // The office edited after the technician deleted offline: the edit wins, the delete is kept.
    const b = equipment(1, 7)
    const baseB = await rowOf(db.pool, 'equipment', b)
    const deletedAt = new Date(Date.now() - 60_000).toISOString()
    await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: b,
        base_updated_at: baseB.updated_at as string,
        data: { notes: 'still here' },
      },
    ])
    const [lost] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'delete',
        row_id: b,
        base_updated_at: baseB.updated_at as string,
        changed_at: deletedAt,
      },
    ])
    expect(lost!.status).toBe('conflict')
    expect(lost!.row!.deleted_at).toBeNull()
    const c = await db.pool.query(
      'select fields, winner, client from business.sync_conflicts where id = $1',
      [lost!.conflict_id],
    )
    expect(c.rows[0]).toMatchObject({ fields: ['deleted_at'], winner: 'server' })

    // An update made offline against a row deleted later on the server: the delete wins and
    // the device's values are kept in the conflict.
    const d = equipment(2, 8)
    const baseD = await rowOf(db.pool, 'equipment', d)
    await push(db.pool, office, [
      { table: 'equipment', op: 'delete', row_id: d, base_updated_at: baseD.updated_at as string },
    ])
    const [upd] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: d,
        base_updated_at: baseD.updated_at as string,
        data: { status: 'down' },
        base: { status: baseD.status },
        changed_at: deletedAt,
      },
    ])
    expect(upd!.status).toBe('conflict')
    expect(upd!.row!.deleted_at).not.toBeNull()
    const c2 = await db.pool.query(
      'select fields, winner, client from business.sync_conflicts where id = $1',
      [upd!.conflict_id],
    )
    expect(c2.rows[0]).toEqual({
      fields: ['deleted_at', 'status'],
      winner: 'server',
      client: { deleted_at: null, status: 'down' },
    })
  })

  it('rejects bad mutations one by one with a clear code, without failing the batch', async () => {
    const good = equipment(2, 1)
    const goodBase = await rowOf(db.pool, 'equipment', good)
    const results = await push(db.pool, tech1, [
      { table: 'equipment', op: 'update', row_id: equipment(4, 1), data: { status: 'down' } }, // tech2's site
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          period_start: '2030-02-01T00:00:00Z',
          period_end: '2030-02-02T00:00:00Z',
          energy_kwh: -5,
        },
      },
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          period_start: '2030-02-01T00:00:00Z',
          period_end: '2030-01-31T00:00:00Z',
          energy_kwh: 5,
        },
      },
      {
        table: 'equipment',
        op: 'update',
        row_id: good,
        base_updated_at: goodBase.updated_at as string,
        data: { status: 'retired' },
      },
      { table: 'invoices', op: 'update', row_id: randomUUID(), data: { amount: 1 } },
      { table: 'equipment', op: 'update', row_id: good, data: { created_by: tech2.sub } },
      {
        table: 'equipment',
        op: 'insert',
        row_id: randomUUID(),
        data: { organization_id: ORG.tenNetZero, site_id: site(4), kind: 'miner', name: 'x' },
      },
      { table: 'equipment', op: 'update', row_id: good, data: { runtime_hours: 'lots' } },
      {
        table: 'maintenance_logs',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          equipment_id: randomUUID(),
          kind: 'inspection',
          performed_at: new Date().toISOString(),
          summary: 'ghost',
        },
      },
      { table: 'equipment', op: 'update', row_id: randomUUID(), data: { status: 'down' } },
    ])
    expect(results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
      ['rejected', 'not_found'],
      ['rejected', 'check_violation'],
      ['rejected', 'check_violation'],
      ['applied', null],
      ['rejected', 'unknown_table'],
      ['rejected', 'unknown_field'],
      ['rejected', 'forbidden'],
      ['rejected', 'invalid_value'],
      ['rejected', 'foreign_key_violation'],
      ['rejected', 'not_found'],
    ])
    expect(results[5]!.error!.message).toContain('created_by')
    // A rejected mutation is not remembered: once the cause is fixed, the same id applies.
    const { rows } = await db.pool.query(
      'select count(*)::int as n from business.sync_mutations where status = $1',
      ['rejected'],
    )
    expect(rows[0].n).toBe(0)
  })

  it('lets a viewer push nothing and anon call nothing', async () => {
    await db.pool.query(
      `insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'viewer')`,
      [ORG.other, (await actorFor(db.pool, EMAIL.office)).sub],
    )
    const anon: Actor = { role: 'anon' }
    await expect(
      asActor(db.pool, anon, (c) => c.query(`select business.sync_push('[]'::json)`)),
    ).rejects.toThrow(/permission denied/)
    await expect(
      asActor(db.pool, anon, (c) => c.query(`select business.sync_pull(null, 10)`)),
    ).rejects.toThrow(/permission denied/)
    const [r] = await push(db.pool, office, [
      { table: 'sites', op: 'update', row_id: site(7), data: { notes: 'viewer edit' } },
    ])
    expect(r!.status).toBe('rejected')
    expect(r!.error!.code).toBe('forbidden')
  })
})

describe('sync_push after a merge', () => {
  it('applies later edits of a merged reading to the row it was merged into', async () => {
    const data = {
      organization_id: ORG.tenNetZero,
      site_id: site(2),
      period_start: '2033-02-01T06:00:00Z',
      period_end: '2033-02-02T06:00:00Z',
      energy_kwh: 10,
    }
    const [first] = await push(db.pool, office, [
      { table: 'energy_production', op: 'insert', row_id: randomUUID(), data },
    ])
    const mine = randomUUID()
    // The device sends its insert and, before hearing back, an edit and then a delete of it.
    const [merged, edited, deleted] = await push(db.pool, tech1, [
      { table: 'energy_production', op: 'insert', row_id: mine, data: { ...data, energy_kwh: 10 } },
      {
        table: 'energy_production',
        op: 'update',
        row_id: mine,
        data: { notes: 'checked' },
        base: { notes: null },
      },
      { table: 'energy_production', op: 'delete', row_id: mine },
    ])
    expect(merged).toMatchObject({ status: 'merged', row: { id: first!.row!.id } })
    expect(edited).toMatchObject({
      status: 'merged',
      row: { id: first!.row!.id, notes: 'checked' },
    })
    expect(deleted!.status).toMatch(/applied|conflict/)
    expect(deleted!.row).toMatchObject({ id: first!.row!.id })
  })
})

describe('sync_push creating sites', () => {
  it('lets the office create a site (and its equipment) from a device, not a technician', async () => {
    const siteId = randomUUID()
    const [made, unit] = await push(db.pool, office, [
      {
        table: 'sites',
        op: 'insert',
        row_id: siteId,
        data: { organization_id: ORG.tenNetZero, name: 'New pad 4', code: 'PB-NP04' },
      },
      {
        table: 'equipment',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: siteId,
          kind: 'generator',
          name: 'Generator A',
        },
      },
    ])
    expect(made).toMatchObject({ status: 'applied', row: { id: siteId, status: 'active' } })
    expect(unit!.status).toBe('applied')
    const [refused] = await push(db.pool, tech1, [
      {
        table: 'sites',
        op: 'insert',
        row_id: randomUUID(),
        data: { organization_id: ORG.tenNetZero, name: 'Rogue pad' },
      },
    ])
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } })
  })
})
