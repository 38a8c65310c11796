import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { OutpostDB } from '../../../src/renderer/src/store/db'
import type { WriteContext } from '../../../src/renderer/src/store/writes'

export const ORG = '10000000-0000-4000-8000-000000000001'
export const SITE = '30000000-0000-4000-8000-000000000001'
export const USER = '00000000-0000-4000-8000-000000000003'
export const DEVICE = '0d000000-0000-4000-8000-000000000009'

/** A fresh database on its own in-memory IndexedDB. */
export function memoryDb(name = 'outpost'): OutpostDB {
  return new OutpostDB(name, { indexedDB: new IDBFactory(), IDBKeyRange })
}

export function writeContext(db: OutpostDB, userId = USER): WriteContext {
  return { db, userId, deviceId: DEVICE, now: () => new Date().toISOString() }
}

export function serverEquipment(over: Record<string, unknown> = {}) {
  return {
    id: '40000000-0000-4000-8000-000000000101',
    organization_id: ORG,
    site_id: SITE,
    kind: 'generator',
    name: 'Generator A',
    make: 'Caterpillar',
    model: 'G3520H',
    serial_number: 'GEN-1',
    asset_tag: 'OP-1',
    status: 'operational',
    runtime_hours: 5000,
    rated_power_kw: 1500,
    installed_on: null,
    notes: null,
    created_at: '2026-01-01 00:00:00.000001+00',
    created_by: null,
    updated_at: '2026-01-01 00:00:00.000001+00',
    updated_by: null,
    deleted_at: null,
    ...over,
  }
}

export function page(
  changes: Record<string, Record<string, unknown>[]>,
  over: Record<string, unknown> = {},
) {
  return {
    changes,
    cursor: { v: 1, n: Math.random() },
    has_more: false,
    server_time: new Date().toISOString(),
    scope: { site_ids: [SITE] },
    reset: false,
    ...over,
  }
}
