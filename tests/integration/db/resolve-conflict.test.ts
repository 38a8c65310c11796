import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, equipment } from '../../support/demo'
import { push, rowOf } from '../../support/sync'

let db: TestDatabase
let tech1: Actor
let office: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  tech1 = await actorFor(db.pool, EMAIL.tech1)
  office = await actorFor(db.pool, EMAIL.office)
})
afterAll(() => db.drop())

/** Office edits status and notes first; tech1's older offline edit of the same fields loses. */
async function makeConflict(unit: number): Promise<string> {
  const id = equipment(1, unit)
  const base = await rowOf(db.pool, 'equipment', id)
  const baseTs = base.updated_at as string
  await push(db.pool, office, [
    {
      table: 'equipment',
      op: 'update',
      row_id: id,
      base_updated_at: baseTs,
      data: { status: 'down', notes: 'office' },
    },
  ])
  const [r] = await push(db.pool, tech1, [
    {
      table: 'equipment',
      op: 'update',
      row_id: id,
      base_updated_at: baseTs,
      data: { status: 'maintenance', notes: 'tech' },
      base: { status: base.status, notes: base.notes },
      changed_at: new Date(Date.now() - 3_600_000).toISOString(),
    },
  ])
  expect(r!.status).toBe('conflict')
  return r!.conflict_id!
}

async function resolve(actor: Actor, conflictId: string, resolution: unknown) {
  return asActor(
    db.pool,
    actor,
    async (c) =>
      (
        await c.query<{ r: { conflict: Record<string, unknown>; row: Record<string, unknown> } }>(
          'select business.resolve_conflict($1, $2) as r',
          [conflictId, JSON.stringify(resolution)],
        )
      ).rows[0]!.r,
    { commit: true },
  )
}

describe('resolve_conflict', () => {
  it('keeps the device values when the office chooses them, and records who decided', async () => {
    const id = await makeConflict(1)
    const { conflict, row } = await resolve(office, id, {
      choice: 'client',
      note: 'tech was on site',
    })
    expect(row).toMatchObject({ status: 'maintenance', notes: 'tech', updated_by: office.sub })
    expect(conflict).toMatchObject({
      status: 'resolved',
      resolved_by: office.sub,
      resolution: {
        choice: 'client',
        note: 'tech was on site',
        values: { status: 'maintenance', notes: 'tech' },
      },
    })
    const { rows } = await db.pool.query(
      `select op, reason, changed from business.journal where table_name = 'equipment' and row_id = $1 order by id desc limit 1`,
      [equipment(1, 1)],
    )
    expect(rows[0]).toMatchObject({
      op: 'update',
      changed: ['notes', 'status', 'status_changed_at'],
    })
    expect(rows[0].reason).toContain(id)
  })

  it('keeps the server values, or takes edited ones for the conflicting fields only', async () => {
    const a = await makeConflict(2)
    const kept = await resolve(office, a, { choice: 'server' })
    expect(kept.row).toMatchObject({ status: 'down', notes: 'office' })
    const b = await makeConflict(3)
    const edited = await resolve(office, b, {
      choice: 'custom',
      values: { notes: 'both: checked by office and tech' },
    })
    expect(edited.row).toMatchObject({ status: 'down', notes: 'both: checked by office and tech' })
    const c = await makeConflict(4)
    await expect(
      resolve(office, c, { choice: 'custom', values: { name: 'sneaky' } }),
    ).rejects.toMatchObject({ code: '22023' })
    await expect(resolve(office, c, { choice: 'whatever' })).rejects.toMatchObject({
      code: '22023',
    })
  })

  it('refuses technicians, a second resolution and unknown conflicts', async () => {
    const id = await makeConflict(5)
    await expect(resolve(tech1, id, { choice: 'client' })).rejects.toMatchObject({ code: '42501' })
    await resolve(office, id, { choice: 'server' })
    await expect(resolve(office, id, { choice: 'client' })).rejects.toMatchObject({ code: '55000' })
    await expect(
      resolve(office, '00000000-0000-4000-8000-0000000000ff', { choice: 'client' }),
    ).rejects.toMatchObject({ code: 'P0002' })
  })
})
