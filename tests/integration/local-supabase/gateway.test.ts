import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStackConfig } from '../../../supabase/local/config'
import { startPostgres } from '../../../supabase/local/postgres'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { client, raw } from './helpers'

let server: TestSupabase

beforeAll(async () => {
  server = await startTestSupabase()
})
afterAll(() => server.stop())

describe('the API gateway', () => {
  it('refuses a request without an API key, as hosted Supabase does', async () => {
    const res = await raw(server, '/rest/v1/sites?select=id', {
      headers: { apikey: '' },
      token: null,
    })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({
      message: 'No API key found in request',
      hint: 'No `apikey` request header or url param was found.',
    })
  })

  it('refuses a key that is not the project’s', async () => {
    for (const path of ['/rest/v1/sites?select=id', '/auth/v1/settings']) {
      const res = await raw(server, path, { headers: { apikey: 'not-a-key' } })
      expect([path, res.status, res.json]).toEqual([
        path,
        401,
        {
          message: 'Invalid API key',
          hint: 'Double check your Supabase `anon` or `service_role` API key.',
        },
      ])
    }
  })

  it('takes the key from the url too, and does not read it as a filter', async () => {
    const res = await raw(server, `/rest/v1/sites?select=id&apikey=${server.serviceRoleKey}`, {
      headers: { apikey: '', 'accept-profile': 'business' },
      token: server.serviceRoleKey,
    })
    expect(res.status).toBe(200)
    expect(res.json).toHaveLength(7)
  })

  it('leaves the links of auth emails open', async () => {
    const res = await raw(server, '/auth/v1/verify?type=signup&token=x', {
      headers: { apikey: '' },
      token: null,
      redirect: 'manual',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/#error=access_denied&error_code=otp_expired/)
  })
})

describe('supabase/config.toml', () => {
  it('is the stand-in’s configuration: sign-up is off as the file says', async () => {
    const config = readStackConfig()
    expect(config).toMatchObject({
      enableSignup: false,
      jwtExpiry: 3600,
      maxRows: 1000,
      schemas: ['public', 'business', 'graphql_public'],
    })
    const { error } = await client(server).auth.signUp({
      email: `new-${randomBytes(3).toString('hex')}@outpost.test`,
      password: 'a-long-enough-password',
    })
    expect(error).toMatchObject({ code: 'signup_disabled' })
  })
})

describe('a cluster that keeps data', () => {
  it('writes with fsync and synchronous commit unless told it is throw-away', async () => {
    const dataDir = path.join(tmpdir(), `outpost-durable-${randomBytes(4).toString('hex')}`)
    const cluster = await startPostgres({ dataDir, fresh: true })
    try {
      const c = new pg.Client({ connectionString: cluster.url() })
      await c.connect()
      const { rows } = await c.query<{ name: string; setting: string }>(
        `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes') order by name`,
      )
      await c.end()
      expect(rows).toEqual([
        { name: 'fsync', setting: 'on' },
        { name: 'full_page_writes', setting: 'on' },
        { name: 'synchronous_commit', setting: 'on' },
      ])
    } finally {
      await cluster.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
