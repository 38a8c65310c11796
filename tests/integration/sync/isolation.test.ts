// The device side of issue 9 on real IndexedDB in Chromium against the local Supabase and
// PostgreSQL: a poisoned mutation never stops a device, a transient database error is sent
// again (never parked), rows that leave the user's scope leave the device, and a reset after
// a restore replaces the cache but keeps the outbox.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../support/browser'
import { useDevices } from '../../support/devices'
import { EMAIL, ORG, equipment, site } from '../../support/demo'
import { rowOf, settle } from '../../support/sync'

const devices = useDevices()
const { device, syncOk, offline, online } = devices

describe('one bad mutation never stops a device', () => {
  it('poisoned mutations among good ones: the good ones reach PostgreSQL, the poisoned ones fail with a reason, pulls go on', async () => {
    await device('tech', EMAIL.tech1)
    await offline('tech')
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 1), { status: 'degraded' })
    await devices.h.call('queueRaw', 'tech', 'equipment', equipment(1, 2), 'notes', 'nul')
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 3), { runtime_hours: 1234.5 })
    await devices.h.call('queueRaw', 'tech', 'equipment', equipment(1, 4), 'notes', 'surrogate')
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 5), { status: 'down' })
    await online('tech')
    const status = await syncOk('tech')

    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 1))).status).toBe(
      'degraded',
    )
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 3))).runtime_hours).toBe(
      1234.5,
    )
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 5))).status).toBe('down')
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 2))).notes).toBeNull()
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 4))).notes).toBeNull()
    const outbox = await devices.h.call('outbox', 'tech')
    expect(outbox.map((e) => [e.row_id, e.state, e.error?.code])).toEqual([
      [equipment(1, 2), 'failed', 'invalid_value'],
      [equipment(1, 4), 'failed', 'invalid_value'],
    ])
    for (const e of outbox) expect(e.error?.message.length).toBeGreaterThan(10)
    expect(status.failedCount).toBe(2)
    expect(await devices.h.call('row', 'tech', 'equipment', equipment(1, 2))).toMatchObject({
      _state: 'failed',
    })

    // Pulls go on: the office's change reaches the technician, who still holds the failures.
    await devices.backend.db.pool.query(
      `update business.equipment set notes = 'from office' where id = $1`,
      [equipment(1, 6)],
    )
    await syncOk('tech')
    expect(await devices.h.call('row', 'tech', 'equipment', equipment(1, 6))).toMatchObject({
      notes: 'from office',
      _state: 'synced',
    })
    expect((await devices.h.call('outbox', 'tech')).map((e) => e.state)).toEqual([
      'failed',
      'failed',
    ])

    // The technician discards them in the Sync center; the rows go back to the server's.
    for (const e of outbox) await devices.h.call('discard', 'tech', e.seq!)
    await syncOk('tech')
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    expect(await devices.h.call('row', 'tech', 'equipment', equipment(1, 2))).toMatchObject({
      notes: null,
      _state: 'synced',
    })
  })

  it('a mutation that meets a row lock held elsewhere is sent again later, never parked', async () => {
    await device('tech', EMAIL.tech1)
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 1), { notes: 'locked row' })
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 2), { notes: 'free row' })
    const [lockedId] = (await devices.h.call('outbox', 'tech')).map((e) => e.id)
    // Another session holds the row (an office bulk edit, a long report): the push meets the
    // lock, PostgreSQL's lock_timeout cancels the wait (55P03).
    const holder = await devices.backend.db.pool.connect()
    try {
      await holder.query('begin')
      await holder.query('select 1 from business.equipment where id = $1 for update', [
        equipment(1, 1),
      ])
      const release = setTimeout(() => void holder.query('rollback'), 15_000)
      const status = await devices.h.call('sync', 'tech')
      clearTimeout(release)
      expect(status.lastError).toMatch(/busy/)
      expect(status.failedCount).toBe(0)
      expect(await devices.h.call('outbox', 'tech')).toMatchObject([
        { id: lockedId, state: 'pending', sent: true, error: null },
      ])
      expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 2))).notes).toBe(
        'free row',
      )
      await holder.query('rollback')
    } finally {
      holder.release()
    }
    await syncOk('tech')
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 1))).notes).toBe(
      'locked row',
    )
    const journal = await devices.backend.db.pool.query(
      'select count(*)::int as n from business.journal where mutation_id = $1',
      [lockedId],
    )
    expect(journal.rows[0].n).toBe(1)
  })

  it('a push the hosted statement timeout cancels is bisected and later batches are smaller', async () => {
    await device('tech', EMAIL.tech1)
    for (let unit = 1; unit <= 6; unit++)
      await devices.h.call('update', 'tech', 'equipment', equipment(1, unit), {
        notes: `unit ${unit}`,
      })
    const timeout = {
      status: 500,
      code: '57014',
      message: 'canceling statement due to statement timeout',
    }
    // As PostgREST answers when the 8 s limit cancels sync_push: twice, then the server copes.
    await devices.h.call('setNetwork', 'tech', { pushFaults: [timeout, timeout] })
    await syncOk('tech')
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    // 6 is cancelled, then its first half; after that no batch is larger than 2 (the ceiling
    // then grows back only after three successes).
    const sizes = (await devices.h.call('network', 'tech')).pushSizes.slice(-6)
    expect(sizes.slice(0, 2)).toEqual([6, 3])
    expect(Math.max(...sizes.slice(2))).toBeLessThanOrEqual(2)
    expect(sizes.slice(2).reduce((a, b) => a + b, 0)).toBe(6)
    for (let unit = 1; unit <= 6; unit++)
      expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, unit))).notes).toBe(
        `unit ${unit}`,
      )
  })
})

describe('rows that leave the scope leave the device', () => {
  it('a log the office re-files and equipment it relocates to a site the technician cannot see disappear on the next sync', async () => {
    // Equipment without history at site 1, which the office will relocate to site 3.
    const unit = randomUUID()
    await devices.backend.db.pool.query(
      `insert into business.equipment (id, organization_id, site_id, kind, name) values ($1, $2, $3, 'miner', 'Spare miner')`,
      [unit, ORG.tenNetZero, site(1)],
    )
    await settle(devices.backend.db.pool)
    await device('tech', EMAIL.tech1)
    await device('office', EMAIL.office)
    expect(await devices.h.call('row', 'tech', 'equipment', unit)).toMatchObject({
      _state: 'synced',
    })
    const logs = (await rowsOf(devices.h, 'tech', 'maintenance_logs')).filter(
      (l) => l.site_id === site(1) && !l.deleted_at,
    )
    const [refiled, edited] = logs
    // The technician, offline, edits one of the logs the office is about to re-file.
    await offline('tech')
    await devices.h.call('update', 'tech', 'maintenance_logs', edited!.id, {
      summary: 'seen on site',
    })

    // The office re-files both logs under site 3 through the app, and relocates the unit.
    for (const log of [refiled!, edited!]) {
      await devices.h.call('update', 'office', 'maintenance_logs', log.id, {
        site_id: site(3),
        equipment_id: equipment(3, 1),
      })
    }
    await syncOk('office')
    await devices.backend.db.pool.query(
      `update business.equipment set site_id = $1 where id = $2`,
      [site(3), unit],
    )
    expect((await rowOf(devices.backend.db.pool, 'maintenance_logs', refiled!.id)).site_id).toBe(
      site(3),
    )

    await online('tech')
    await settle(devices.backend.db.pool)
    await devices.h.call('sync', 'tech')
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', refiled!.id)).toBeNull()
    expect(await devices.h.call('row', 'tech', 'equipment', unit)).toBeNull()
    // The edited one stays, flagged, with the edit: the server refused it (the row is out of
    // reach), and the technician sees why.
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', edited!.id)).toMatchObject({
      summary: 'seen on site',
      _outOfScope: true,
    })
    const [failed] = await devices.h.call('outbox', 'tech')
    expect(failed).toMatchObject({ row_id: edited!.id, state: 'failed' })
    await devices.h.call('discard', 'tech', failed!.seq!)
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', edited!.id)).toBeNull()
    await syncOk('tech')
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', edited!.id)).toBeNull()

    // The technician's device now holds exactly their scope's logs and equipment.
    for (const table of ['equipment', 'maintenance_logs'] as const) {
      const { rows } = await devices.backend.db.pool.query(
        `select id from business.${table} where site_id = any($1) and deleted_at is null order by id`,
        [[site(1), site(2)]],
      )
      const local = (await rowsOf(devices.h, 'tech', table))
        .filter((r) => !r.deleted_at)
        .map((r) => r.id)
        .sort()
      expect(local, table).toEqual(rows.map((r: { id: string }) => r.id))
    }
    // The office, which sees site 3, has them there.
    expect(await devices.h.call('row', 'office', 'equipment', unit)).toBeTruthy()
    await syncOk('office')
    expect(await devices.h.call('row', 'office', 'equipment', unit)).toMatchObject({
      site_id: site(3),
    })
    expect(await devices.h.call('row', 'office', 'maintenance_logs', refiled!.id)).toMatchObject({
      site_id: site(3),
    })
  })

  it('a row that moves away and back comes back', async () => {
    await device('tech', EMAIL.tech1)
    const log = (await rowsOf(devices.h, 'tech', 'maintenance_logs')).find(
      (l) => l.site_id === site(2) && !l.deleted_at,
    )!
    const original = await rowOf(devices.backend.db.pool, 'maintenance_logs', log.id)
    await devices.backend.db.pool.query(
      `update business.maintenance_logs set site_id = $1, equipment_id = $2 where id = $3`,
      [site(3), equipment(3, 2), log.id],
    )
    await syncOk('tech')
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', log.id)).toBeNull()
    await devices.backend.db.pool.query(
      `update business.maintenance_logs set site_id = $1, equipment_id = $2 where id = $3`,
      [original.site_id, original.equipment_id, log.id],
    )
    await syncOk('tech')
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', log.id)).toMatchObject({
      site_id: site(2),
      _state: 'synced',
    })
  })
})

/** The cursor with every transaction position moved far ahead, as a restore leaves it. */
function fromTheFuture(cursor: unknown): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(cursor, (key, value: unknown) =>
      (key === 'x' || key === 'seen') && typeof value === 'string' ? '987654321' : value,
    ),
  ) as Record<string, unknown>
}

describe('reset', () => {
  it('a cursor from before a restore (positions the database has not reached) resets, keeping the outbox', async () => {
    await device('tech', EMAIL.tech1)
    const cursor = (await devices.h.call('syncState', 'tech')).cursor
    expect(JSON.stringify(cursor)).toMatch(/"x":/)
    const gone = {
      ...(await rowsOf(devices.h, 'tech', 'maintenance_logs')).find((l) => l.site_id === site(1))!,
      id: randomUUID(),
      summary: 'only before the restore',
    }
    await devices.h.call('putSynced', 'tech', 'maintenance_logs', gone)
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 8), { notes: 'after restore' })
    await devices.h.call('setCursor', 'tech', fromTheFuture(cursor))
    await syncOk('tech')
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', gone.id)).toBeNull()
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 8))).notes).toBe(
      'after restore',
    )
    expect(JSON.stringify((await devices.h.call('syncState', 'tech')).cursor)).not.toContain(
      '987654321',
    )
  })

  it('after a restore the device replaces its cache with a full sync and pushes its outbox', async () => {
    await device('tech', EMAIL.tech1)
    // A row the device holds that the restored database does not have.
    const gone = {
      ...(await rowsOf(devices.h, 'tech', 'maintenance_logs')).find((l) => l.site_id === site(1))!,
      id: randomUUID(),
      summary: 'only before the restore',
    }
    await devices.h.call('putSynced', 'tech', 'maintenance_logs', gone)
    await offline('tech')
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 7), {
      notes: 'kept across restore',
    })
    // What a restore into a new project looks like to a cursor: another epoch.
    await devices.backend.db.pool.query('update business.sync_epoch set epoch = gen_random_uuid()')
    await online('tech')
    await syncOk('tech')
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', gone.id)).toBeNull()
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 7))).notes).toBe(
      'kept across restore',
    )
    const { rows } = await devices.backend.db.pool.query(
      'select count(*)::int as n from business.maintenance_logs where site_id = any($1) and deleted_at is null',
      [[site(1), site(2)]],
    )
    expect(
      (await rowsOf(devices.h, 'tech', 'maintenance_logs')).filter((l) => !l.deleted_at),
    ).toHaveLength(rows[0].n)
  })
})
