import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, site } from '../../support/demo'
import { push } from '../../support/sync'

let db: TestDatabase
let office: Actor
let tech1: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  office = await actorFor(db.pool, EMAIL.office)
  tech1 = await actorFor(db.pool, EMAIL.tech1)
})
afterAll(() => db.drop())

const call = (actor: Actor, sql: string, params: unknown[]) =>
  asActor(db.pool, actor, async (c) => (await c.query(sql, params)).rows[0], { commit: true })

// Site 1 is in America/Chicago: a 2029-03 reading starts at 05:00 or 06:00 UTC.
const reading = (over: Record<string, unknown> = {}) => ({
  organization_id: ORG.tenNetZero,
  site_id: site(1),
  period_start: '2029-03-10T05:00:00Z',
  period_end: '2029-03-11T05:00:00Z',
  energy_kwh: 1000,
  ...over,
})

describe('period close', () => {
  it('locks a month: readings cannot be added, changed or deleted, corrections go in as adjustments', async () => {
    const [before] = await push(db.pool, tech1, [
      { table: 'energy_production', op: 'insert', row_id: randomUUID(), data: reading() },
    ])
    expect(before!.status).toBe('applied')
    await expect(
      call(tech1, `select business.close_period($1, '2029-03-01')`, [site(1)]),
    ).rejects.toMatchObject({ code: '42501' })
    const closed = await call(office, `select business.close_period($1, '2029-03-01') as r`, [
      site(1),
    ])
    expect(closed.r).toMatchObject({ status: 'closed', closed_by: office.sub, month: '2029-03-01' })

    const results = await push(db.pool, tech1, [
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: reading({ period_start: '2029-03-12T05:00:00Z', period_end: '2029-03-13T05:00:00Z' }),
      },
      {
        table: 'energy_production',
        op: 'update',
        row_id: before!.row!.id as string,
        base_updated_at: before!.row!.updated_at as string,
        data: { energy_kwh: 5 },
      },
      {
        table: 'energy_production',
        op: 'delete',
        row_id: before!.row!.id as string,
        base_updated_at: before!.row!.updated_at as string,
      },
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: reading({ source: 'adjustment', energy_kwh: -40 }),
      },
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: reading({
          source: 'adjustment',
          energy_kwh: -40,
          notes: 'Meter 3 over-read; verified against the utility statement',
        }),
      },
      // April is open.
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: reading({ period_start: '2029-04-02T05:00:00Z', period_end: '2029-04-03T05:00:00Z' }),
      },
    ])
    expect(results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
      ['rejected', 'period_closed'],
      ['rejected', 'period_closed'],
      ['rejected', 'period_closed'],
      ['rejected', 'check_violation'],
      ['applied', null],
      ['applied', null],
    ])
    expect(results[0]!.error!.message).toMatch(/March 2029 is closed for this site/)
    const { rows } = await db.pool.query(
      `select reason from business.journal where table_name = 'energy_production' and row_id = $1`,
      [results[4]!.row!.id],
    )
    expect(rows[0].reason).toBe('Meter 3 over-read; verified against the utility statement')
  })

  it('reopens with a reason, and then accepts edits again', async () => {
    await expect(
      call(office, `select business.reopen_period($1, '2029-03-01', '')`, [site(1)]),
    ).rejects.toMatchObject({ code: '22023' })
    const reopened = await call(
      office,
      `select business.reopen_period($1, '2029-03-01', 'Utility re-issued the statement') as r`,
      [site(1)],
    )
    expect(reopened.r).toMatchObject({
      status: 'reopened',
      reason: 'Utility re-issued the statement',
    })
    const [r] = await push(db.pool, tech1, [
      {
        table: 'energy_production',
        op: 'insert',
        row_id: randomUUID(),
        data: reading({ period_start: '2029-03-20T05:00:00Z', period_end: '2029-03-21T05:00:00Z' }),
      },
    ])
    expect(r!.status).toBe('applied')
    await expect(
      call(office, `select business.reopen_period($1, '2029-03-01', 'again')`, [site(1)]),
    ).rejects.toMatchObject({ code: 'P0002' })
  })
})
