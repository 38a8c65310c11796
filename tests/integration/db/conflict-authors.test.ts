// Who wrote each side of a recorded conflict (migration 20261202800000): the device side is
// the pushing user (created_by), the server side the last person who wrote one of the
// conflicting fields before that push (server_updated_by), whichever side won.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, createTestDatabase } from '../../support/db'
import { EMAIL, USER, equipment } from '../../support/demo'
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

async function authors(conflictId: string) {
  const { rows } = await db.pool.query(
    'select created_by, server_updated_by, winner from business.sync_conflicts where id = $1',
    [conflictId],
  )
  return rows[0]
}

const rename = (
  actor: Actor,
  unit: string,
  base: Record<string, unknown>,
  name: string,
  changedAt?: string,
) =>
  push(db.pool, actor, [
    {
      table: 'equipment',
      op: 'update',
      row_id: unit,
      base_updated_at: base.updated_at as string,
      data: { name },
      base: { name: base.name },
      ...(changedAt ? { changed_at: changedAt } : {}),
    },
  ])

describe('conflict authors', () => {
  it('names the server side when the device lost', async () => {
    const unit = equipment(1, 3)
    const base = await rowOf(db.pool, 'equipment', unit)
    const earlier = new Date(Date.now() - 60_000).toISOString()
    await rename(office, unit, base, 'Compressor (office)')
    const [r] = await rename(tech1, unit, base, 'Compressor (tech)', earlier)
    expect(r).toMatchObject({ status: 'conflict' })
    expect(await authors(r!.conflict_id!)).toEqual({
      created_by: USER.tech1,
      server_updated_by: USER.office,
      winner: 'server',
    })
  })

  it('names the server side when a later device edit replaced it', async () => {
    const unit = equipment(1, 4)
    const base = await rowOf(db.pool, 'equipment', unit)
    await rename(tech1, unit, base, 'Transformer (tech)')
    const [r] = await rename(office, unit, base, 'Transformer (office)')
    expect(r).toMatchObject({ status: 'conflict' })
    expect(await authors(r!.conflict_id!)).toEqual({
      created_by: USER.office,
      server_updated_by: USER.tech1,
      winner: 'client',
    })
  })

  it('is the author of the conflicting field, not whoever touched the row last', async () => {
    const unit = equipment(1, 5)
    const base = await rowOf(db.pool, 'equipment', unit)
    await rename(tech1, unit, base, 'Miner rack (tech)')
    const renamed = await rowOf(db.pool, 'equipment', unit)
    await push(db.pool, admin, [
      {
        table: 'equipment',
        op: 'update',
        row_id: unit,
        base_updated_at: renamed.updated_at as string,
        data: { notes: 'Fan noise' },
        base: { notes: renamed.notes },
      },
    ])
    const [r] = await rename(office, unit, base, 'Miner rack (office)')
    expect(r).toMatchObject({ status: 'conflict' })
    expect(await authors(r!.conflict_id!)).toMatchObject({ server_updated_by: USER.tech1 })
  })

  it('is unknown (null) for a value nobody signed in wrote', async () => {
    const unit = equipment(1, 6)
    const base = await rowOf(db.pool, 'equipment', unit)
    await db.pool.query(
      `update business.equipment set name = 'Renamed by a script' where id = $1`,
      [unit],
    )
    const [r] = await rename(office, unit, base, 'Miner rack (office)')
    expect(r).toMatchObject({ status: 'conflict' })
    expect(await authors(r!.conflict_id!)).toMatchObject({
      created_by: USER.office,
      server_updated_by: null,
    })
  })
})
