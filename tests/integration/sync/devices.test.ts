// Several devices, each a real IndexedDB database with the real sync engine in Chromium,
// against the local Supabase (supabase-js → supabase/local → PostgreSQL with the migrations).
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../support/browser'
import { useDevices } from '../../support/devices'
import { DEMO_PASSWORD, EMAIL, ORG, USER, equipment, site } from '../../support/demo'
import { createTestDatabase } from '../../support/db'
import { startLocalSupabase } from '../../../supabase/local'
import { rowOf } from '../../support/sync'

const devices = useDevices()
const { device, syncOk, offline, online } = devices

describe('devices syncing through the local Supabase', () => {
  it('first sync brings exactly the user’s scope, with progress', async () => {
    await device('a', EMAIL.tech1)
    const sites = await rowsOf(devices.h, 'a', 'sites')
    expect(sites.map((s) => s.id).sort()).toEqual([site(1), site(2)])
    const readings = await rowsOf(devices.h, 'a', 'energy_production')
    const { rows } = await devices.backend.db.pool.query(
      'select count(*)::int as n from business.energy_production where site_id = any($1)',
      [[site(1), site(2)]],
    )
    expect(readings).toHaveLength(rows[0].n)
    expect((await devices.h.call('syncState', 'a')).scope).toEqual([site(1), site(2)])
  })

  it('offline edits on two devices: applied, merged, and a conflict decided by time both ways', async () => {
    await device('tech', EMAIL.tech1)
    await device('office', EMAIL.office)
    await offline('tech')
    await offline('office')
    // Different fields of one row: merged.
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 1), { status: 'degraded' })
    await devices.h.call('update', 'office', 'equipment', equipment(1, 1), {
      notes: 'inspect belts',
    })
    // Same field: the technician edited before the office's edit reached the server, so the
    // server's value stays and the technician's is kept in the conflict.
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 2), { status: 'maintenance' })
    await devices.h.call('update', 'office', 'equipment', equipment(1, 2), { status: 'down' })
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 3), { runtime_hours: 9000 })
    await online('office')
    await syncOk('office')
    // Edited after the office's change reached the server: the technician's value wins.
    await new Promise((r) => setTimeout(r, 50))
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 4), { status: 'down' })
    await online('tech')
    await syncOk('tech')
    await syncOk('office')

    expect(await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 1))).toMatchObject({
      status: 'degraded',
      notes: 'inspect belts',
    })
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 2))).status).toBe('down')
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 3))).runtime_hours).toBe(
      9000,
    )
    for (const name of ['tech', 'office']) {
      expect(await devices.h.call('row', name, 'equipment', equipment(1, 1))).toMatchObject({
        status: 'degraded',
        notes: 'inspect belts',
        _state: 'synced',
      })
      expect(await devices.h.call('row', name, 'equipment', equipment(1, 2))).toMatchObject({
        status: 'down',
        _state: 'synced',
      })
      expect(await devices.h.call('outbox', name)).toEqual([])
    }
    const conflicts = await devices.h.call('conflicts', 'office')
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({
      row_id: equipment(1, 2),
      // A status change carries the moment it was made, which conflicts with it.
      fields: ['status', 'status_changed_at'],
      server: { status: 'down' },
      client: { status: 'maintenance' },
      winner: 'server',
      status: 'open',
    })

    // The other way round: the office changes a field, then the technician, offline, changes
    // it later; the technician's value wins and the office's is kept.
    await offline('tech')
    await devices.h.call('update', 'office', 'equipment', equipment(1, 5), { status: 'retired' })
    await syncOk('office')
    await new Promise((r) => setTimeout(r, 50))
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 5), { status: 'degraded' })
    await online('tech')
    await syncOk('tech')
    expect(await devices.h.call('row', 'tech', 'equipment', equipment(1, 5))).toMatchObject({
      status: 'degraded',
    })
    // Right after the push the device holds the server's own record, the office's losing
    // value included, though the row no longer shows it; the next pull leaves it as it is.
    const recorded = (await devices.h.call('conflicts', 'tech')).find(
      (c) => c.row_id === equipment(1, 5),
    )
    expect(recorded).toMatchObject({
      winner: 'client',
      server: { status: 'retired' },
      client: { status: 'degraded' },
    })
    expect(recorded?.updated_at).not.toBe('')
    await syncOk('tech')
    expect(
      (await devices.h.call('conflicts', 'tech')).find((c) => c.row_id === equipment(1, 5)),
    ).toMatchObject({
      winner: 'client',
      server: { status: 'retired' },
      client: { status: 'degraded' },
    })
  })

  it('delete against update, and the same reading entered on two devices', async () => {
    await device('tech', EMAIL.tech1)
    await device('office', EMAIL.office)
    const logs = (await rowsOf(devices.h, 'tech', 'maintenance_logs')).filter(
      (l) => l.site_id === site(1),
    )
    const log = logs[0]!
    await offline('tech')
    await devices.h.call('remove', 'tech', 'maintenance_logs', log.id)
    const reading = {
      organization_id: ORG.tenNetZero,
      site_id: site(2),
      period_start: '2030-06-01T05:00:00Z',
      period_end: '2030-06-02T05:00:00Z',
      energy_kwh: 15000,
    }
    await devices.h.call('create', 'tech', 'energy_production', reading)
    await new Promise((r) => setTimeout(r, 20))
    await devices.h.call('update', 'office', 'maintenance_logs', log.id, {
      summary: 'Corrected summary',
    })
    await devices.h.call('create', 'office', 'energy_production', { ...reading, energy_kwh: 15500 })
    await syncOk('office')
    await online('tech')
    await syncOk('tech')
    await syncOk('office')
    const server = await rowOf(devices.backend.db.pool, 'maintenance_logs', log.id)
    expect(server).toMatchObject({ summary: 'Corrected summary', deleted_at: null })
    const { rows } = await devices.backend.db.pool.query(
      `select energy_kwh from business.energy_production where site_id = $1 and period_start = '2030-06-01T05:00:00Z' and deleted_at is null`,
      [site(2)],
    )
    expect(rows).toEqual([{ energy_kwh: '15500.000' }])
    for (const name of ['tech', 'office']) {
      const mine = (await rowsOf(devices.h, name, 'energy_production')).filter((r) =>
        r.period_start.startsWith('2030-06-01'),
      )
      expect(mine).toHaveLength(1)
      expect(mine[0]).toMatchObject({ energy_kwh: 15500, _state: 'synced' })
      expect(await devices.h.call('row', name, 'maintenance_logs', log.id)).toMatchObject({
        summary: 'Corrected summary',
      })
    }
    const conflicts = await devices.h.call('conflicts', 'office')
    expect(conflicts.map((c) => [c.table_name, c.fields.join(), c.winner]).sort()).toEqual([
      ['energy_production', 'energy_kwh', 'server'],
      ['maintenance_logs', 'deleted_at', 'server'],
    ])
  })

  it('a unit registered on two laptops offline is one unit, with both laptops’ logs and readings on it', async () => {
    await device('a', EMAIL.tech1)
    await device('b', EMAIL.tech1)
    await offline('a')
    await offline('b')
    const unit = {
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      kind: 'generator',
      name: 'Generator D',
      asset_tag: 'GEN-D-7',
      status: 'operational',
    }
    const first = await devices.h.call('create', 'a', 'equipment', unit)
    const again = await devices.h.call('create', 'b', 'equipment', { ...unit, name: 'Gen D' })
    const log = await devices.h.call('create', 'b', 'maintenance_logs', {
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      equipment_id: again.id,
      kind: 'inspection',
      performed_at: '2030-07-01T15:00:00Z',
      summary: 'Commissioned',
      parts: [],
    })
    const reading = await devices.h.call('create', 'b', 'energy_production', {
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      equipment_id: again.id,
      period_start: '2030-07-01T05:00:00Z',
      period_end: '2030-07-02T05:00:00Z',
      energy_kwh: 4200,
    })
    await online('a')
    await syncOk('a')
    await online('b')
    await syncOk('b')

    const pool = devices.backend.db.pool
    const { rows: units } = await pool.query(
      `select id from business.equipment where asset_tag = 'GEN-D-7'`,
    )
    expect(units).toEqual([{ id: first.id }])
    expect(await rowOf(pool, 'maintenance_logs', log.id)).toMatchObject({ equipment_id: first.id })
    expect(await rowOf(pool, 'energy_production', reading.id)).toMatchObject({
      equipment_id: first.id,
      energy_kwh: 4200,
    })
    expect(await devices.h.call('outbox', 'b')).toEqual([])
    expect(await devices.h.call('row', 'b', 'equipment', again.id)).toBeNull()
    expect(await devices.h.call('row', 'b', 'maintenance_logs', log.id)).toMatchObject({
      equipment_id: first.id,
      _state: 'synced',
    })
    expect(await devices.h.call('row', 'b', 'energy_production', reading.id)).toMatchObject({
      equipment_id: first.id,
      _state: 'synced',
    })
  })

  it('a push whose answer is lost is retried with the same ids and applied once', async () => {
    await device('tech', EMAIL.tech1)
    const created = await devices.h.call('create', 'tech', 'maintenance_logs', {
      organization_id: ORG.tenNetZero,
      site_id: site(1),
      equipment_id: equipment(1, 5),
      kind: 'corrective',
      performed_at: new Date().toISOString(),
      summary: 'Replaced fan',
      parts: [{ name: 'Fan', part_number: 'F-1', quantity: 2 }],
    })
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 5), { runtime_hours: 7777 })
    const ids = (await devices.h.call('outbox', 'tech')).map((e) => e.id)
    await devices.h.call('setNetwork', 'tech', { loseNextPushResponse: true })
    const failed = await devices.h.call('sync', 'tech')
    expect(failed.phase).toBe('offline')
    expect((await devices.h.call('outbox', 'tech')).map((e) => [e.id, e.state, e.sent])).toEqual(
      ids.map((id) => [id, 'pending', true]),
    )
    await syncOk('tech')
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    const { rows } = await devices.backend.db.pool.query(
      `select count(*)::int as n from business.maintenance_logs where summary = 'Replaced fan'`,
    )
    expect(rows[0].n).toBe(1)
    const journal = await devices.backend.db.pool.query(
      'select count(*)::int as n from business.journal where mutation_id = any($1)',
      [ids],
    )
    expect(journal.rows[0].n).toBe(2)
    expect(await devices.h.call('row', 'tech', 'maintenance_logs', created.id)).toMatchObject({
      _state: 'synced',
    })
  })

  it('a pull whose connection drops between pages resumes from the saved cursor', async () => {
    await devices.h.call('createDevice', 'a', devices.backend.url, devices.backend.anonKey)
    await devices.h.call('signIn', 'a', EMAIL.office, DEMO_PASSWORD)
    await devices.h.call('setNetwork', 'a', { failPullAfter: 2 })
    const failed = await devices.h.call('sync', 'a')
    expect(failed.phase).toBe('offline')
    const partial = await rowsOf(devices.h, 'a', 'energy_production')
    const cursor = (await devices.h.call('syncState', 'a')).cursor
    expect(cursor).not.toBeNull()
    // The window closes: a new engine on the same IndexedDB database picks up.
    await devices.h.call('setNetwork', 'a', { failPullAfter: null })
    await syncOk('a')
    const all = await rowsOf(devices.h, 'a', 'energy_production')
    const { rows } = await devices.backend.db.pool.query(
      `select count(*)::int as n from business.energy_production e join business.sites s on s.id = e.site_id where s.organization_id = $1 and e.deleted_at is null`,
      [ORG.tenNetZero],
    )
    expect(partial.length).toBeLessThan(all.length)
    expect(all).toHaveLength(rows[0].n)
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length)
  })

  it('resumes after the server stops mid-pull and the window is closed, with no gaps or repeats', async () => {
    const db = await createTestDatabase()
    let server = await startLocalSupabase({ databaseUrl: db.url, port: 0 })
    const port = Number(new URL(server.url).port)
    try {
      await devices.h.call('createDevice', 'r', server.url, server.anonKey)
      await devices.h.call('signIn', 'r', EMAIL.office, DEMO_PASSWORD)
      const running = devices.h.call('sync', 'r')
      while (!(await devices.h.call('syncState', 'r')).cursor)
        await new Promise((r) => setTimeout(r, 10))
      await server.stop()
      expect((await running).phase).toBe('offline')
      const partial = await rowsOf(devices.h, 'r', 'energy_production')
      await devices.h.call('closeDevice', 'r')
      server = await startLocalSupabase({ databaseUrl: db.url, port })
      await devices.h.call('createDevice', 'r', server.url, server.anonKey)
      expect((await devices.h.call('sync', 'r')).lastError).toBeNull()
      const all = await rowsOf(devices.h, 'r', 'energy_production')
      const { rows } = await db.pool.query(
        `select count(*)::int as n from business.energy_production where organization_id = $1`,
        [ORG.tenNetZero],
      )
      expect(partial.length).toBeLessThan(all.length)
      expect(all).toHaveLength(rows[0].n)
      expect(new Set(all.map((r) => r.id)).size).toBe(all.length)
    } finally {
      await server.stop()
      await db.drop()
    }
  })

  it('keeps working on an expired session offline, refreshes when online, and keeps a failed edit until it is fixed', async () => {
    await device('tech', EMAIL.tech1)
    await offline('tech')
    await devices.h.call('expireSession', 'tech')
    await devices.h.call('update', 'tech', 'equipment', equipment(2, 1), { status: 'down' })
    expect(await devices.h.call('outbox', 'tech')).toHaveLength(1)
    // (A refresh attempted while offline makes supabase-js wait 60 s before trying that token
    // again; the engine's backoff retries meanwhile. Here the first attempt is online.)
    await online('tech')
    await syncOk('tech')
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(2, 1))).status).toBe('down')

    // The admin takes site 2 away while the technician edits it offline: rejected, kept, visible.
    await offline('tech')
    await devices.h.call('update', 'tech', 'equipment', equipment(2, 2), { notes: 'seen on site' })
    await devices.backend.db.pool.query(
      `update business.site_assignments set deleted_at = now() where site_id = $1 and user_id = $2`,
      [site(2), USER.tech1],
    )
    await online('tech')
    await syncOk('tech')
    const [failed] = await devices.h.call('outbox', 'tech')
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'not_found' } })
    expect(await devices.h.call('row', 'tech', 'equipment', equipment(2, 2))).toMatchObject({
      _state: 'failed',
      _outOfScope: true,
      notes: 'seen on site',
    })
    expect((await devices.h.call('status', 'tech')).failedCount).toBe(1)
    // Site given back; the user fixes the edit, which reopens the mutation; it applies.
    await devices.backend.db.pool.query(
      `insert into business.site_assignments (organization_id, site_id, user_id) values ($1, $2, $3)`,
      [ORG.tenNetZero, site(2), USER.tech1],
    )
    await devices.h.call('update', 'tech', 'equipment', equipment(2, 2), {
      notes: 'seen on site, belts worn',
    })
    await syncOk('tech')
    expect(await devices.h.call('outbox', 'tech')).toEqual([])
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(2, 2))).notes).toBe(
      'seen on site, belts worn',
    )
  })

  it('corrects a device clock a day ahead, so its old edit does not beat a newer one', async () => {
    await device('tech', EMAIL.tech1)
    await device('office', EMAIL.office)
    await devices.h.call('setNetwork', 'tech', { skewMs: 86_400_000 })
    await syncOk('tech') // measures the offset
    await offline('tech')
    await devices.h.call('update', 'tech', 'equipment', equipment(1, 6), { status: 'down' })
    await new Promise((r) => setTimeout(r, 50))
    await devices.h.call('update', 'office', 'equipment', equipment(1, 6), {
      status: 'maintenance',
    })
    await syncOk('office')
    await online('tech')
    await syncOk('tech')
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 6))).status).toBe(
      'maintenance',
    )
    const [mutation] = await devices.backend.db.pool
      .query(
        `select changed_at from business.sync_mutations where table_name = 'equipment' and row_id = $1 and user_id = $2`,
        [equipment(1, 6), USER.tech1],
      )
      .then((r) => r.rows)
    expect(Math.abs(new Date(mutation.changed_at as string).getTime() - Date.now())).toBeLessThan(
      60_000,
    )
  })

  it('gains a newly assigned site’s history and drops a removed site', async () => {
    await device('tech', EMAIL.tech1)
    const assignment = randomUUID()
    await devices.backend.db.pool.query(
      `insert into business.site_assignments (id, organization_id, site_id, user_id) values ($1, $2, $3, $4)`,
      [assignment, ORG.tenNetZero, site(3), USER.tech1],
    )
    await syncOk('tech')
    const gained = (await rowsOf(devices.h, 'tech', 'energy_production')).filter(
      (r) => r.site_id === site(3),
    )
    const { rows } = await devices.backend.db.pool.query(
      'select count(*)::int as n from business.energy_production where site_id = $1',
      [site(3)],
    )
    expect(gained).toHaveLength(rows[0].n)
    await devices.backend.db.pool.query(
      'update business.site_assignments set deleted_at = now() where id = $1',
      [assignment],
    )
    await syncOk('tech')
    expect(
      (await rowsOf(devices.h, 'tech', 'energy_production')).filter((r) => r.site_id === site(3)),
    ).toEqual([])
    expect((await rowsOf(devices.h, 'tech', 'sites')).map((s) => s.id).sort()).toEqual([
      site(1),
      site(2),
    ])
  })

  it('never pushes one user’s outbox under another user’s session', async () => {
    await device('shared', EMAIL.tech1)
    await offline('shared')
    await devices.h.call('update', 'shared', 'equipment', equipment(1, 7), { notes: 'tech1 edit' })
    await devices.h.call('signOut', 'shared')
    await online('shared')
    await devices.h.call('signIn', 'shared', EMAIL.tech2, DEMO_PASSWORD)
    const status = await syncOk('shared')
    expect(status.heldForOtherUser).toBe(1)
    expect((await rowOf(devices.backend.db.pool, 'equipment', equipment(1, 7))).notes).toBeNull()
    expect((await rowsOf(devices.h, 'shared', 'sites')).map((s) => s.id).sort()).toEqual([
      site(4),
      site(5),
    ])
  })
})
