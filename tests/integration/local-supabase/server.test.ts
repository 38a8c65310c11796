import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_JWT_SECRET, startLocalSupabase } from '../../../supabase/local/index'
import { EMAIL } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { raw, signedIn } from './helpers'

let server: TestSupabase

beforeAll(async () => {
  server = await startTestSupabase()
})
afterAll(() => server.stop())

describe('the HTTP front', () => {
  it('answers CORS preflights for the headers supabase-js sends, from any origin', async () => {
    const requested =
      'apikey,authorization,x-client-info,content-profile,accept-profile,prefer,range,x-supabase-api-version,x-outpost-device,content-type'
    const res = await fetch(`${server.url}/rest/v1/sites`, {
      method: 'OPTIONS',
      headers: {
        origin: 'app://outpost',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': requested,
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH')
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase()
    for (const header of requested.split(',')) expect(allowed).toContain(header)
  })

  it('exposes Content-Range to browsers', async () => {
    const res = await raw(server, '/rest/v1/', { headers: { origin: 'http://localhost:5173' } })
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range')
  })

  it('answers unknown routes with 404', async () => {
    expect((await raw(server, '/storage/v1/bucket')).status).toBe(404)
    expect((await raw(server, '/rest/v1/a/b/c')).json).toMatchObject({ code: 'PGRST125' })
  })

  it('hands out the Supabase CLI keys for the default secret', () => {
    expect(server.jwtSecret).toBe(DEFAULT_JWT_SECRET)
    expect(server.anonKey).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    )
  })
})

describe('startLocalSupabase without a database URL', () => {
  it('starts a cluster, creates, migrates and seeds once, and keeps the data across restarts', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'outpost-local-supabase-'))
    try {
      const first = await startLocalSupabase({ dataDir, port: 0, dbPort: 0 })
      try {
        const tech = await signedIn(first, EMAIL.tech1)
        expect((await tech.schema('business').from('sites').select('id')).data).toHaveLength(2)
        const db = new pg.Client({ connectionString: first.dbUrl })
        await db.connect()
        await db.query(`update public.organizations set name = 'Renamed' where slug = '10netzero'`)
        await db.end()
      } finally {
        await first.stop()
      }
      const second = await startLocalSupabase({ dataDir, port: 0, dbPort: 0 })
      try {
        const admin = await signedIn(second, EMAIL.admin)
        const { data } = await admin.from('organizations').select('name')
        expect(data).toEqual([{ name: 'Renamed' }])
      } finally {
        await second.stop()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
