// The screens' server calls (src/renderer/src/net/server.ts) through supabase-js against the
// local backend, as each role makes them: every answer parses, refusals arrive as ServerError
// with the server's words, and what a call changes is checked in PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Server } from '../../../src/renderer/src/net/server'
import { ServerError, createServer, withTimeout } from '../../../src/renderer/src/net/server'
import { EMAIL, ORG, USER, equipment, site } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { signedIn } from './helpers'

let backend: TestSupabase
const as: Partial<Record<keyof typeof EMAIL, Server>> = {}

beforeAll(async () => {
  backend = await startTestSupabase()
  for (const who of ['admin', 'office', 'tech1'] as const)
    as[who] = createServer(await signedIn(backend, EMAIL[who]))
})
afterAll(() => backend.stop())

describe('screen server calls', () => {
  it('reads a record’s history, the ledger, people and roles, parsed', async () => {
    const history = await as.office!.recordHistory('equipment', equipment(1, 1))
    expect(history.length).toBeGreaterThan(0)
    expect(history[0]).toMatchObject({ op: expect.any(String), changed: expect.any(Array) })
    const ledger = await as.office!.ledger('2026-01-01')
    expect(ledger.invoices.length).toBeGreaterThan(0)
    expect(ledger.credits.length).toBeGreaterThan(0)
    expect(typeof ledger.invoices[0]!.amount).toBe('number')
    const people = await as.office!.people()
    expect(Object.values(people)).toContain('Olive Office')
    expect(await as.tech1!.memberRoles(USER.tech1)).toEqual({ [ORG.tenNetZero]: 'technician' })
  })

  it('gives monitoring to an admin and refuses the office in words', async () => {
    const m = await as.admin!.monitoring()
    expect(m.schemas.map((s) => s.schema_name)).toContain('business')
    expect(m.tables.length).toBeGreaterThan(0)
    await expect(as.office!.monitoring()).rejects.toThrow(ServerError)
    await expect(as.office!.monitoring()).rejects.toThrow(/admin/)
  })

  it('closes and reopens a month for the office, and refuses a technician', async () => {
    await expect(as.tech1!.closePeriod(site(1), '2029-04-01')).rejects.toThrow(ServerError)
    await as.office!.closePeriod(site(1), '2029-04-01')
    const closed = await backend.db.pool.query(
      `select status from business.period_closes where site_id = $1 and month = '2029-04-01'`,
      [site(1)],
    )
    expect(closed.rows).toEqual([{ status: 'closed' }])
    await as.office!.reopenPeriod(site(1), '2029-04-01', 'late meter ticket')
    const reopened = await backend.db.pool.query(
      `select status, reason from business.period_closes where site_id = $1 and month = '2029-04-01'`,
      [site(1)],
    )
    expect(reopened.rows).toEqual([{ status: 'reopened', reason: 'late meter ticket' }])
  })

  it('refuses resolving a conflict that does not exist', async () => {
    await expect(
      as.office!.resolveConflict('50000000-0000-4000-8000-0000000000ff', { choice: 'server' }),
    ).rejects.toThrow(ServerError)
  })

  it('gives up on a call that does not answer', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20)).rejects.toThrow(
      'the server did not answer in time',
    )
  })
})
