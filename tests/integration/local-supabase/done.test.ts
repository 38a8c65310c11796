import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { EMAIL, site } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import type { PullPage, PushResult } from '../../support/sync'
import { DEVICE, settle } from '../../support/sync'
import { signedIn } from './helpers'

let server: TestSupabase

beforeAll(async () => {
  server = await startTestSupabase()
})
afterAll(() => server.stop())

type Row = Record<string, unknown>

it('Done: tech1 pulls everything through supabase-js, then pushes an equipment update that applies', async () => {
  const supabase = await signedIn(server, EMAIL.tech1)
  const business = supabase.schema('business')

  const rows = new Map<string, Row[]>()
  let cursor: unknown = null
  let pages = 0
  for (;;) {
    const { data, error } = await business.rpc('sync_pull', { p_cursor: cursor, p_limit: 500 })
    expect(error).toBeNull()
    const page = data as PullPage
    for (const [table, list] of Object.entries(page.changes))
      rows.set(table, [...(rows.get(table) ?? []), ...list])
    cursor = page.cursor
    pages++
    if (!page.has_more) break
    expect(pages).toBeLessThan(100)
  }
  expect(pages).toBeGreaterThan(1)
  const sites = rows.get('sites') ?? []
  expect(sites.map((s) => s.id).sort()).toEqual([site(1), site(2)])
  const equipment = rows.get('equipment') ?? []
  expect(equipment).toHaveLength(16)
  expect(
    new Set([...equipment, ...(rows.get('energy_production') ?? [])].map((r) => r.site_id)),
  ).toEqual(new Set([site(1), site(2)]))

  const unit = equipment.find((e) => e.kind === 'compressor' && e.site_id === site(2))
  if (!unit) throw new Error('tech1 should see the compressor of site 2')
  const mutation = {
    id: randomUUID(),
    table: 'equipment',
    op: 'update',
    row_id: unit.id,
    base_updated_at: unit.updated_at,
    data: { status: 'maintenance', notes: 'Done check: packing replaced' },
    base: { status: unit.status, notes: unit.notes },
    changed_at: new Date().toISOString(),
    device_id: DEVICE,
  }
  const { data, error } = await business.rpc('sync_push', { p_mutations: [mutation] })
  expect(error).toBeNull()
  const [result] = (data as { results: PushResult[] }).results
  expect(result).toMatchObject({ id: mutation.id, status: 'applied', error: null })
  expect(result?.row).toMatchObject({
    id: unit.id,
    status: 'maintenance',
    notes: 'Done check: packing replaced',
  })

  await settle(server.db.pool)
  const next = await business.rpc('sync_pull', { p_cursor: cursor, p_limit: 500 })
  const changed = (next.data as PullPage).changes.equipment ?? []
  expect(changed.map((e) => [e.id, e.status])).toEqual([[unit.id, 'maintenance']])
})
