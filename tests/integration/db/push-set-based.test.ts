import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase, setActor } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'
import type { PushMutation } from '../../support/sync'
import { mutation, push, rowOf } from '../../support/sync'

// Since 20261203000100 sync_push applies runs of mutations with one statement per step
// (business_private.push_set) and leaves everything else to the per-mutation path
// (business_private.push_classic, the loop sync_push ran before). These tests push the same
// batches both ways, each in a transaction that is rolled back, and require the same results,
// rows, journal, conflicts, moves and idempotency records, apart from the clock and new ids.

let db: TestDatabase
let tech1: Actor
let office: Actor

beforeAll(async () => {
  since = Date.now() - 1000
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  office = await actorFor(db.pool, EMAIL.office)
  // A closed month at site 1 (committed): a reading of it is refused with period_closed.
  await asActor(
    db.pool,
    office,
    (c) => c.query(`select business.close_period($1, '2026-10-01')`, [site(1)]),
    { commit: true },
  )
})
afterAll(() => db.drop())

/**
 * Values the clock or a random id decides, replaced so that two runs compare: conflict ids, and
 * every timestamp written since these tests started (stamps, soft deletes, receipts, the time
 * of a row inserted by the push itself).
 */
let since = 0
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/
function mask(value: unknown, ids: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v, ids))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, ids)]))
  if (typeof value === 'string' && ids.has(value)) return ids.get(value)
  if (typeof value === 'string' && TIMESTAMP.test(value) && Date.parse(value) >= since)
    return '<clock>'
  return value
}

interface Outcome {
  results: unknown[]
  journal: unknown[]
  conflictJournal: unknown[]
  conflicts: unknown[]
  moves: unknown[]
  claims: unknown[]
  calls: Record<string, number>
}

/**
 * Pushes `mutations` as tech1 through sync_push's body (`core`) or the per-mutation loop
 * (`classic`) in a transaction that is rolled back, and reads what it wrote.
 */
async function outcome(
  mutations: Required<PushMutation>[],
  way: 'core' | 'classic',
): Promise<Outcome> {
  const client = await db.pool.connect()
  try {
    await client.query('begin')
    await client.query(`set local track_functions = 'all'`)
    // Counts not yet flushed by earlier transactions of this connection show in the xact view.
    const callsNow = async () =>
      (
        await client.query<{ f: string; n: number }>(
          `select funcname as f, calls::int as n from pg_stat_xact_user_functions
           where funcname in ('push_set', 'push_mutation')`,
        )
      ).rows
    const callsBefore = await callsNow()
    const { rows: mark } = await client.query<{ j: string }>(
      'select coalesce(max(id), 0)::text as j from business.journal',
    )
    await setActor(client, tech1)
    const body = JSON.stringify(mutations)
    const { rows } = await client.query<{ r: unknown[] }>(
      way === 'core'
        ? `select business_private.sync_push_core($1::json) -> 'results' as r`
        : `select to_jsonb(business_private.push_classic(
             array(select e::jsonb from json_array_elements($1::json) e),
             array(select e ->> 'id' from json_array_elements($1::json) e),
             array_fill(null::text, array[json_array_length($1::json)]),
             1, json_array_length($1::json))) as r
           from (select set_config('lock_timeout', '1s', true)) s`,
      [body],
    )
    await client.query('reset role')
    const ids = new Map<string, string>()
    const { rows: conflicts } = await client.query<{ c: Record<string, unknown> }>(
      `select to_jsonb(c) - 'txid' as c from business.sync_conflicts c
       where c.mutation_id = any ($1) order by c.mutation_id`,
      [mutations.map((m) => m.id)],
    )
    conflicts.forEach((r, n) => ids.set(r.c.id as string, `<conflict ${n}>`))
    const { rows: journal } = await client.query<{ j: Record<string, unknown> }>(
      `select to_jsonb(j) - 'id' - 'txid' as j from business.journal j
       where j.id > $1 and j.table_name <> 'sync_conflicts' order by j.id`,
      [mark[0]!.j],
    )
    const { rows: conflictJournal } = await client.query<{ j: Record<string, unknown> }>(
      `select to_jsonb(j) - 'id' - 'txid' as j from business.journal j
       where j.id > $1 and j.table_name = 'sync_conflicts' order by j.mutation_id`,
      [mark[0]!.j],
    )
    const { rows: moves } = await client.query<{ m: Record<string, unknown> }>(
      `select to_jsonb(m) - 'id' - 'txid' as m from business.sync_moves m
       where m.txid = pg_current_xact_id() order by m.row_id`,
    )
    const { rows: claims } = await client.query<{ m: Record<string, unknown> }>(
      `select to_jsonb(m) as m from business.sync_mutations m where m.id = any ($1) order by m.id`,
      [mutations.map((m) => m.id)],
    )
    const calls = (await callsNow())
      .map((c) => ({ f: c.f, n: c.n - (callsBefore.find((b) => b.f === c.f)?.n ?? 0) }))
      .filter((c) => c.n > 0)
    await client.query('rollback')
    return {
      results: mask(rows[0]!.r, ids) as unknown[],
      journal: mask(journal, ids) as unknown[],
      conflictJournal: mask(conflictJournal, ids) as unknown[],
      conflicts: mask(conflicts, ids) as unknown[],
      moves: mask(moves, ids) as unknown[],
      claims: mask(claims, ids) as unknown[],
      calls: Object.fromEntries(calls.map((c) => [c.f, c.n])),
    }
  } catch (error) {
    await client.query('rollback')
    throw error
  } finally {
    client.release()
  }
}

async function sameBothWays(mutations: Required<PushMutation>[]): Promise<Outcome> {
  const core = await outcome(mutations, 'core')
  const classic = await outcome(mutations, 'classic')
  expect(core.results).toEqual(classic.results)
  expect(core.journal).toEqual(classic.journal)
  expect(core.conflictJournal).toEqual(classic.conflictJournal)
  expect(core.conflicts).toEqual(classic.conflicts)
  expect(core.moves).toEqual(classic.moves)
  expect(core.claims).toEqual(classic.claims)
  return core
}

const statuses = (o: Outcome) =>
  (o.results as { status: string; error: { code: string } | null }[]).map((r) =>
    r.error ? `${r.status}:${r.error.code}` : r.status,
  )

async function reading(where: string, params: unknown[]): Promise<Record<string, unknown>> {
  const { rows } = await db.pool.query<{ r: Record<string, unknown> }>(
    `select to_jsonb(e) - 'txid' as r from business.energy_production e where ${where} limit 1`,
    params,
  )
  return rows[0]!.r
}

async function update(
  table: string,
  id: string,
  data: Record<string, unknown>,
  extra: Partial<PushMutation> = {},
): Promise<Required<PushMutation>> {
  const row = await rowOf(db.pool, table, id)
  return mutation({
    table,
    op: 'update',
    row_id: id,
    base_updated_at: row.updated_at as string,
    data,
    base: Object.fromEntries(Object.keys(data).map((k) => [k, row[k]])),
    changed_at: new Date(Date.now() - 1000).toISOString(),
    ...extra,
  })
}

describe('set-based push', () => {
  it('answers a mixed batch exactly as one mutation at a time', async () => {
    const earlier = await update('equipment', equipment(2, 8), { notes: 'pushed before' })
    await push(db.pool, tech1, [earlier])
    const closed = await reading(`site_id = $1 and period_month = '2026-10-01'`, [site(1)])
    const open = await reading(
      `site_id = $1 and period_month = '2026-11-01' and source <> 'adjustment'`,
      [site(2)],
    )
    const { rows: logs } = await db.pool.query<{ id: string }>(
      `select id from business.maintenance_logs where site_id = $1 order by id limit 3`,
      [site(1)],
    )
    const first = await update('equipment', equipment(1, 1), { notes: 'a' })
    const inserted = randomUUID()
    const newReading = (day: number, equipmentId: string | null) => ({
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      equipment_id: equipmentId,
      period_start: new Date(Date.UTC(2031, 0, day)).toISOString(),
      period_end: new Date(Date.UTC(2031, 0, day + 1)).toISOString(),
      energy_kwh: 100 + day,
      source: 'manual',
    })
    const batch = [
      first,
      await update('equipment', equipment(1, 2), { notes: 'b', runtime_hours: 10 }),
      await update('equipment', equipment(1, 3), { notes: 'c' }),
      // Stale base: merged (only the device changed the field), then a true conflict.
      await update(
        'equipment',
        equipment(1, 4),
        { notes: 'merged' },
        { base_updated_at: '2000-01-01T00:00:00Z' },
      ),
      await update(
        'equipment',
        equipment(1, 5),
        { notes: 'conflict' },
        { base_updated_at: '2000-01-01T00:00:00Z', base: { notes: 'something else' } },
      ),
      // Rejected in the middle of a run: a field devices may not set, then a CHECK.
      await update('equipment', equipment(1, 6), { txid: '1' }),
      await update('equipment', equipment(1, 7), { runtime_hours: -5 }),
      await update('equipment', equipment(1, 8), { notes: 'after the rejections' }),
      // The same mutation id twice in one call, and one pushed by an earlier call.
      first,
      earlier,
      // A row that does not exist, and one of a site tech1 cannot see (not_found as well).
      mutation({ table: 'equipment', op: 'update', row_id: randomUUID(), data: { notes: 'x' } }),
      await update('equipment', equipment(4, 1), { notes: 'not mine' }),
      // Deletes: applied, against a later server edit (server wins), of a deleted row.
      mutation({
        table: 'maintenance_logs',
        op: 'delete',
        row_id: logs[0]!.id,
        base_updated_at: (await rowOf(db.pool, 'maintenance_logs', logs[0]!.id))
          .updated_at as string,
      }),
      mutation({
        table: 'maintenance_logs',
        op: 'delete',
        row_id: logs[1]!.id,
        base_updated_at: '2000-01-01T00:00:00Z',
        changed_at: '2020-01-01T00:00:00Z',
      }),
      // A log moved to the other site, with a unit of that site.
      await update('maintenance_logs', logs[2]!.id, {
        site_id: site(2),
        equipment_id: equipment(2, 1),
      }),
      // A unit with history moved: refused.
      await update('equipment', equipment(1, 1), { site_id: site(2) }),
      // Inserts: new readings, the same reading twice in the run, one entered on another
      // device (collision), identical values (merged), and a re-sent insert of a row id.
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: inserted,
        data: newReading(1, null),
      }),
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: newReading(2, null),
      }),
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: newReading(1, null),
      }),
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          ...newReading(1, null),
          site_id: open.site_id,
          period_start: open.period_start,
          period_end: open.period_end,
          energy_kwh: 1,
        },
      }),
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        changed_at: '2020-01-01T00:00:00Z',
        data: {
          organization_id: open.organization_id,
          site_id: open.site_id,
          equipment_id: open.equipment_id,
          period_start: open.period_start,
          period_end: open.period_end,
          energy_kwh: open.energy_kwh,
          source: open.source,
        },
      }),
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: inserted,
        data: newReading(1, null),
      }),
      // A reading of a closed month.
      await update('energy_production', closed.id as string, { notes: 'too late' }),
      await update('energy_production', open.id as string, { notes: 'fine' }),
    ]
    const o = await sameBothWays(batch)
    expect(statuses(o)).toEqual([
      'applied',
      'applied',
      'applied',
      'merged',
      'conflict',
      'rejected:unknown_field',
      'rejected:check_violation',
      'applied',
      'duplicate',
      'duplicate',
      'rejected:not_found',
      'rejected:not_found',
      'applied',
      'conflict',
      'applied',
      'rejected:foreign_key_violation',
      'applied',
      'applied',
      'merged',
      'conflict',
      'conflict',
      'merged',
      'rejected:period_closed',
      // The reading the collision above changed: merged into that change.
      'merged',
    ])
    expect(o.moves).toHaveLength(1)
    expect(o.calls.push_set).toBeGreaterThan(0)
  })

  it('applies a long run with one statement per step and answers a bad mutation in it alone', async () => {
    const { rows } = await db.pool.query<{ id: string }>(
      `select id from business.energy_production
       where site_id = any ($1) and deleted_at is null and source <> 'adjustment' and period_month >= '2026-11-01'
       order by id limit 120`,
      [[site(1), site(2)]],
    )
    expect(rows.length).toBeGreaterThanOrEqual(60)
    const batch: Required<PushMutation>[] = []
    for (const [n, r] of rows.entries()) {
      if (n === 40) batch.push(await update('energy_production', r.id, { energy_kwh: -1 }))
      else if (n % 10 === 3)
        batch.push(
          await update(
            'energy_production',
            r.id,
            { notes: `conflict ${n}` },
            { base_updated_at: '2000-01-01T00:00:00Z', base: { notes: 'older' } },
          ),
        )
      else batch.push(await update('energy_production', r.id, { notes: `run ${n}`, energy_kwh: n }))
    }
    const o = await sameBothWays(batch)
    const s = statuses(o)
    expect(s[40]).toBe('rejected:check_violation')
    expect(s.filter((x) => x === 'conflict').length).toBe(
      rows.filter((_, n) => n !== 40 && n % 10 === 3).length,
    )
    // The error undoes its run, which then goes one mutation at a time; a clean batch of the
    // same rows takes a single set-based run and no per-mutation pushes.
    const clean = await sameBothWays(
      await Promise.all(
        rows.map((r, n) => update('energy_production', r.id, { notes: `clean ${n}` })),
      ),
    )
    expect(statuses(clean).every((x) => x === 'applied')).toBe(true)
    expect(clean.calls).toEqual({ push_set: 1 })
  })

  it('merges colliding inserts into the rows they collide with, in one run', async () => {
    const { rows } = await db.pool.query<{ r: Record<string, unknown> }>(
      `select to_jsonb(e) - 'txid' as r from business.energy_production e
       where site_id = any ($1) and deleted_at is null and source <> 'adjustment'
         and period_month >= '2026-11-01'
       order by id limit 50`,
      [[site(1), site(2)]],
    )
    const batch = rows.map(({ r }, n) =>
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        changed_at: n % 2 ? '2020-01-01T00:00:00Z' : new Date(Date.now() - 1000).toISOString(),
        data: {
          organization_id: r.organization_id,
          site_id: r.site_id,
          equipment_id: r.equipment_id,
          period_start: r.period_start,
          period_end: r.period_end,
          energy_kwh: n % 5 === 0 ? r.energy_kwh : Number(r.energy_kwh) + 1,
          source: 'manual',
        },
      }),
    )
    const o = await sameBothWays(batch)
    expect(statuses(o)).toEqual(batch.map(() => 'conflict'))
    expect(o.calls).toEqual({ push_set: 1 })
    expect((o.results as { row: { id: string } }[]).map((r) => r.row.id)).toEqual(
      rows.map(({ r }) => r.id),
    )
  })
  it('answers runs stopped every few mutations the same, before and after writing', async () => {
    // Every ninth update is of a row that does not exist (the run stops before writing), every
    // ninth insert reuses the id of a reading tech1 cannot see (found after inserting: the run
    // is undone and its first mutations inserted again).
    const { rows: open } = await db.pool.query<{ id: string; updated_at: string }>(
      `select id, to_jsonb(updated_at) #>> '{}' as updated_at from business.energy_production
       where site_id = any ($1) and deleted_at is null and period_month >= '2026-11-01'
       order by id limit 90`,
      [[site(1), site(2)]],
    )
    const { rows: hidden } = await db.pool.query<{ id: string }>(
      `select id from business.energy_production where site_id = $1 order by id limit 20`,
      [site(4)],
    )
    const updates = open.map((r, n) =>
      mutation({
        table: 'energy_production',
        op: 'update',
        row_id: n % 9 === 8 ? randomUUID() : r.id,
        base_updated_at: r.updated_at,
        data: { notes: `every ninth ${n}` },
      }),
    )
    const inserts = Array.from({ length: 90 }, (_, n) =>
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: n % 9 === 8 ? hidden[Math.floor(n / 9)]!.id : randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          equipment_id: null,
          period_start: new Date(Date.UTC(2033, 0, 1 + n)).toISOString(),
          period_end: new Date(Date.UTC(2033, 0, 2 + n)).toISOString(),
          energy_kwh: n,
          source: 'manual',
        },
      }),
    )
    const u = await sameBothWays(updates)
    expect(statuses(u)).toEqual(
      updates.map((_, n) => (n % 9 === 8 ? 'rejected:not_found' : 'applied')),
    )
    const i = await sameBothWays(inserts)
    expect(statuses(i)).toEqual(
      inserts.map((_, n) => (n % 9 === 8 ? 'rejected:forbidden' : 'applied')),
    )
  })
})

describe('journal per statement', () => {
  /**
   * The same writes, in a transaction that is rolled back, with the journal's statement
   * triggers (20261203000500) or with the row trigger they replaced swapped back in.
   */
  async function journalOf(
    triggers: 'statement' | 'row',
    work: (c: pg.PoolClient) => Promise<void>,
  ): Promise<unknown[]> {
    const client = await db.pool.connect()
    try {
      await client.query('begin')
      if (triggers === 'row')
        await client.query(`do $$
          declare t regclass;
          begin
            for t in select distinct tgrelid::regclass from pg_trigger where tgname = 'write_journal_update' loop
              execute format('drop trigger write_journal on %s', t);
              execute format('drop trigger write_journal_update on %s', t);
              execute format('drop trigger write_journal_delete on %s', t);
              execute format('create trigger write_journal after insert or update or delete on %s
                              for each row execute function business_private.write_journal()', t);
            end loop;
          end $$`)
      const { rows: mark } = await client.query<{ j: string }>(
        'select coalesce(max(id), 0)::text as j from business.journal',
      )
      await work(client)
      await client.query('reset role')
      const { rows: conflicts } = await client.query<{ id: string }>(
        `select id from business.sync_conflicts where txid = pg_current_xact_id() order by mutation_id`,
      )
      const ids = new Map(conflicts.map((c, n) => [c.id, `<conflict ${n}>`]))
      const { rows } = await client.query<{ j: Record<string, unknown> }>(
        `select to_jsonb(j) - 'id' - 'txid' as j from business.journal j where j.id > $1
         order by case when j.table_name = 'sync_conflicts' then 1 else 0 end, j.mutation_id, j.id`,
        [mark[0]!.j],
      )
      await client.query('rollback')
      return mask(
        rows.map((r) => r.j),
        ids,
      ) as unknown[]
    } catch (error) {
      await client.query('rollback')
      throw error
    } finally {
      client.release()
    }
  }

  it('writes the entries the row trigger wrote, in the same order', async () => {
    const { rows: logs } = await db.pool.query<{ id: string }>(
      `select id from business.maintenance_logs where site_id = $1 order by id limit 2`,
      [site(1)],
    )
    const batch = [
      await update('equipment', equipment(1, 1), { notes: 'journal a', runtime_hours: 12 }),
      await update('equipment', equipment(1, 2), { notes: 'journal b' }),
      await update(
        'equipment',
        equipment(1, 3),
        { notes: 'journal conflict' },
        { base_updated_at: '2000-01-01T00:00:00Z', base: { notes: 'something else' } },
      ),
      mutation({
        table: 'maintenance_logs',
        op: 'delete',
        row_id: logs[0]!.id,
        base_updated_at: (await rowOf(db.pool, 'maintenance_logs', logs[0]!.id))
          .updated_at as string,
      }),
      mutation({
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(2),
          equipment_id: null,
          period_start: '2034-03-01T00:00:00Z',
          period_end: '2034-03-02T00:00:00Z',
          energy_kwh: -4,
          source: 'adjustment',
          notes: 'Meter swap, see ticket 12',
        },
      }),
    ]
    const directLogs = [randomUUID(), randomUUID()]
    const work = async (c: pg.PoolClient) => {
      await setActor(c, tech1)
      await c.query('select business_private.sync_push_core($1::json)', [JSON.stringify(batch)])
      await c.query('reset role')
      await setActor(c, office)
      // Several rows in one statement, one that changes nothing, a soft delete and a restore.
      await c.query(`update business.equipment set notes = 'bulk ' || name where site_id = $1`, [
        site(2),
      ])
      await c.query(`update business.equipment set notes = notes where site_id = $1`, [site(2)])
      await c.query(`update business.equipment set deleted_at = now() where id = $1`, [
        equipment(2, 7),
      ])
      await c.query(`update business.equipment set deleted_at = null where id = $1`, [
        equipment(2, 7),
      ])
      await c.query(
        `insert into business.maintenance_logs (id, organization_id, site_id, equipment_id, kind, performed_at, summary)
         values ($4, $1, $2, $3, 'inspection', '2034-01-01T10:00:00Z', 'Direct'), ($5, $1, $2, $3, 'corrective', '2034-01-02T10:00:00Z', 'Direct 2')`,
        [ORG.tenNetZero, site(2), equipment(2, 1), directLogs[0], directLogs[1]],
      )
      await c.query('reset role')
      // A purge by the database owner.
      await c.query('delete from business.maintenance_logs where id = $1', [logs[1]!.id])
    }
    const byStatement = await journalOf('statement', work)
    const byRow = await journalOf('row', work)
    expect(byStatement.length).toBeGreaterThan(10)
    expect(byStatement).toEqual(byRow)
  })
})
