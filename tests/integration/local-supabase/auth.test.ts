import type { AuthChangeEvent } from '@supabase/supabase-js'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, EMAIL, USER } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { client, memoryStorage, raw, signedIn } from './helpers'

let server: TestSupabase
/** Short-lived tokens, no reuse interval, sign-up off. */
let strict: TestSupabase

beforeAll(async () => {
  // Sign-up is off in config.toml; these tests also cover it switched on.
  server = await startTestSupabase({ enableSignup: true })
  strict = await startTestSupabase({
    jwtExpiry: 60,
    refreshTokenReuseInterval: 0,
    enableSignup: false,
  })
})
afterAll(async () => {
  await server.stop()
  await strict.stop()
})

describe('password sign-in', () => {
  it.each(Object.entries(EMAIL))('signs in %s', async (_, email) => {
    const sb = client(server)
    const { data, error } = await sb.auth.signInWithPassword({ email, password: DEMO_PASSWORD })
    expect(error).toBeNull()
    expect(data.session).toMatchObject({ token_type: 'bearer', expires_in: 3600 })
    expect(data.user?.email).toBe(email)
  })

  it('issues Supabase access tokens and session JSON', async () => {
    const sb = client(server)
    const { data } = await sb.auth.signInWithPassword({
      email: EMAIL.tech1,
      password: DEMO_PASSWORD,
    })
    const session = data.session
    if (!session) throw new Error('no session')
    const claims = decodeJwt(session.access_token)
    expect(claims).toMatchObject({
      iss: `${server.url}/auth/v1`,
      sub: USER.tech1,
      aud: 'authenticated',
      role: 'authenticated',
      email: EMAIL.tech1,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { display_name: 'Tomás Tech' },
      aal: 'aal1',
      is_anonymous: false,
    })
    expect(claims.exp).toBe((claims.iat ?? 0) + 3600)
    expect(session.expires_at).toBe(claims.exp)
    expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) as number }])
    const { rows } = await server.db.pool.query('select user_id from auth.sessions where id = $1', [
      claims.session_id,
    ])
    expect(rows).toEqual([{ user_id: USER.tech1 }])
    // No `kid`, HS256: auth-js verifies the claims by asking /user.
    const verified = await sb.auth.getClaims()
    expect(verified.error).toBeNull()
    expect(verified.data?.claims.sub).toBe(USER.tech1)
    expect(session.user).toMatchObject({
      id: USER.tech1,
      aud: 'authenticated',
      role: 'authenticated',
      email: EMAIL.tech1,
      is_anonymous: false,
      identities: [expect.objectContaining({ provider: 'email', user_id: USER.tech1 })],
    })
  })

  it('refuses wrong credentials with invalid_credentials', async () => {
    const wrong = await client(server).auth.signInWithPassword({
      email: EMAIL.tech1,
      password: 'nope-nope',
    })
    expect(wrong.error).toMatchObject({
      status: 400,
      code: 'invalid_credentials',
      message: 'Invalid login credentials',
    })
    const unknown = await client(server).auth.signInWithPassword({
      email: 'who@nowhere.test',
      password: 'x',
    })
    expect(unknown.error?.code).toBe('invalid_credentials')
  })

  it('answers errors in both API versions, always with X-Supabase-Api-Version', async () => {
    const body = JSON.stringify({ email: EMAIL.tech1, password: 'wrong' })
    const headers = { 'content-type': 'application/json' }
    const v2024 = await raw(server, '/auth/v1/token?grant_type=password', {
      method: 'POST',
      body,
      headers: { ...headers, 'x-supabase-api-version': '2024-01-01' },
    })
    expect(v2024.json).toEqual({ code: 'invalid_credentials', msg: 'Invalid login credentials' })
    expect(v2024.headers.get('x-supabase-api-version')).toBe('2024-01-01')
    const legacy = await raw(server, '/auth/v1/token?grant_type=password', {
      method: 'POST',
      body,
      headers,
    })
    expect(legacy.json).toEqual({
      code: 400,
      error_code: 'invalid_credentials',
      msg: 'Invalid login credentials',
    })
    const grant = await raw(server, '/auth/v1/token?grant_type=magic', {
      method: 'POST',
      body: '{}',
      headers,
    })
    expect(grant.status).toBe(400)
  })
})

describe('user', () => {
  it('getUser returns the user; updateUser changes metadata and password', async () => {
    const sb = await signedIn(server, EMAIL.tech2)
    const { data } = await sb.auth.getUser()
    expect(data.user).toMatchObject({
      id: USER.tech2,
      email: EMAIL.tech2,
      user_metadata: { display_name: 'Tess Tech' },
    })
    const meta = await sb.auth.updateUser({ data: { display_name: 'Tess T.', shift: 'night' } })
    expect(meta.error).toBeNull()
    expect(meta.data.user?.user_metadata).toEqual({ display_name: 'Tess T.', shift: 'night' })
    const same = await sb.auth.updateUser({ password: DEMO_PASSWORD })
    expect(same.error).toMatchObject({ status: 422, code: 'same_password' })
    const weak = await sb.auth.updateUser({ password: 'abc' })
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' })
    expect((await sb.auth.updateUser({ password: 'a-new-password' })).error).toBeNull()
    const again = await client(server).auth.signInWithPassword({
      email: EMAIL.tech2,
      password: 'a-new-password',
    })
    expect(again.error).toBeNull()
    await sb.auth.updateUser({ password: DEMO_PASSWORD })
  })

  it('refuses tokens that are not a user session', async () => {
    const anonKey = await raw(server, '/auth/v1/user')
    expect(anonKey.status).toBe(403)
    expect(anonKey.json).toMatchObject({ code: 403, error_code: 'bad_jwt' })
    const none = await raw(server, '/auth/v1/user', { token: null })
    expect(none.status).toBe(401)
    expect(none.json).toMatchObject({ code: 401, error_code: 'no_authorization' })
  })
})

describe('refresh tokens', () => {
  it('rotate: the old token is revoked and parent of the new one', async () => {
    const sb = await signedIn(server, EMAIL.office)
    const before = (await sb.auth.getSession()).data.session
    const { data, error } = await sb.auth.refreshSession()
    expect(error).toBeNull()
    expect(data.session?.refresh_token).not.toBe(before?.refresh_token)
    const { rows } = await server.db.pool.query(
      'select token, revoked, parent from auth.refresh_tokens where token = any ($1) order by id',
      [[before?.refresh_token, data.session?.refresh_token]],
    )
    expect(rows).toEqual([
      { token: before?.refresh_token, revoked: true, parent: null },
      { token: data.session?.refresh_token, revoked: false, parent: before?.refresh_token },
    ])
    const rest = await sb.schema('business').from('sites').select('id')
    expect(rest.data).toHaveLength(6)
  })

  it('reusing the token just rotated returns the current one (the client lost the answer)', async () => {
    const sb = await signedIn(server, EMAIL.office)
    const first = (await sb.auth.getSession()).data.session?.refresh_token ?? ''
    const second = (await sb.auth.refreshSession()).data.session?.refresh_token
    const replay = await client(server).auth.refreshSession({ refresh_token: first })
    expect(replay.error).toBeNull()
    expect(replay.data.session?.refresh_token).toBe(second)
  })

  it('an older rotated token outside the reuse interval is refused and revokes the session', async () => {
    const sb = await signedIn(strict, EMAIL.tech1)
    const t0 = (await sb.auth.getSession()).data.session?.refresh_token ?? ''
    const t1 = (await sb.auth.refreshSession()).data.session?.refresh_token ?? ''
    const t2 = (await sb.auth.refreshSession()).data.session?.refresh_token ?? ''
    expect(new Set([t0, t1, t2]).size).toBe(3)
    const reuse = await client(strict).auth.refreshSession({ refresh_token: t0 })
    expect(reuse.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' })
    const { rows } = await strict.db.pool.query(
      'select bool_and(revoked) as all_revoked from auth.refresh_tokens where token = any ($1)',
      [[t0, t1, t2]],
    )
    expect(rows[0]).toEqual({ all_revoked: true })
    const current = await client(strict).auth.refreshSession({ refresh_token: t2 })
    expect(current.error?.code).toBe('refresh_token_already_used')
  })

  it('an unknown token → refresh_token_not_found', async () => {
    const res = await client(server).auth.refreshSession({ refresh_token: 'not-a-token' })
    expect(res.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' })
  })

  it('auto-refresh and getSession refresh a token close to expiry', async () => {
    const storage = memoryStorage()
    const sb = client(strict, { storage })
    await sb.auth.signInWithPassword({ email: EMAIL.tech2, password: DEMO_PASSWORD })
    const issued = (
      await strict.db.pool.query('select count(*)::int as n from auth.refresh_tokens')
    ).rows[0]
    const events: AuthChangeEvent[] = []
    const refreshed = new Promise<void>((resolve) => {
      sb.auth.onAuthStateChange((event) => {
        events.push(event)
        if (event === 'TOKEN_REFRESHED') resolve()
      })
    })
    await sb.auth.startAutoRefresh()
    await refreshed
    await sb.auth.stopAutoRefresh()
    expect(events).toContain('TOKEN_REFRESHED')
    const after = (await strict.db.pool.query('select count(*)::int as n from auth.refresh_tokens'))
      .rows[0]
    expect(after.n).toBeGreaterThan(issued.n)
    expect([...storage.items.keys()].some((k) => k.startsWith('sb-127-auth-token'))).toBe(true)
    const { data } = await sb.schema('business').from('sites').select('id')
    expect(data).toHaveLength(2)
  })
})

describe('logout', () => {
  it('scope others, local and global end the right sessions', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => signedIn(server, EMAIL.otherTech)))
    if (!a || !b || !c) throw new Error('sign-in failed')
    const aToken = (await a.auth.getSession()).data.session?.access_token ?? ''
    expect((await a.auth.signOut({ scope: 'others' })).error).toBeNull()
    expect((await b.auth.refreshSession()).error?.code).toBe('refresh_token_not_found')
    expect((await c.auth.getUser()).error?.name).toBe('AuthSessionMissingError')
    expect((await a.auth.getUser(aToken)).error).toBeNull()
    expect((await a.auth.signOut({ scope: 'local' })).error).toBeNull()
    const gone = await client(server).auth.getUser(aToken)
    expect(gone.error?.name).toBe('AuthSessionMissingError')
    const d = await signedIn(server, EMAIL.otherTech)
    const e = await signedIn(server, EMAIL.otherTech)
    await d.auth.signOut()
    expect((await e.auth.refreshSession()).error?.code).toBe('refresh_token_not_found')
    const { rows } = await server.db.pool.query(
      'select count(*)::int as n from auth.sessions where user_id = $1',
      [USER.otherTech],
    )
    expect(rows[0]).toEqual({ n: 0 })
  })
})

describe('sign-up, settings, health', () => {
  it('signs up and signs in at once when enabled', async () => {
    const sb = client(server)
    const { data, error } = await sb.auth.signUp({
      email: 'New.Person@Outpost.test',
      password: 'long-enough',
      options: { data: { display_name: 'New Person' } },
    })
    expect(error).toBeNull()
    expect(data.session?.access_token).toBeTruthy()
    expect(data.user).toMatchObject({
      email: 'new.person@outpost.test',
      user_metadata: { display_name: 'New Person' },
    })
    const { rows } = await server.db.pool.query(
      'select display_name from public.profiles where id = $1',
      [data.user?.id],
    )
    expect(rows).toEqual([{ display_name: 'New Person' }])
    const twice = await client(server).auth.signUp({
      email: 'new.person@outpost.test',
      password: 'long-enough',
    })
    expect(twice.error).toMatchObject({ status: 422, code: 'user_already_exists' })
    const weak = await client(server).auth.signUp({ email: 'weak@outpost.test', password: '123' })
    expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' })
  })

  it('refuses sign-up when disabled, with signup_disabled', async () => {
    const { error } = await client(strict).auth.signUp({
      email: 'nobody@outpost.test',
      password: 'long-enough',
    })
    expect(error).toMatchObject({
      status: 422,
      code: 'signup_disabled',
      message: 'Signups not allowed for this instance',
    })
  })

  it('settings and health', async () => {
    const on = await raw(server, '/auth/v1/settings')
    expect(on.json).toMatchObject({
      disable_signup: false,
      external: { email: true, phone: false },
    })
    const off = await raw(strict, '/auth/v1/settings')
    expect(off.json).toMatchObject({ disable_signup: true })
    const health = await raw(server, '/auth/v1/health')
    expect(health.json).toMatchObject({ name: 'GoTrue' })
    const missing = await raw(server, '/auth/v1/otp', { method: 'POST', body: '{}' })
    expect(missing.status).toBe(404)
  })
})
