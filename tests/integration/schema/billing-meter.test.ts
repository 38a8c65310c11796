// The billing meter of a site (migrations/20261202500000_billing_meter.sql): a unit of the
// site itself, chosen by the office, never by a technician.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, equipment, site } from '../../support/demo'

let db: TestDatabase
let office: Actor
let tech: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  office = await actorFor(db.pool, EMAIL.office)
  tech = await actorFor(db.pool, EMAIL.tech1)
})
afterAll(() => db.drop())

const setMeter = (actor: Actor, siteId: string, meter: string | null) =>
  asActor(db.pool, actor, async (c) => {
    const r = await c.query(
      'update business.sites set billing_meter_id = $2 where id = $1 returning billing_meter_id',
      [siteId, meter],
    )
    return r.rows
  })

describe('billing meter', () => {
  it('is the site meter until the office names a unit of the site', async () => {
    const { rows } = await db.pool.query(
      'select billing_meter_id from business.sites where id = $1',
      [site(1)],
    )
    expect(rows).toEqual([{ billing_meter_id: null }])
    expect(await setMeter(office, site(1), equipment(1, 1))).toEqual([
      { billing_meter_id: equipment(1, 1) },
    ])
  })

  it('must be a unit of the same site', async () => {
    await expect(setMeter(office, site(1), equipment(2, 1))).rejects.toMatchObject({
      code: '23503',
      constraint: 'sites_billing_meter_fkey',
    })
  })

  it('cannot be changed by a technician, who may still edit the site', async () => {
    await expect(setMeter(tech, site(1), equipment(1, 2))).rejects.toMatchObject({
      code: '42501',
      message: 'only office or admin staff can choose the billing meter of a site',
    })
    const notes = await asActor(
      db.pool,
      tech,
      async (c) =>
        (
          await c.query(`update business.sites set notes = 'gate code 4471' where id = $1`, [
            site(1),
          ])
        ).rowCount,
    )
    expect(notes).toBe(1)
  })
})
