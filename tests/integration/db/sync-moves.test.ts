import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'
import { editOf, pullSettled, push } from '../../support/sync'

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

const officeEdit = async (table: string, id: string, data: Record<string, unknown>) => {
  const [r] = await push(db.pool, office, [await editOf(db.pool, table, id, data)])
  expect(r!.status).toBe('applied')
}

const moved = (rows: Map<string, Record<string, unknown>[]>) =>
  (rows.get('sync_moves') ?? []).map((m) => [m.table_name, m.row_id, m.from_site_id])
const ids = (rows: Map<string, Record<string, unknown>[]>, table: string) =>
  (rows.get(table) ?? []).map((r) => r.id)

describe('rows that leave a device’s scope', () => {
  it('are named to a device that saw the old site, until they come back', async () => {
    const { rows: logs } = await db.pool.query<{ id: string }>(
      'select id from business.maintenance_logs where site_id = $1 order by performed_at limit 1',
      [site(1)],
    )
    const log = logs[0]!.id
    const t1 = await pull(tech1)
    const t2 = await pull(tech2)
    const of = await pull(office)

    // The office re-files the log under Tioga North (site 4), which only tech2 sees.
    await officeEdit('maintenance_logs', log, { site_id: site(4), equipment_id: equipment(4, 1) })
    const t1Next = await pull(tech1, t1.cursor)
    expect(moved(t1Next.rows)).toEqual([['maintenance_logs', log, site(1)]])
    expect(ids(t1Next.rows, 'maintenance_logs')).not.toContain(log)
    const t2Next = await pull(tech2, t2.cursor)
    expect(moved(t2Next.rows)).toEqual([])
    expect(ids(t2Next.rows, 'maintenance_logs')).toContain(log)
    const ofNext = await pull(office, of.cursor)
    expect(moved(ofNext.rows)).toEqual([])

    // Filed back: tech1 gets the row itself, and tech2 is told it left.
    await officeEdit('maintenance_logs', log, { site_id: site(1), equipment_id: equipment(1, 1) })
    const t1Back = await pull(tech1, t1Next.cursor)
    expect(moved(t1Back.rows)).toEqual([])
    expect(ids(t1Back.rows, 'maintenance_logs')).toContain(log)
    const t2Back = await pull(tech2, t2Next.cursor)
    expect(moved(t2Back.rows)).toEqual([['maintenance_logs', log, site(4)]])

    // A device starting from nothing hears of no move of a row it can see.
    const fresh = await pull(tech1)
    expect(moved(fresh.rows).map((m) => m[1])).not.toContain(log)
  })

  it('include a relocated unit and an insert merged into a row of another site', async () => {
    const t1 = await pull(tech1)
    const t2 = await pull(tech2)
    const spare = randomUUID()
    await db.pool.query(
      `insert into business.equipment (id, organization_id, site_id, kind, name, asset_tag) values ($1, $2, $3, 'miner', 'Spare S19', 'SPARE-1')`,
      [spare, ORG.tenNetZero, site(1)],
    )
    const t1Seen = await pull(tech1, t1.cursor)
    expect(ids(t1Seen.rows, 'equipment')).toContain(spare)
    await officeEdit('equipment', spare, { site_id: site(4) })
    const t1Moved = await pull(tech1, t1Seen.cursor)
    expect(moved(t1Moved.rows)).toEqual([['equipment', spare, site(1)]])

    // The office registers the same asset tag at Mesa Verde from its device: the insert merges
    // into the unit at Tioga North, and the later device edit takes it to Mesa Verde.
    const t2Seen = await pull(tech2, t2.cursor)
    expect(ids(t2Seen.rows, 'equipment')).toContain(spare)
    const [merged] = await push(db.pool, office, [
      {
        table: 'equipment',
        op: 'insert',
        row_id: randomUUID(),
        data: {
          organization_id: ORG.tenNetZero,
          site_id: site(1),
          kind: 'miner',
          name: 'Spare S19',
          asset_tag: 'SPARE-1',
        },
        changed_at: new Date(Date.now() + 1000).toISOString(),
      },
    ])
    expect(merged).toMatchObject({ status: 'conflict', row: { id: spare, site_id: site(1) } })
    const t2Moved = await pull(tech2, t2Seen.cursor)
    expect(moved(t2Moved.rows)).toEqual([['equipment', spare, site(4)]])
  })
})
