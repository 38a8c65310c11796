import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createPrivateDatabase, setActor } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'
import type { PushResult } from '../../support/sync'
import { editOf, mutation, push, rowOf } from '../../support/sync'

let db: TestDatabase
let tech1: Actor

// Its own cluster: these tests hold row locks and open pushes (see createPrivateDatabase).
beforeAll(async () => {
  db = await createPrivateDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
})
afterAll(() => db.drop())

/** sync_push with the request body as text, as PostgREST passes it (json, not jsonb). */
async function pushText(actor: Actor, body: string): Promise<PushResult[]> {
  return asActor(
    db.pool,
    actor,
    async (c) => {
      const { rows } = await c.query<{ r: { results: PushResult[] } }>(
        'select business.sync_push($1::json) as r',
        [body],
      )
      return rows[0]!.r.results
    },
    { commit: true },
  )
}

async function readingsOf(sites: string[], limit: number): Promise<Record<string, unknown>[]> {
  const { rows } = await db.pool.query(
    `select to_jsonb(e) - 'txid' as r from business.energy_production e
     where site_id = any ($1) and deleted_at is null and source <> 'adjustment'
     order by period_start desc, id limit $2`,
    [sites, limit],
  )
  return rows.map((r: { r: Record<string, unknown> }) => r.r)
}

describe('one bad mutation never fails the batch', () => {
  it('rejects alone a value PostgreSQL cannot store, and applies the rest', async () => {
    const good1 = mutation(await editOf(db.pool, 'equipment', equipment(1, 1), { notes: 'before' }))
    const nul = mutation(
      await editOf(db.pool, 'equipment', equipment(1, 2), { notes: 'bad\u0000byte' }),
    )
    const surrogate = mutation(
      await editOf(db.pool, 'equipment', equipment(1, 3), { notes: 'half \ud800' }),
    )
    const good2 = mutation(await editOf(db.pool, 'equipment', equipment(1, 4), { notes: 'after' }))
    const huge = mutation(await editOf(db.pool, 'equipment', equipment(1, 5), { runtime_hours: 1 }))
    // JSON.stringify cannot write a number beyond a double; the wire can.
    const body = JSON.stringify([good1, nul, surrogate, good2, huge]).replace(
      '"runtime_hours":1',
      '"runtime_hours":1e999999',
    )
    const results = await pushText(tech1, body)
    expect(results.map((r) => [r.id, r.status, r.error?.code ?? null])).toEqual([
      [good1.id, 'applied', null],
      [nul.id, 'rejected', 'invalid_value'],
      [surrogate.id, 'rejected', 'invalid_value'],
      [good2.id, 'applied', null],
      [huge.id, 'rejected', 'invalid_value'],
    ])
    expect(results[1]!.error!.message).toMatch(/cannot store/)
    expect((await rowOf(db.pool, 'equipment', equipment(1, 4))).notes).toBe('after')
    expect((await rowOf(db.pool, 'equipment', equipment(1, 2))).notes).toBeNull()
  })

  it('answers a mutation whose row is locked elsewhere with retry, and applies it when sent again', async () => {
    const locked = mutation(
      await editOf(db.pool, 'equipment', equipment(2, 1), { notes: 'waited' }),
    )
    const other = mutation(await editOf(db.pool, 'equipment', equipment(2, 2), { notes: 'free' }))
    const holder = await db.pool.connect()
    try {
      await holder.query('begin')
      await holder.query('select 1 from business.equipment where id = $1 for update', [
        locked.row_id,
      ])
      const results = await push(db.pool, tech1, [locked, other])
      expect(results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
        ['retry', 'transient'],
        ['applied', null],
      ])
      expect(results[0]!.error).toMatchObject({ sqlstate: '55P03' })
    } finally {
      await holder.query('rollback')
      holder.release()
    }
    const [again] = await push(db.pool, tech1, [locked])
    expect(again).toMatchObject({ id: locked.id, status: 'applied' })
  })

  it('never parks a mutation as rejected because of concurrent pushes', async () => {
    // Three devices push edits of the same units in opposite orders, at once, twice: lock
    // waits and deadlocks are transient, answered `retry` at worst.
    const unique = Array.from({ length: 6 }, (_, i) => equipment(2, 1 + i))
    const statuses = new Map<string, number>()
    for (let round = 0; round < 2; round++) {
      const batches = await Promise.all(
        [0, 1, 2].map(async (device) => {
          const order = device % 2 === 0 ? unique : [...unique].reverse()
          const rows = await Promise.all(order.map((id) => rowOf(db.pool, 'equipment', id)))
          return rows.map((row) =>
            mutation({
              table: 'equipment',
              op: 'update',
              row_id: row.id as string,
              base_updated_at: row.updated_at as string,
              data: { notes: `device ${device} round ${round}` },
              base: { notes: row.notes },
            }),
          )
        }),
      )
      const results = await Promise.all(batches.map((b) => push(db.pool, tech1, b)))
      for (const r of results.flat()) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
    }
    expect(statuses.get('rejected') ?? 0).toBe(0)
    expect(
      [...statuses.keys()].every((s) => ['applied', 'merged', 'conflict', 'retry'].includes(s)),
    ).toBe(true)
    expect((statuses.get('applied') ?? 0) + (statuses.get('conflict') ?? 0)).toBeGreaterThan(0)
  })

  it('merges an insert of the same row id that raced another push, instead of refusing it', async () => {
    const rowId = randomUUID()
    const data = {
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      equipment_id: equipment(1, 5),
      kind: 'inspection',
      performed_at: '2031-08-01T15:00:00Z',
      summary: 'Fan check',
    }
    const first = await db.pool.connect()
    try {
      await first.query('begin')
      await setActor(first, tech1)
      await first.query('select business.sync_push($1::json)', [
        JSON.stringify([
          mutation({ table: 'maintenance_logs', op: 'insert', row_id: rowId, data }),
        ]),
      ])
      // The same insert re-sent under a new mutation id waits for the first push ...
      const second = push(db.pool, tech1, [
        { table: 'maintenance_logs', op: 'insert', row_id: rowId, data },
      ])
      await new Promise((r) => setTimeout(r, 300))
      await first.query('commit')
      // ... and merges into the row it created.
      const [r] = await second
      expect(r).toMatchObject({ status: 'merged', row: { id: rowId, summary: 'Fan check' } })
    } finally {
      first.release()
    }
    const { rows } = await db.pool.query(
      'select count(*)::int as n from business.maintenance_logs where id = $1',
      [rowId],
    )
    expect(rows[0].n).toBe(1)
  })

  it('keeps an adjustment’s reason on its own journal entry only', async () => {
    const [latest] = await readingsOf([site(2)], 1)
    const results = await push(db.pool, tech1, [
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(2),
          equipment_id: null,
          period_start: latest!.period_start,
          period_end: latest!.period_end,
          energy_kwh: -12,
          source: 'adjustment',
          notes: 'Meter drift, see ticket 88',
        },
      },
      await editOf(db.pool, 'energy_production', latest!.id as string, { notes: 'checked' }),
      await editOf(db.pool, 'equipment', equipment(2, 3), { notes: 'unrelated' }),
    ])
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
    const { rows } = await db.pool.query<{ row_id: string; reason: string | null }>(
      `select row_id, reason from business.journal where mutation_id = any ($1) order by id`,
      [results.map((r) => r.id)],
    )
    expect(rows.map((r) => r.reason)).toEqual(['Meter drift, see ticket 88', null, null])
  })
})

describe('hosted limits', () => {
  it('finds the row an insert collides with through the unique index, not a scan', async () => {
    const existing = await readingsOf([site(1), site(2)], 200)
    const stats = async () => {
      const c = await db.pool.connect()
      try {
        await c.query('select pg_stat_clear_snapshot()')
        const { rows } = await c.query<{ seq: string; idx: string }>(
          `select t.seq_scan as seq, i.idx_scan as idx from pg_stat_user_tables t
           join pg_stat_user_indexes i on i.relid = t.relid
           where t.relid = 'business.energy_production'::regclass and i.indexrelname = 'energy_production_reading_key'`,
        )
        return { seq: Number(rows[0]!.seq), idx: Number(rows[0]!.idx) }
      } finally {
        c.release()
      }
    }
    const before = await stats()
    const client = await db.pool.connect()
    let results: PushResult[]
    try {
      await client.query('begin')
      await setActor(client, tech1)
      const { rows } = await client.query<{ r: { results: PushResult[] } }>(
        'select business.sync_push($1::json) as r',
        [
          JSON.stringify(
            existing.map((r) =>
              mutation({
                table: 'energy_production',
                op: 'insert',
                row_id: randomUUID(),
                data: {
                  organization_id: r.organization_id,
                  site_id: r.site_id,
                  equipment_id: r.equipment_id,
                  period_start: r.period_start,
                  period_end: r.period_end,
                  energy_kwh: (r.energy_kwh as number) + 1,
                  source: 'manual',
                },
              }),
            ),
          ),
        ],
      )
      await client.query('commit')
      results = rows[0]!.r.results
      await client.query('select pg_stat_force_next_flush()')
      await client.query('select 1')
    } finally {
      client.release()
    }
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['conflict']))
    expect(results.map((r) => r.row!.id)).toEqual(existing.map((r) => r.id))
    const after = await stats()
    expect(after.seq - before.seq).toBe(0)
    expect(after.idx - before.idx).toBeGreaterThanOrEqual(existing.length)
  })

  it('keeps a 500-mutation push inside PostgreSQL’s 64-entry subtransaction cache', async () => {
    const rows = await readingsOf([site(1), site(2)], 500)
    expect(rows).toHaveLength(500)
    const mutations = rows.map((r) =>
      mutation({
        table: 'energy_production',
        op: 'update',
        row_id: r.id as string,
        base_updated_at: r.updated_at as string,
        data: { notes: 'round checked' },
        base: { notes: r.notes },
      }),
    )
    const pusher = await db.pool.connect()
    const observer = await db.pool.connect()
    try {
      await pusher.query('begin')
      await setActor(pusher, tech1)
      const { rows: pid } = await pusher.query<{ pid: number }>('select pg_backend_pid() as pid')
      const { rows: out } = await pusher.query<{ r: { results: PushResult[] } }>(
        'select business.sync_push($1::json) as r',
        [JSON.stringify(mutations)],
      )
      expect(out[0]!.r.results.every((r) => r.status === 'applied')).toBe(true)
      // Still inside the pushing transaction: what it holds is what every snapshot sees.
      const { rows: sub } = await observer.query<{ n: number; overflowed: boolean }>(
        `select s.subxact_count as n, s.subxact_overflowed as overflowed
         from pg_stat_get_backend_idset() as b (id)
         cross join lateral pg_stat_get_backend_subxact(b.id) as s
         where pg_stat_get_backend_pid(b.id) = $1`,
        [pid[0]!.pid],
      )
      expect(sub[0]!.overflowed).toBe(false)
      expect(sub[0]!.n).toBeLessThanOrEqual(20)
      await pusher.query('commit')
    } finally {
      pusher.release()
      observer.release()
    }
  })
})
