// Property: devices doing random edits with random disconnects and lost answers all end with
// exactly the server's rows for their scope, and every edit is accounted for (applied,
// merged, kept as a conflict, or visibly failed).
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { HarnessPage } from '../../support/browser'
import { launchChromium, openHarness, rowsOf } from '../../support/browser'
import { DEMO_PASSWORD, EMAIL, ORG, equipment, site } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { settle } from '../../support/sync'

let browser: Browser
let backend: TestSupabase
let h: HarnessPage

beforeAll(async () => {
  browser = await launchChromium()
  backend = await startTestSupabase()
  h = await openHarness(browser)
})
afterAll(async () => {
  await h.close()
  await backend.stop()
  await browser.close()
})

/** Small deterministic PRNG so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const DEVICES = [
  { name: 'tech1-laptop', email: EMAIL.tech1, sites: [1, 2] },
  { name: 'tech1-tablet', email: EMAIL.tech1, sites: [1, 2] },
  { name: 'office', email: EMAIL.office, sites: [1, 2, 3, 4, 5, 6] },
]
const STATUSES = ['operational', 'degraded', 'down', 'maintenance']
const SEED = Number(process.env.OUTPOST_SEED ?? 20261122)

it(`converges after random offline work (seed ${SEED})`, async () => {
  const random = prng(SEED)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  for (const d of DEVICES) {
    await h.call('createDevice', d.name, backend.url, backend.anonKey)
    await h.call('signIn', d.name, d.email, DEMO_PASSWORD)
    expect((await h.call('sync', d.name)).lastError).toBeNull()
  }
  const created: string[] = []
  const cancelled = new Set<string>()
  for (let round = 0; round < 6; round++) {
    for (const d of DEVICES) {
      await h.call('setNetwork', d.name, {
        online: random() < 0.6,
        loseNextPushResponse: random() < 0.2,
      })
      for (let op = 0; op < 4; op++) {
        const s = pick([1, 2]) // sites every device can write
        const r = random()
        if (r < 0.45) {
          await h.call('update', d.name, 'equipment', equipment(s, 1 + Math.floor(random() * 8)), {
            status: pick(STATUSES),
            runtime_hours: Math.round(random() * 100000) / 10,
          })
        } else if (r < 0.75) {
          // Readings on a few shared days: devices often enter the same one.
          const day = 1 + Math.floor(random() * 3)
          const start = `2031-01-0${day}T06:00:00Z`
          try {
            const row = await h.call('create', d.name, 'energy_production', {
              organization_id: ORG.tenNetZero,
              site_id: site(s),
              period_start: start,
              period_end: `2031-01-0${day + 1}T06:00:00Z`,
              energy_kwh: Math.round(random() * 30000),
            })
            created.push(row.id)
          } catch {
            // The device already has this reading: the form would say so.
          }
        } else if (r < 0.9) {
          const logs = (await rowsOf(h, d.name, 'maintenance_logs')).filter(
            (l) => !l.deleted_at && l.site_id === site(s),
          )
          if (logs.length > 0)
            await h.call('update', d.name, 'maintenance_logs', pick(logs).id, {
              summary: `edited in round ${round}`,
            })
        } else {
          const readings = (await rowsOf(h, d.name, 'energy_production')).filter(
            (x) => !x.deleted_at && x.period_start.startsWith('2031-01'),
          )
          if (readings.length > 0) {
            const victim = pick(readings)
            // Created and deleted on the device before any push: never exists on the server.
            const unsent = (await h.call('outbox', d.name)).some(
              (m) => m.row_id === victim.id && m.op === 'insert' && !m.sent,
            )
            if (unsent) cancelled.add(victim.id)
            await h.call('remove', d.name, 'energy_production', victim.id)
          }
        }
      }
      await settle(backend.db.pool)
      await h.call('sync', d.name)
    }
  }
  // Everyone back online: sync until nothing moves.
  for (let pass = 0; pass < 3; pass++) {
    for (const d of DEVICES) {
      await h.call('setNetwork', d.name, { online: true, loseNextPushResponse: false })
      await settle(backend.db.pool)
      expect((await h.call('sync', d.name)).lastError).toBeNull()
    }
  }

  for (const d of DEVICES) {
    const scope = d.sites.map(site)
    for (const table of ['sites', 'equipment', 'maintenance_logs', 'energy_production'] as const) {
      const column = table === 'sites' ? 'id' : 'site_id'
      const { rows } = await backend.db.pool.query(
        `select to_jsonb(t) - 'txid' as r from business.${table} t where ${column} = any($1) and deleted_at is null order by id`,
        [scope],
      )
      const local = (await h.call('rows', d.name, table))
        .filter((r) => !r.deleted_at)
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((r) => {
          const { _state, _base, _search, _outOfScope, ...rest } = r as Record<string, unknown>
          expect(_state, `${d.name} ${table} ${String(rest.id)}`).toBe('synced')
          void _base
          void _search
          void _outOfScope
          return rest
        })
      expect(local, `${d.name} ${table}`).toEqual(rows.map((x: { r: unknown }) => x.r))
    }
    // Every edit is accounted for: nothing waits, and nothing failed in this scenario.
    expect(await h.call('outbox', d.name)).toEqual([])
  }
  // Every reading a device created is on the server, was merged into the one entered first,
  // or was deleted on the device before it was ever sent.
  const { rows } = await backend.db.pool.query(
    'select id from business.energy_production where id = any($1)',
    [created],
  )
  const merged = await backend.db.pool.query(
    `select row_id from business.sync_mutations where op = 'insert' and row_id = any($1) and (result -> 'row' ->> 'id')::uuid <> row_id`,
    [created],
  )
  const onServer = new Set(rows.map((r: { id: string }) => r.id))
  const mergedIds = new Set(merged.rows.map((r: { row_id: string }) => r.row_id))
  const unaccounted = created.filter(
    (id) => !onServer.has(id) && !cancelled.has(id) && !mergedIds.has(id),
  )
  expect(unaccounted).toEqual([])
  const duplicates = await backend.db.pool.query(
    `select site_id, period_start from business.energy_production where deleted_at is null and equipment_id is null
     group by 1, 2 having count(*) > 1`,
  )
  expect(duplicates.rows).toEqual([])
})
