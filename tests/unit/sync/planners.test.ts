// The pure halves of applying push results and pull pages: given what the device holds, what
// must change. No database here; tests/unit/store/sync-apply.test.ts runs the Dexie executors.
import { describe, expect, it } from 'vitest'
import type { CacheSnapshot } from '../../../src/shared/sync/cache-draft'
import type { LocalRowOf } from '../../../src/shared/sync/local-row'
import type { OutboxEntry } from '../../../src/shared/sync/outbox'
import { planPullPage, pullSnapshotNeeds, sitesLeaving } from '../../../src/shared/sync/plan-pull'
import {
  mergedAway,
  planPushResults,
  pushSnapshotKeys,
  refersToMerged,
} from '../../../src/shared/sync/plan-push'
import type { PushResult } from '../../../src/shared/sync/protocol'
import { SITE, page, serverEquipment } from '../store/helpers'

const ID = serverEquipment().id
const OTHER = '40000000-0000-4000-8000-000000000102'
const SITE2 = '30000000-0000-4000-8000-000000000002'

function entry(seq: number, over: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    seq,
    id: `m${seq}`,
    table: 'equipment',
    op: 'update',
    row_id: ID,
    base_updated_at: serverEquipment().updated_at,
    data: { status: 'down' },
    base: { status: 'operational' },
    changed_at: '2026-01-02T00:00:00Z',
    device_id: 'd',
    user_id: 'u',
    state: 'sending',
    attempts: 1,
    sent: true,
    error: null,
    created_at: '2026-01-02T00:00:00Z',
    ...over,
  }
}

function local(
  over: Record<string, unknown> = {},
  base: ReturnType<typeof serverEquipment> | null = null,
) {
  return {
    ...serverEquipment(over),
    _state: base ? 'unsynced' : 'synced',
    _base: base,
  } as unknown as LocalRowOf<'equipment'>
}

function snapshot(rows: LocalRowOf<'equipment'>[], outbox: OutboxEntry[]): CacheSnapshot {
  return { rows: new Map([['equipment', rows]]), outbox }
}

function result(id: string, over: Partial<PushResult>): PushResult {
  return { id, status: 'applied', row: null, conflict_id: null, error: null, ...over }
}

const respond = (...results: PushResult[]) => ({ results, server_time: '2026-01-03T00:00:00Z' })

describe('planPushResults', () => {
  it('drops an applied entry and puts the server row, keeping later edits on top', () => {
    const sent = [entry(1)]
    const later = entry(2, { data: { notes: 'typed meanwhile' }, state: 'pending', sent: false })
    const server = serverEquipment({ status: 'down', updated_at: '2026-01-03 00:00:00+00' })
    const plan = planPushResults(
      sent,
      respond(result('m1', { row: server })),
      snapshot([local({ status: 'down' }, serverEquipment())], [...sent, later]),
    )
    expect(plan.outcome).toEqual({ applied: 1, conflicts: 0, rejected: 0, deferred: [] })
    expect(plan.changes.outbox).toEqual({ put: [], delete: [1] })
    expect(plan.changes.rows.get('equipment')!.put).toMatchObject([
      { status: 'down', notes: 'typed meanwhile', _state: 'unsynced', _base: server },
    ])
  })

  it('keeps a rejected entry as failed with its reason and shows the row at its last server version', () => {
    const sent = [entry(1)]
    const error = { code: 'check_violation' as const, message: 'no' }
    const plan = planPushResults(
      sent,
      respond(result('m1', { status: 'rejected', error })),
      snapshot([local({ status: 'down' }, serverEquipment())], sent),
    )
    expect(plan.outcome.rejected).toBe(1)
    expect(plan.changes.outbox.put).toMatchObject([{ seq: 1, state: 'failed', error }])
    expect(plan.changes.rows.get('equipment')!.put).toMatchObject([
      { status: 'down', _state: 'failed' },
    ])
  })

  it('defers a retry, and a rejection that only lacked the deferred parent', () => {
    const insert = entry(1, { op: 'insert', row_id: OTHER, base_updated_at: null })
    const log = entry(2, {
      table: 'maintenance_logs',
      op: 'insert',
      row_id: '50000000-0000-4000-8000-000000000001',
      data: { equipment_id: OTHER },
    })
    const plan = planPushResults(
      [insert, log],
      respond(
        result('m1', { status: 'retry', error: { code: 'transient', message: 'deadlock' } }),
        result('m2', {
          status: 'rejected',
          error: { code: 'foreign_key_violation', message: 'x' },
        }),
      ),
      snapshot([], [insert, log]),
    )
    expect(plan.outcome).toMatchObject({ rejected: 0, deferred: ['m1', 'm2'] })
    expect(plan.changes.outbox.put.map((e) => e.state)).toEqual(['pending', 'pending'])
    expect(plan.changes.rows.size).toBe(0)
  })

  it('follows a merge: the local row goes, later edits move to the server row as updates', () => {
    const insert = entry(1, { op: 'insert', row_id: OTHER, base_updated_at: null })
    const later = entry(2, { row_id: OTHER, data: { notes: 'n' }, state: 'pending', sent: false })
    const server = serverEquipment({ updated_at: '2026-01-03 00:00:00+00' })
    expect(
      pushSnapshotKeys([insert], respond(result('m1', { status: 'merged', row: server }))),
    ).toEqual(new Map([['equipment', new Set([OTHER, ID])]]))
    const plan = planPushResults(
      [insert],
      respond(result('m1', { status: 'merged', row: server })),
      snapshot([local({ id: OTHER }, null)], [insert, later]),
    )
    expect(plan.changes.outbox).toMatchObject({
      put: [{ seq: 2, row_id: ID, op: 'update' }],
      delete: [1],
    })
    const eq = plan.changes.rows.get('equipment')!
    expect(eq.delete).toEqual([OTHER])
    expect(eq.put).toMatchObject([{ id: ID, notes: 'n', _state: 'unsynced' }])
  })

  it('points the rows and edits that name a merged row at the row it became', () => {
    // A unit registered again on this laptop (OTHER) was merged into ID; a log of it went in
    // the same push, another and a reading wait unsent.
    const insert = entry(1, { op: 'insert', row_id: OTHER, base_updated_at: null })
    const logData = { site_id: SITE, equipment_id: OTHER, summary: 'Commissioned' }
    const sentLog = entry(2, {
      table: 'maintenance_logs',
      op: 'insert',
      row_id: 'log1',
      data: logData,
    })
    const waitingLog = entry(3, {
      table: 'maintenance_logs',
      op: 'insert',
      row_id: 'log2',
      data: logData,
      state: 'pending',
      sent: false,
    })
    const reading = entry(4, {
      table: 'energy_production',
      op: 'insert',
      row_id: 'r1',
      data: { site_id: SITE, equipment_id: OTHER, energy_kwh: 5 },
      state: 'pending',
      sent: false,
    })
    const unrelated = entry(5, {
      table: 'maintenance_logs',
      op: 'insert',
      row_id: 'log3',
      data: { site_id: SITE, equipment_id: ID },
      state: 'pending',
      sent: false,
    })
    const response = respond(
      result('m1', { status: 'merged', row: serverEquipment() }),
      result('m2', {
        row: { id: 'log1', site_id: SITE, equipment_id: ID, summary: 'Commissioned' },
      }),
    )
    const outbox = [insert, sentLog, waitingLog, reading, unrelated]
    expect(mergedAway([insert, sentLog], response)).toEqual(
      new Map([['equipment', new Map([[OTHER, ID]])]]),
    )
    expect(outbox.map((e) => refersToMerged(e, mergedAway([insert, sentLog], response)))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ])
    const localRow = (id: string, values: Record<string, unknown>) => ({
      id,
      ...values,
      _state: 'unsynced',
      _base: null,
    })
    const plan = planPushResults([insert, sentLog], response, {
      rows: new Map<never, never>([
        ['equipment', [local({ id: OTHER }, null)]],
        ['maintenance_logs', [localRow('log1', logData), localRow('log2', logData)]],
        ['energy_production', [localRow('r1', reading.data)]],
      ] as never),
      outbox,
    })
    expect(plan.changes.outbox.delete).toEqual([1, 2])
    expect(plan.changes.outbox.put.map((e) => [e.seq, e.data.equipment_id]).sort()).toEqual([
      [3, ID],
      [4, ID],
    ])
    const logs = [...plan.changes.rows.get('maintenance_logs')!.put].sort((a, b) =>
      a.id.localeCompare(b.id),
    )
    expect(logs).toMatchObject([
      { id: 'log1', equipment_id: ID, _state: 'synced' },
      { id: 'log2', equipment_id: ID, _state: 'unsynced' },
    ])
    expect(plan.changes.rows.get('energy_production')!.put).toMatchObject([
      { id: 'r1', equipment_id: ID, energy_kwh: 5 },
    ])
  })

  it('keeps the conflict row the server recorded and ignores a malformed one', () => {
    const sent = [entry(1), entry(2, { id: 'm2', row_id: OTHER })]
    const conflict = {
      id: '60000000-0000-4000-8000-000000000001',
      organization_id: serverEquipment().organization_id,
      site_id: SITE,
      table_name: 'equipment',
      row_id: ID,
      mutation_id: '60000000-0000-4000-8000-0000000000aa',
      device_id: null,
      op: 'update',
      fields: ['status'],
      base: { status: 'operational' },
      server: { status: 'maintenance' },
      client: { status: 'down' },
      winner: 'server',
      client_changed_at: '2026-01-02 00:00:00+00',
      server_updated_at: '2026-01-03 00:00:00+00',
      status: 'open',
      resolution: null,
      resolved_by: null,
      resolved_at: null,
      created_at: '2026-01-03 00:00:00+00',
      created_by: null,
      updated_at: '2026-01-03 00:00:00+00',
      updated_by: null,
      deleted_at: null,
    }
    const plan = planPushResults(
      sent,
      respond(
        result('m1', { status: 'conflict', row: serverEquipment(), conflict }),
        result('m2', { status: 'conflict', row: null, conflict: { updated_at: '' } }),
      ),
      snapshot([], sent),
    )
    expect(plan.outcome.conflicts).toBe(2)
    expect(plan.conflicts).toMatchObject([{ id: conflict.id, server_updated_by: null }])
  })
})

describe('planPullPage', () => {
  it('replaces synced rows, keeps unsynced edits on top, deletes tombstones', () => {
    const edit = entry(1, { state: 'pending', sent: false })
    const newer = serverEquipment({ notes: 'office', updated_at: '2026-01-02 00:00:00+00' })
    const gone = serverEquipment({ id: OTHER, deleted_at: '2026-01-02 00:00:00+00' })
    const p = page({ equipment: [newer, gone] })
    expect(pullSnapshotNeeds(p, [SITE]).ids).toEqual(new Map([['equipment', [ID, OTHER]]]))
    const plan = planPullPage(p, snapshot([local({ status: 'down' }, serverEquipment())], [edit]), [
      SITE,
    ])
    expect(plan.rows).toBe(2)
    expect(plan.scope).toEqual({ siteIds: [SITE], changed: false })
    const eq = plan.changes.rows.get('equipment')!
    expect(eq.put).toMatchObject([{ id: ID, status: 'down', notes: 'office', _state: 'unsynced' }])
    expect(eq.delete).toEqual([OTHER])
  })

  it('records no scope until the last page', () => {
    expect(planPullPage(page({}, { has_more: true }), snapshot([], []), null).scope).toBeNull()
  })

  it('drops rows of a site that left, flagging those with unsynced edits; moves likewise', () => {
    const a = local({ id: ID, site_id: SITE2 })
    const b = local({ id: OTHER, site_id: SITE2 }, serverEquipment({ id: OTHER, site_id: SITE2 }))
    const moved = '40000000-0000-4000-8000-000000000103'
    const p = page(
      { sync_moves: [{ id: 'mv', table_name: 'equipment', row_id: moved }] },
      { scope: { site_ids: [SITE] } },
    )
    const plan = planPullPage(
      p,
      snapshot([a, b], [entry(1, { row_id: OTHER, state: 'pending' })]),
      [SITE, SITE2],
    )
    expect(plan.scope).toEqual({ siteIds: [SITE], changed: true })
    const eq = plan.changes.rows.get('equipment')!
    expect(eq.delete.sort()).toEqual([ID, moved].sort())
    expect(eq.put).toMatchObject([{ id: OTHER, _outOfScope: true }])
  })

  it('finds only the sites that left', () => {
    expect(sitesLeaving([SITE, SITE2, SITE], [SITE])).toEqual([SITE2])
    expect(sitesLeaving([SITE], [SITE, SITE2])).toEqual([])
  })

  it('puts closes and deletes closes that were reopened', () => {
    const close = {
      id: '70000000-0000-4000-8000-000000000001',
      organization_id: serverEquipment().organization_id,
      site_id: SITE,
      month: '2026-01-01',
      status: 'closed',
      reason: null,
      closed_by: null,
      closed_at: '2026-02-01 00:00:00+00',
      reopened_by: null,
      reopened_at: null,
      created_at: '2026-02-01 00:00:00+00',
      created_by: null,
      updated_at: '2026-02-01 00:00:00+00',
      updated_by: null,
      deleted_at: null,
    }
    const reopened = {
      ...close,
      id: '70000000-0000-4000-8000-000000000002',
      deleted_at: '2026-02-02 00:00:00+00',
    }
    const plan = planPullPage(page({ period_closes: [close, reopened] }), snapshot([], []), [SITE])
    expect(plan.periodCloses.put.map((c) => c.id)).toEqual([close.id])
    expect(plan.periodCloses.delete).toEqual([reopened.id])
  })
})
