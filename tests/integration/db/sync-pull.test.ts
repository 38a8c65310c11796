import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, createTestDatabase, setActor } from '../../support/db'
import { EMAIL, ORG, USER, equipment, site } from '../../support/demo'
import { pullAll, pullPage, push, rowOf, settle } from '../../support/sync'

let db: TestDatabase
let tech1: Actor
let office: Actor
let other: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  office = await actorFor(db.pool, EMAIL.office)
  other = await actorFor(db.pool, EMAIL.otherTech)
})
afterAll(() => db.drop())

const ids = (rows: Record<string, unknown>[] | undefined) =>
  new Set((rows ?? []).map((r) => r.id as string))

async function visibleCount(table: string, actor: Actor): Promise<number> {
  const client = await db.pool.connect()
  try {
    await client.query('begin')
    await setActor(client, actor)
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from business.${table}`,
    )
    await client.query('rollback')
    return rows[0]!.n
  } finally {
    client.release()
  }
}

describe('sync_pull', () => {
  it('pages through everything the caller may see, each row exactly once', async () => {
    const { pages, rows } = await pullAll(db.pool, tech1, null, 700)
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.slice(0, -1).every((p) => p.has_more)).toBe(true)
    expect(pages.at(-1)!.has_more).toBe(false)
    for (const page of pages) {
      const n = Object.values(page.changes).reduce((sum, list) => sum + list.length, 0)
      expect(n).toBeLessThanOrEqual(700)
    }
    for (const table of ['sites', 'equipment', 'maintenance_logs', 'energy_production']) {
      const list = rows.get(table) ?? []
      expect(new Set(list.map((r) => r.id)).size, `${table} has no duplicates`).toBe(list.length)
      expect(list.length, `${table} complete`).toBe(await visibleCount(table, tech1))
    }
    expect(ids(rows.get('sites'))).toEqual(new Set([site(1), site(2)]))
    expect(pages.at(-1)!.scope.site_ids.sort()).toEqual([site(1), site(2)])
    expect(
      rows.get('energy_production')!.every((r) => r.site_id === site(1) || r.site_id === site(2)),
    ).toBe(true)
    expect(rows.get('sites')![0]).not.toHaveProperty('txid')
  })

  it('gives another organization nothing of this one', async () => {
    const { rows } = await pullAll(db.pool, other)
    expect(ids(rows.get('sites'))).toEqual(new Set([site(7)]))
    expect([...rows.values()].flat().every((r) => r.organization_id === ORG.other)).toBe(true)
  })

  it('returns only what changed after the cursor, tombstones included', async () => {
    const first = await pullAll(db.pool, tech1)
    const id = equipment(1, 8)
    const base = await rowOf(db.pool, 'equipment', id)
    await push(db.pool, office, [
      { table: 'equipment', op: 'delete', row_id: id, base_updated_at: base.updated_at as string },
    ])
    await settle(db.pool)
    const next = await pullAll(db.pool, tech1, first.cursor)
    expect(next.pages).toHaveLength(1)
    expect(next.rows.get('equipment')).toHaveLength(1)
    expect(next.rows.get('equipment')![0]).toMatchObject({ id, deleted_at: expect.any(String) })
    expect(next.rows.get('sync_conflicts')).toBeUndefined()
    const idle = await pullPage(db.pool, tech1, next.cursor)
    expect(idle.changes).toEqual({})
    expect(idle.has_more).toBe(false)
  })

  it('never skips a row committed late by a transaction that began before a pull', async () => {
    const start = await pullAll(db.pool, tech1)
    const early = await db.pool.connect()
    const lateWriter = await db.pool.connect()
    try {
      // Transaction A begins and writes first, but commits last.
      await early.query('begin')
      await early.query(`update business.equipment set notes = 'written by A' where id = $1`, [
        equipment(2, 2),
      ])
      // Transaction B writes and commits while A is still open.
      await lateWriter.query(`update business.equipment set notes = 'written by B' where id = $1`, [
        equipment(2, 3),
      ])
      const during = await pullAll(db.pool, tech1, start.cursor)
      // B's row has a later updated_at than A's will; an "updated_at > cursor" pull would now
      // move past A's row for good. Ours holds everything at or after A's transaction back.
      expect(ids(during.rows.get('equipment')).has(equipment(2, 3))).toBe(false)
      await early.query('commit')
      await settle(db.pool)
      const after = await pullAll(db.pool, tech1, during.cursor)
      const got = ids(after.rows.get('equipment'))
      expect(got).toEqual(new Set([equipment(2, 2), equipment(2, 3)]))
      const a = await rowOf(db.pool, 'equipment', equipment(2, 2))
      const b = await rowOf(db.pool, 'equipment', equipment(2, 3))
      expect(Date.parse(a.updated_at as string)).toBeLessThan(Date.parse(b.updated_at as string))
    } finally {
      early.release()
      lateWriter.release()
    }
  })

  it('brings the whole history of a newly assigned site, and drops a removed one from scope', async () => {
    const before = await pullAll(db.pool, tech1)
    const assignment = randomUUID()
    await db.pool.query(
      `insert into business.site_assignments (id, organization_id, site_id, user_id) values ($1, $2, $3, $4)`,
      [assignment, ORG.tenNetZero, site(3), USER.tech1],
    )
    await settle(db.pool)
    const grown = await pullAll(db.pool, tech1, before.cursor, 400)
    expect(grown.pages.at(-1)!.scope.site_ids.sort()).toEqual([site(1), site(2), site(3)])
    expect(ids(grown.rows.get('sites'))).toEqual(new Set([site(3)]))
    const { rows } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from business.energy_production where site_id = $1',
      [site(3)],
    )
    const readings = grown.rows.get('energy_production') ?? []
    expect(readings.length).toBe(rows[0]!.n)
    expect(readings.every((r) => r.site_id === site(3))).toBe(true)
    expect(ids(grown.rows.get('equipment')).size).toBe(8)

    // Unassigned: the next pull's scope no longer lists the site.
    await db.pool.query('update business.site_assignments set deleted_at = now() where id = $1', [
      assignment,
    ])
    await settle(db.pool)
    const shrunk = await pullAll(db.pool, tech1, grown.cursor)
    expect(shrunk.pages.at(-1)!.scope.site_ids.sort()).toEqual([site(1), site(2)])
    expect(shrunk.rows.get('energy_production')).toBeUndefined()

    // Assigned again: the history comes again (the device dropped it).
    await db.pool.query(
      `insert into business.site_assignments (organization_id, site_id, user_id) values ($1, $2, $3)`,
      [ORG.tenNetZero, site(3), USER.tech1],
    )
    await settle(db.pool)
    const regrown = await pullAll(db.pool, tech1, shrunk.cursor, 5000)
    expect((regrown.rows.get('energy_production') ?? []).length).toBe(rows[0]!.n)
  })

  it('resumes a backfill interrupted between pages without losing rows', async () => {
    const before = await pullAll(db.pool, tech1)
    await db.pool.query(
      `insert into business.site_assignments (organization_id, site_id, user_id) values ($1, $2, $3)`,
      [ORG.tenNetZero, site(6), USER.tech1],
    )
    await settle(db.pool)
    const first = await pullPage(db.pool, tech1, before.cursor, 100)
    expect(first.has_more).toBe(true)
    // The device crashes here and later resumes from the saved cursor; meanwhile a reading
    // at the new site changes.
    const { rows } = await db.pool.query<{ id: string }>(
      `update business.energy_production set notes = 'edited during backfill'
       where id = (select id from business.energy_production where site_id = $1 order by period_start desc limit 1)
       returning id`,
      [site(6)],
    )
    await settle(db.pool)
    const rest = await pullAll(db.pool, tech1, first.cursor, 300)
    const all = [...Object.values(first.changes).flat(), ...[...rest.rows.values()].flat()]
    const energy = all.filter((r) => r.site_id === site(6) && 'energy_kwh' in r)
    const total = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from business.energy_production where site_id = $1',
      [site(6)],
    )
    expect(new Set(energy.map((r) => r.id)).size).toBe(total.rows[0]!.n)
    const edited = all.filter((r) => r.id === rows[0]!.id)
    expect(edited.at(-1)).toMatchObject({ notes: 'edited during backfill' })
  })

  it('answers a cursor from another database or version with reset', async () => {
    const { cursor } = await pullAll(db.pool, tech1)
    const foreign = { ...(cursor as Record<string, unknown>), epoch: randomUUID() }
    const page = await pullPage(db.pool, tech1, foreign, 10)
    expect(page.reset).toBe(true)
    // A reset starts over: the first page begins with every site in scope.
    expect(ids(page.changes.sites)).toEqual(new Set(page.scope.site_ids))
    const garbage = await pullPage(db.pool, tech1, 'not a cursor', 10)
    expect(garbage.reset).toBe(true)
    const fine = await pullPage(db.pool, tech1, cursor, 10)
    expect(fine.reset).toBe(false)
  })

  it('clamps the page size and reports the server time', async () => {
    await db.pool.query(
      `insert into business.energy_production (organization_id, site_id, period_start, period_end, energy_kwh)
       select $1, $2, d, d + interval '1 day', 100
       from generate_series('2040-01-01'::timestamptz, '2040-01-01'::timestamptz + interval '5999 days', interval '1 day') d`,
      [ORG.tenNetZero, site(5)],
    )
    await settle(db.pool)
    const page = await pullPage(db.pool, office, null, 100_000)
    const n = Object.values(page.changes).reduce((sum, list) => sum + list.length, 0)
    expect(n).toBe(5000)
    expect(Math.abs(Date.parse(page.server_time) - Date.now())).toBeLessThan(60_000)
    const tiny = await pullPage(db.pool, office, null, 0)
    expect(Object.values(tiny.changes).flat()).toHaveLength(1)
  })
})
