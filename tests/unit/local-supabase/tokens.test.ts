import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  authErrorBody,
  AuthError,
  OAuthError,
  wantsCodes,
  weakPassword,
} from '../../../supabase/local/auth/errors'
import {
  accessTokenClaims,
  apiKey,
  issueAccessToken,
  newRefreshToken,
} from '../../../supabase/local/auth/tokens'
import type { UserRow } from '../../../supabase/local/auth/user'
import { readableUser, userJson } from '../../../supabase/local/auth/user'
import { signJwt, verifyJwt } from '../../../supabase/local/jwt'
import { ApiError } from '../../../supabase/local/rest/errors'
import { resolveRole } from '../../../supabase/local/rest/auth'

const SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'
const NOW = 1_800_000_000
const opts = { now: NOW, skewSeconds: 0 }

describe('verifyJwt', () => {
  it('accepts a valid HS256 token and returns its claims', async () => {
    const token = await signJwt({ sub: 'u', role: 'authenticated', exp: NOW + 60 }, SECRET)
    expect(await verifyJwt(token, SECRET, opts)).toEqual({
      ok: true,
      claims: { sub: 'u', role: 'authenticated', exp: NOW + 60 },
    })
  })

  it('says why it refuses', async () => {
    const failure = async (token: string, options = opts) => {
      const result = await verifyJwt(token, SECRET, options)
      return result.ok ? undefined : result.failure
    }
    expect(await failure('')).toEqual({ kind: 'empty' })
    expect(await failure('a.b')).toEqual({ kind: 'parts', count: 2 })
    expect(await failure('!!.!!.!!')).toEqual({ kind: 'malformed' })
    expect(
      await failure(await signJwt({ role: 'x' }, 'another-secret-that-is-long-enough-too')),
    ).toEqual({ kind: 'signature' })
    const rs = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.e30.sig`
    expect(await failure(rs)).toEqual({ kind: 'algorithm', alg: 'RS256' })
    expect(await failure(await signJwt({ exp: NOW - 1 }, SECRET))).toEqual({ kind: 'expired' })
    expect(
      await failure(await signJwt({ exp: NOW - 10 }, SECRET), { now: NOW, skewSeconds: 30 }),
    ).toBeUndefined()
    expect(await failure(await signJwt({ nbf: NOW + 100 }, SECRET))).toEqual({
      kind: 'not-yet-valid',
    })
    expect(await failure(await signJwt({ iat: NOW + 100 }, SECRET))).toEqual({
      kind: 'issued-in-future',
    })
    expect(await failure(await signJwt({ exp: 'soon' }, SECRET))).toEqual({
      kind: 'claim-type',
      claim: 'exp',
    })
    expect(await failure(await signJwt({ aud: 5 }, SECRET))).toEqual({
      kind: 'claim-type',
      claim: 'aud',
    })
  })
})

describe('the REST role', () => {
  it('anon without a token; the role claim with one; 401 for a bad one', async () => {
    expect(await resolveRole(undefined, SECRET, 'anon', NOW)).toEqual({
      role: 'anon',
      claims: { role: 'anon' },
      authed: false,
    })
    expect(await resolveRole('Basic abc', SECRET, 'anon', NOW)).toMatchObject({ role: 'anon' })
    const user = await signJwt({ sub: 'u', role: 'authenticated' }, SECRET)
    expect(await resolveRole(`Bearer ${user}`, SECRET, 'anon', NOW)).toEqual({
      role: 'authenticated',
      claims: { sub: 'u', role: 'authenticated' },
      authed: true,
    })
    const roleless = await signJwt({ sub: 'u' }, SECRET)
    expect(await resolveRole(`bearer ${roleless}`, SECRET, 'anon', NOW)).toMatchObject({
      role: 'anon',
      claims: { role: 'anon' },
    })
    await expect(resolveRole('Bearer nope', SECRET, 'anon', NOW)).rejects.toBeInstanceOf(ApiError)
  })
})

const user: UserRow = {
  id: '00000000-0000-4000-8000-000000000003',
  aud: 'authenticated',
  role: 'authenticated',
  email: 'tech1@outpost.test',
  phone: null,
  encrypted_password: '$2a$10$secret',
  email_confirmed_at: new Date('2026-01-01T00:00:00Z'),
  phone_confirmed_at: null,
  confirmed_at: new Date('2026-01-01T00:00:00Z'),
  last_sign_in_at: null,
  raw_app_meta_data: { provider: 'email', providers: ['email'] },
  raw_user_meta_data: { display_name: 'Tomás Tech' },
  created_at: new Date('2026-01-01T00:00:00Z'),
  updated_at: new Date('2026-01-02T00:00:00Z'),
  banned_until: null,
  is_anonymous: false,
  invited_at: null,
  confirmation_sent_at: null,
  recovery_sent_at: null,
  confirmation_token: '',
  recovery_token: '',
  email_change_token_new: '',
  email_change: '',
  phone_change: '',
  phone_change_token: '',
  email_change_token_current: '',
  reauthentication_token: '',
  identities: [
    {
      identity_id: '6b1e1f0e-0000-4000-8000-000000000003',
      id: '00000000-0000-4000-8000-000000000003',
      user_id: '00000000-0000-4000-8000-000000000003',
      identity_data: { sub: '00000000-0000-4000-8000-000000000003', email: 'tech1@outpost.test' },
      provider: 'email',
      last_sign_in_at: null,
      created_at: '2026-01-01 00:00:00+00',
      updated_at: '2026-01-01 00:00:00+00',
      email: 'tech1@outpost.test',
    },
  ],
}

describe('Auth tokens and JSON', () => {
  it('API keys are the Supabase CLI keys for its default secret', async () => {
    expect(await apiKey(SECRET, 'anon')).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
    )
    expect(await apiKey(SECRET, 'service_role')).toBe(
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
    )
  })

  it('access tokens carry Supabase Auth claims', async () => {
    const session = { id: 'sess', createdAt: new Date(NOW * 1000 - 5000) }
    const options = {
      secret: SECRET,
      issuer: 'http://127.0.0.1:54321/auth/v1',
      expiresIn: 3600,
      now: NOW,
    }
    expect(Object.keys(accessTokenClaims(user, session, options))).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'email',
      'phone',
      'app_metadata',
      'user_metadata',
      'role',
      'aal',
      'amr',
      'session_id',
      'is_anonymous',
    ])
    const { token, expiresAt } = await issueAccessToken(user, session, options)
    expect(expiresAt).toBe(NOW + 3600)
    const verified = await verifyJwt(token, SECRET, { now: NOW, skewSeconds: 0 })
    expect(verified.ok && verified.claims).toMatchObject({
      sub: user.id,
      amr: [{ method: 'password', timestamp: NOW - 5 }],
      session_id: 'sess',
      phone: '',
    })
    expect(newRefreshToken()).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(newRefreshToken()).not.toBe(newRefreshToken())
  })

  it('the user JSON follows Supabase Auth: no password, empty phone, identities from auth.identities', () => {
    const json = userJson(user)
    expect(json).not.toHaveProperty('encrypted_password')
    expect(json).not.toHaveProperty('last_sign_in_at')
    expect(json).toMatchObject({
      id: user.id,
      email: 'tech1@outpost.test',
      phone: '',
      email_confirmed_at: '2026-01-01T00:00:00.000Z',
      app_metadata: { provider: 'email', providers: ['email'] },
      identities: [
        {
          provider: 'email',
          id: user.id,
          user_id: user.id,
          identity_data: { email: 'tech1@outpost.test', sub: user.id },
          created_at: '2026-01-01T00:00:00.000Z',
        },
      ],
      is_anonymous: false,
    })
  })

  it('a user row with a NULL token column cannot be loaded, as in Supabase Auth', () => {
    expect(() => readableUser({ ...user, recovery_token: null } as unknown as UserRow)).toThrow(
      'Database error finding user',
    )
    expect(readableUser(user)).toBe(user)
  })

  it('errors in both API versions', () => {
    expect(wantsCodes('2024-01-01')).toBe(true)
    expect(wantsCodes('2025-06-30')).toBe(true)
    expect(wantsCodes('2023-12-31')).toBe(false)
    expect(wantsCodes(undefined)).toBe(false)
    const error = new AuthError(400, 'invalid_credentials', 'Invalid login credentials')
    expect(authErrorBody(error, '2024-01-01')).toEqual({
      status: 400,
      body: { code: 'invalid_credentials', msg: 'Invalid login credentials' },
    })
    expect(authErrorBody(error, undefined).body).toEqual({
      code: 400,
      error_code: 'invalid_credentials',
      msg: 'Invalid login credentials',
    })
    expect(authErrorBody(weakPassword(), '2024-01-01').body).toMatchObject({
      code: 'weak_password',
      weak_password: { reasons: ['length'] },
    })
    expect(
      authErrorBody(new OAuthError('invalid_request', 'refresh_token required'), '2024-01-01'),
    ).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'refresh_token required' },
    })
  })

  it('tokens from jose and from signJwt are interchangeable', async () => {
    const token = await new SignJWT({ role: 'anon' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET))
    expect((await verifyJwt(token, SECRET, opts)).ok).toBe(true)
  })
})
