import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, USER, equipment, site } from '../../support/demo'
import { pullPage, pullSettled, push, rowOf } from '../../support/sync'

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

const pull = (actor: Actor, cursor: unknown = null) => pullSettled(db.pool, actor, cursor)

type Cursor = Record<string, unknown> & { tables: Record<string, { x: string; id: string }> }

const purge = async (daysAhead: number) =>
  (
    await db.pool.query<{ r: Record<string, unknown> }>(
      `select business_private.purge_sync_history(clock_timestamp() + make_interval(days => $1)) as r`,
      [daysAhead],
    )
  ).rows[0]!.r

describe('after a restore', () => {
  it('keeps a cursor valid while nothing happened, even with no transaction running', async () => {
    const { cursor } = await pull(tech1)
    for (let i = 0; i < 3; i++) {
      const page = await pullPage(db.pool, tech1, cursor)
      expect(page.reset).toBe(false)
      expect(page.changes).toEqual({})
    }
  })

  it('answers a cursor from another cluster or timeline with reset', async () => {
    const { cursor } = await pull(tech1)
    const c = cursor as Cursor
    expect(c.sys).toMatch(/^\d+:\d+$/)
    const [system, timeline] = String(c.sys).split(':')
    for (const sys of [`${system}9:${timeline}`, `${system}:${Number(timeline) + 1}`]) {
      const page = await pullPage(db.pool, tech1, { ...c, sys })
      expect(page.reset).toBe(true)
      expect(page.changes.sites?.length).toBeGreaterThan(0)
    }
  })

  it('answers a cursor ahead of this database’s transaction counter with reset', async () => {
    const { cursor } = await pull(tech1)
    const c = cursor as Cursor
    const { rows } = await db.pool.query<{ x: string }>(
      'select (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + 1000)::text as x',
    )
    // As after a point-in-time recovery: positions this database has not reached yet.
    const ahead = {
      ...c,
      tables: { ...c.tables, equipment: { ...c.tables.equipment!, x: rows[0]!.x } },
    }
    expect((await pullPage(db.pool, tech1, ahead)).reset).toBe(true)
    expect((await pullPage(db.pool, tech1, { ...c, seen: rows[0]!.x })).reset).toBe(true)
  })

  it('starts every device over once the operator starts a new epoch', async () => {
    const { cursor } = await pull(tech2)
    await db.pool.query('select business_private.start_new_sync_epoch()')
    const page = await pullPage(db.pool, tech2, cursor)
    expect(page.reset).toBe(true)
  })
})

describe('retention', () => {
  it('forgets old mutation ids, and a device re-sending one after that changes nothing twice', async () => {
    const rowId = randomUUID()
    const insert = {
      id: randomUUID(),
      table: 'maintenance_logs',
      op: 'insert' as const,
      row_id: rowId,
      data: {
        organization_id: ORG.tenNetZero,
        site_id: site(1),
        equipment_id: equipment(1, 2),
        kind: 'inspection',
        performed_at: '2031-09-01T15:00:00Z',
        summary: 'Vibration check',
      },
    }
    const unit = await rowOf(db.pool, 'equipment', equipment(1, 6))
    const update = {
      id: randomUUID(),
      table: 'equipment',
      op: 'update' as const,
      row_id: equipment(1, 6),
      base_updated_at: unit.updated_at as string,
      data: { notes: 'fan replaced' },
      base: { notes: unit.notes },
      changed_at: new Date().toISOString(),
    }
    expect((await push(db.pool, tech1, [insert, update])).map((r) => r.status)).toEqual([
      'applied',
      'applied',
    ])
    expect((await purge(91)).mutations).toBeGreaterThanOrEqual(2)
    // Meanwhile the office changed the note again.
    const now = await rowOf(db.pool, 'equipment', equipment(1, 6))
    await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: equipment(1, 6),
        base_updated_at: now.updated_at as string,
        data: { notes: 'fan replaced, bearing ordered' },
        base: { notes: now.notes },
      },
    ])
    // The device never heard back and sends both again, long after.
    const again = await push(db.pool, tech1, [insert, update])
    expect(again.map((r) => r.status)).toEqual(['merged', 'conflict'])
    const { rows } = await db.pool.query(
      'select count(*)::int as n from business.maintenance_logs where id = $1',
      [rowId],
    )
    expect(rows[0].n).toBe(1)
    expect((await rowOf(db.pool, 'equipment', equipment(1, 6))).notes).toBe(
      'fan replaced, bearing ordered',
    )
  })

  it('purges old moves and stops shipping old resolved conflicts; a cursor behind that resets', async () => {
    const old = await pull(tech1)
    // A move and a resolved conflict, both of which the purge will age out.
    const spare = randomUUID()
    await db.pool.query(
      `insert into business.equipment (id, organization_id, site_id, kind, name) values ($1, $2, $3, 'miner', 'Loaner')`,
      [spare, ORG.tenNetZero, site(1)],
    )
    await db.pool.query('update business.equipment set site_id = $2 where id = $1', [
      spare,
      site(4),
    ])
    const unit = await rowOf(db.pool, 'equipment', equipment(2, 7))
    await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'update',
        row_id: unit.id as string,
        base_updated_at: unit.updated_at as string,
        data: { name: 'Miner 7 (office)' },
        base: { name: unit.name },
      },
    ])
    const [lost] = await push(db.pool, tech1, [
      {
        table: 'equipment',
        op: 'update',
        row_id: unit.id as string,
        base_updated_at: unit.updated_at as string,
        data: { name: 'Miner 7 (tech)' },
        base: { name: unit.name },
        changed_at: new Date(Date.now() - 60_000).toISOString(),
      },
    ])
    expect(lost!.status).toBe('conflict')
    await asActor(
      db.pool,
      office,
      (c) =>
        c.query(`select business.resolve_conflict($1, '{"choice": "server"}')`, [
          lost!.conflict_id,
        ]),
      { commit: true },
    )
    const recent = await pull(tech1)
    expect((recent.rows.get('sync_conflicts') ?? []).map((c) => c.id)).toContain(lost!.conflict_id)

    const purged = await purge(91)
    expect(purged.moves).toBeGreaterThanOrEqual(1)
    const { rows } = await db.pool.query('select count(*)::int as n from business.sync_moves')
    expect(rows[0].n).toBe(0)
    // A device whose cursor is older than what was purged starts over ...
    expect((await pullPage(db.pool, tech1, old.cursor)).reset).toBe(true)
    // ... one that had seen everything goes on ...
    expect((await pullPage(db.pool, tech1, recent.cursor)).reset).toBe(false)
    // ... and a first sync no longer carries the old resolved conflict (the record stays).
    const fresh = await pull(tech1)
    expect((fresh.rows.get('sync_conflicts') ?? []).map((c) => c.id)).not.toContain(
      lost!.conflict_id,
    )
    const kept = await db.pool.query('select status from business.sync_conflicts where id = $1', [
      lost!.conflict_id,
    ])
    expect(kept.rows[0].status).toBe('resolved')
  })
})

describe('deleting a user', () => {
  it('works, and leaves the rows they wrote as they were, closed months included', async () => {
    const [entered] = await push(db.pool, tech2, [
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(4),
          equipment_id: null,
          period_start: '2031-10-05T05:00:00Z',
          period_end: '2031-10-06T05:00:00Z',
          energy_kwh: 4321,
          source: 'meter',
        },
      },
    ])
    await asActor(
      db.pool,
      office,
      (c) => c.query(`select business.close_period($1, '2031-10-01')`, [site(4)]),
      { commit: true },
    )
    const before = await db.pool.query(
      `select updated_at, txid::text, created_by from business.energy_production where id = $1`,
      [entered!.row!.id],
    )
    await db.pool.query('delete from auth.users where id = $1', [USER.tech2])
    const after = await db.pool.query(
      `select updated_at, txid::text, created_by from business.energy_production where id = $1`,
      [entered!.row!.id],
    )
    expect(after.rows[0]).toEqual(before.rows[0])
    expect(after.rows[0].created_by).toBe(USER.tech2)
  })
})
