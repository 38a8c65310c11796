import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, USER, equipment, site } from '../../support/demo'
import { push, rowOf } from '../../support/sync'

let db: TestDatabase
let tech1: Actor
let office: Actor
let admin: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  office = await actorFor(db.pool, EMAIL.office)
  admin = await actorFor(db.pool, EMAIL.admin)
})
afterAll(() => db.drop())

async function sqlState(actor: Actor, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await asActor(db.pool, actor, (c) => c.query(sql, params))
    return 'ok'
  } catch (error) {
    return (error as { code?: string }).code ?? 'error'
  }
}

const resolve = (actor: Actor, id: string, resolution: object) =>
  asActor(
    db.pool,
    actor,
    (c) =>
      c.query<{ r: { row: Record<string, unknown> } }>(
        'select business.resolve_conflict($1, $2) as r',
        [id, JSON.stringify(resolution)],
      ),
    { commit: true },
  )

/** A conflict the server wins: the office renamed the unit after the technician did. */
async function lostRename(unit: string, deviceName: string): Promise<string> {
  const base = await rowOf(db.pool, 'equipment', unit)
  const earlier = new Date(Date.now() - 60_000).toISOString()
  await push(db.pool, office, [
    {
      table: 'equipment',
      op: 'update',
      row_id: unit,
      base_updated_at: base.updated_at as string,
      data: { name: `Office name ${randomUUID().slice(0, 4)}` },
      base: { name: base.name },
    },
  ])
  const [r] = await push(db.pool, tech1, [
    {
      table: 'equipment',
      op: 'update',
      row_id: unit,
      base_updated_at: base.updated_at as string,
      data: { name: deviceName },
      base: { name: base.name },
      changed_at: earlier,
    },
  ])
  expect(r).toMatchObject({ status: 'conflict' })
  return r!.conflict_id!
}

describe('bookkeeping tables', () => {
  it('are written by no API role directly: only their functions write them', async () => {
    const forged = [
      // A "device value" renaming a site the technician is not assigned to, filed under one they are.
      [
        `insert into business.sync_conflicts (organization_id, site_id, table_name, row_id, op, fields, server, client, winner)
         values ($1, $2, 'sites', $3, 'update', '{name}', '{}', '{"name": "Pwned"}', 'server')`,
        [ORG.tenNetZero, site(1), site(4)],
      ],
      [`update business.sync_conflicts set status = 'resolved', resolved_at = now()`, []],
      // A fake merged insert that would redirect later edits of any row id.
      [
        `insert into business.sync_mutations (id, user_id, table_name, row_id, op, status, result)
         values (gen_random_uuid(), auth.uid(), 'equipment', gen_random_uuid(), 'insert', 'merged', '{}')`,
        [],
      ],
      [`update business.sync_mutations set result = '{}'`, []],
      [
        `insert into business.period_closes (organization_id, site_id, month) values ($1, $2, '2031-01-01')`,
        [ORG.tenNetZero, site(1)],
      ],
      [`update business.period_closes set status = 'reopened', reopened_at = now()`, []],
      [
        `insert into business.journal (organization_id, table_name, row_id, op) values ($1, 'sites', $2, 'update')`,
        [ORG.tenNetZero, site(1)],
      ],
      [`delete from business.journal`, []],
    ] as const
    for (const actor of [tech1, office, admin]) {
      for (const [sql, params] of forged) {
        expect(await sqlState(actor, sql, [...params]), `${actor.email}: ${sql}`).toBe('42501')
      }
    }
  })

  it('keep recording conflicts and closes through their functions', async () => {
    const id = await lostRename(equipment(1, 3), 'Compressor (tech)')
    const { rows } = await db.pool.query(
      'select created_by, client, winner from business.sync_conflicts where id = $1',
      [id],
    )
    expect(rows[0]).toEqual({
      created_by: USER.tech1,
      client: { name: 'Compressor (tech)' },
      winner: 'server',
    })
    const closed = await asActor(
      db.pool,
      office,
      (c) => c.query(`select business.close_period($1, '2031-02-01') as r`, [site(1)]),
      { commit: true },
    )
    expect(closed.rows[0].r).toMatchObject({ status: 'closed', closed_by: USER.office })
    expect(await sqlState(tech1, `select business.close_period($1, '2031-03-01')`, [site(1)])).toBe(
      '42501',
    )
  })
})

describe('resolve_conflict', () => {
  it('applies a device value only while the person who made the edit may still write the row', async () => {
    const unit = equipment(1, 4)
    const id = await lostRename(unit, 'Transformer (tech)')
    // tech1 loses site 1 before the office looks at the conflict.
    await db.pool.query(
      `update business.site_assignments set deleted_at = now() where user_id = $1 and site_id = $2`,
      [USER.tech1, site(1)],
    )
    await expect(resolve(office, id, { choice: 'client' })).rejects.toMatchObject({
      code: '42501',
      message: expect.stringContaining('may no longer change this record') as string,
    })
    expect((await rowOf(db.pool, 'equipment', unit)).name).not.toBe('Transformer (tech)')
    // The office can still keep the server value, or type the value itself.
    const kept = await resolve(office, id, {
      choice: 'custom',
      values: { name: 'Transformer T1' },
      note: 'checked the nameplate',
    })
    expect(kept.rows[0]!.r.row).toMatchObject({ name: 'Transformer T1', updated_by: USER.office })
    const { rows } = await db.pool.query(
      'select status, resolved_by, resolution from business.sync_conflicts where id = $1',
      [id],
    )
    expect(rows[0]).toMatchObject({
      status: 'resolved',
      resolved_by: USER.office,
      resolution: { choice: 'custom', note: 'checked the nameplate' },
    })

    await db.pool.query(
      `update business.site_assignments set deleted_at = null where user_id = $1 and site_id = $2`,
      [USER.tech1, site(1)],
    )
    const again = await lostRename(unit, 'Transformer (tech, again)')
    const applied = await resolve(office, again, { choice: 'client' })
    expect(applied.rows[0]!.r.row).toMatchObject({ name: 'Transformer (tech, again)' })
  })

  it('refuses conflicts on tables devices do not write, even if one was planted', async () => {
    // Planted by a superuser, as a forged row would have been before: a "device value" that
    // reopens a closed month.
    await asActor(
      db.pool,
      office,
      (c) => c.query(`select business.close_period($1, '2031-04-01')`, [site(2)]),
      { commit: true },
    )
    const close = await db.pool.query<{ id: string }>(
      `select id from business.period_closes where site_id = $1 and month = '2031-04-01'`,
      [site(2)],
    )
    const planted = await db.pool.query<{ id: string }>(
      `insert into business.sync_conflicts (organization_id, site_id, table_name, row_id, op, fields, server, client, winner, created_by)
       values ($1, $2, 'period_closes', $3, 'update', '{status}', '{"status": "closed"}', '{"status": "reopened"}', 'server', $4)
       returning id`,
      [ORG.tenNetZero, site(2), close.rows[0]!.id, USER.tech1],
    )
    await expect(resolve(office, planted.rows[0]!.id, { choice: 'client' })).rejects.toMatchObject({
      code: '22023',
    })
    const { rows } = await db.pool.query(
      'select status from business.period_closes where id = $1',
      [close.rows[0]!.id],
    )
    expect(rows[0].status).toBe('closed')
  })

  it('refuses a second resolution and a note that is not text', async () => {
    const id = await lostRename(equipment(2, 3), 'Compressor CD (tech)')
    await expect(resolve(office, id, { choice: 'server', note: 42 })).rejects.toMatchObject({
      code: '22023',
    })
    await resolve(office, id, { choice: 'server' })
    await expect(resolve(admin, id, { choice: 'client' })).rejects.toMatchObject({
      code: '55000',
    })
  })
})
