// Custom fields through the real engine and IndexedDB in Chromium, supabase-js against the
// local Supabase: an edit of a unit's fields reaches PostgreSQL; one the registry no longer
// allows (the office changed the field while the laptop was offline) is refused with the
// field's words and stays on the laptop, marked, until it is fixed or discarded.
import { describe, expect, it } from 'vitest'
import { useDevices } from '../../support/devices'
import { EMAIL, ORG, equipment } from '../../support/demo'

const devices = useDevices()
const { device, syncOk, offline, online } = devices
const pool = () => devices.backend.db.pool

const GEN_A = equipment(1, 1) // fuel: flare gas
const MINER = equipment(1, 5) // hashrate 335, firmware

describe('custom fields on devices', () => {
  it('syncs a unit’s fields; a value the registry stopped allowing is refused with its reason and kept', async () => {
    await device('tech', EMAIL.tech1)
    expect(await devices.h.call('row', 'tech', 'equipment', MINER)).toMatchObject({
      custom_fields: { hashrate_ths: 335, firmware: 'Braiins OS 24.06' },
    })
    await offline('tech')
    await devices.h.call('update', 'tech', 'equipment', MINER, {
      custom_fields: { hashrate_ths: 341.5, firmware: 'Braiins OS 24.09' },
    })
    await devices.h.call('update', 'tech', 'equipment', GEN_A, {
      custom_fields: { fuel: 'diesel' },
    })
    // Meanwhile the office drops diesel from the fuel field's choices.
    await pool().query(
      `update business.custom_field_definitions set choices = '{flare gas,field gas}'
       where organization_id = $1 and key = 'fuel'`,
      [ORG.tenNetZero],
    )
    await online('tech')
    await syncOk('tech')

    const { rows } = await pool().query<{ id: string; custom_fields: unknown }>(
      `select id, custom_fields from business.equipment where id = any ($1) order by id`,
      [[GEN_A, MINER]],
    )
    expect(rows).toEqual([
      { id: GEN_A, custom_fields: { fuel: 'flare gas' } },
      { id: MINER, custom_fields: { hashrate_ths: 341.5, firmware: 'Braiins OS 24.09' } },
    ])
    const outbox = (await devices.h.call('outbox', 'tech')) as {
      row_id: string
      state: string
      error: unknown
    }[]
    expect(outbox).toEqual([
      expect.objectContaining({
        row_id: GEN_A,
        state: 'failed',
        error: expect.objectContaining({
          code: 'check_violation',
          message: expect.stringContaining('Fuel must be one of: flare gas, field gas'),
        }),
      }),
    ])
    expect(await devices.h.call('row', 'tech', 'equipment', GEN_A)).toMatchObject({
      custom_fields: { fuel: 'diesel' },
      _state: 'failed',
    })
  })
})
