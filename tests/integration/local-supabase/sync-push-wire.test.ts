import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { EMAIL, equipment } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import type { PushResult } from '../../support/sync'
import { DEVICE, rowOf } from '../../support/sync'
import { signedIn } from './helpers'

let server: TestSupabase

beforeAll(async () => {
  server = await startTestSupabase()
})
afterAll(() => server.stop())

it('takes a batch holding a value PostgreSQL cannot store through supabase-js, refusing only that mutation', async () => {
  const business = (await signedIn(server, EMAIL.tech1)).schema('business')
  const edit = async (unit: string, notes: string) => {
    const row = await rowOf(server.db.pool, 'equipment', unit)
    return {
      id: randomUUID(),
      table: 'equipment',
      op: 'update',
      row_id: unit,
      base_updated_at: row.updated_at,
      data: { notes },
      base: { notes: row.notes },
      changed_at: new Date().toISOString(),
      device_id: DEVICE,
    }
  }
  const mutations = [
    await edit(equipment(1, 6), 'good'),
    await edit(equipment(1, 7), 'nul \u0000 inside'),
    await edit(equipment(1, 8), 'also good'),
  ]
  const { data, error, status } = await business.rpc('sync_push', { p_mutations: mutations })
  expect(error).toBeNull()
  expect(status).toBe(200)
  const results = (data as { results: PushResult[] }).results
  expect(results.map((r) => [r.id, r.status, r.error?.code ?? null])).toEqual([
    [mutations[0]!.id, 'applied', null],
    [mutations[1]!.id, 'rejected', 'invalid_value'],
    [mutations[2]!.id, 'applied', null],
  ])
})
