// Conformance with Supabase Auth, case by case from auth-js's own integration suite
// (supabase/supabase-js, packages/core/auth-js/test/): each test names the upstream file and
// test it follows, and asserts what upstream asserts, plus the status and error code GoTrue's
// source (supabase/auth, internal/api) gives where upstream only checks that an error exists.
// Upstream cases for features outside the stand-in (MFA, OAuth server, passkeys, phone OTP,
// generateLink, web3) are listed in supabase/local/README.md with the error given instead.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestSupabase } from '../../../support/local-supabase'
import { startTestSupabase } from '../../../support/local-supabase'
import { client } from '../helpers'

const INVALID_EMAIL = 'xx:;x@x.x'
const NON_EXISTANT_USER_ID = '83fd9e20-7a80-46e4-bf29-a86e3d6bbf66'

let open: TestSupabase
let closed: TestSupabase
let mailDir: string
let admin: SupabaseClient['auth']['admin']

/** auth-js test/lib/utils.ts mockUserCredentials. */
const credentials = () => ({
  email: `conf-${randomBytes(5).toString('hex')}@example.com`,
  password: `pw-${randomBytes(6).toString('hex')}`,
})

const createNewUserWithEmail = ({ email }: { email: string }) =>
  admin.createUser({ email, password: credentials().password })

beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), 'outpost-conf-mail-'))
  // Upstream runs against the CLI's stack, where sign-up is on; Outpost's config turns it off.
  open = await startTestSupabase({ enableSignup: true, mailDir })
  closed = await startTestSupabase({ mailDir })
  admin = client(open, { key: open.serviceRoleKey }).auth.admin
})
afterAll(async () => {
  await open.stop()
  await closed.stop()
  await rm(mailDir, { recursive: true, force: true })
})

describe('GoTrueApi.test.ts › GoTrueAdminApi', () => {
  it('User creation › createUser() should create a new user', async () => {
    const { email } = credentials()
    const { error, data } = await createNewUserWithEmail({ email })
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(email)
  })

  it('User creation › createUser() with user metadata', async () => {
    const user_metadata = { profile_image: 'https://avatars.example/u.png' }
    const { email, password } = credentials()
    const { error, data } = await admin.createUser({ email, password, user_metadata })
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(email)
    expect(data.user?.user_metadata).toEqual(user_metadata)
    expect(data.user?.user_metadata.profile_image).toMatch(/^https:\/\/avatars\..+/)
  })

  it('User creation › createUser() with app metadata', async () => {
    const { email, password } = credentials()
    const { error, data } = await admin.createUser({
      email,
      password,
      app_metadata: { roles: ['editor'] },
    })
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(email)
    expect(data.user?.app_metadata).toHaveProperty('provider')
    expect(data.user?.app_metadata).toHaveProperty('providers')
    expect(data.user?.app_metadata).toHaveProperty('roles')
  })

  it('User creation › createUser() with user and app metadata', async () => {
    const user_metadata = { profile_image: 'https://avatars.example/u.png' }
    const { email, password } = credentials()
    const { error, data } = await admin.createUser({
      email,
      password,
      app_metadata: { roles: ['editor'] },
      user_metadata,
    })
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(email)
    expect(data.user?.user_metadata.profile_image).toMatch(/^https:\/\/avatars\..+/)
    expect(data.user?.app_metadata).toHaveProperty('provider')
    expect(data.user?.app_metadata).toHaveProperty('providers')
  })

  it('User creation › createUser() returns AuthError when email is invalid', async () => {
    const { error, data } = await admin.createUser({
      email: INVALID_EMAIL,
      password: 'password123',
    })
    expect(error).not.toBeNull()
    expect(error?.message).toMatch('Unable to validate email address: invalid format')
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' })
    expect(data.user).toBeNull()
  })

  it('List users › listUsers() should return registered users', async () => {
    const { email } = credentials()
    const created = await createNewUserWithEmail({ email })
    expect(created.error).toBeNull()
    const { error, data } = await admin.listUsers()
    expect(error).toBeNull()
    expect(data).toHaveProperty('users')
    expect(data).toHaveProperty('aud')
    expect(data.users.map((u) => u.email)).toContain(email)
  })

  it('List users › listUsers() returns AuthError when page is invalid', async () => {
    const { error, data } = await admin.listUsers({ page: -1, perPage: 10 })
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' })
    expect(data.users).toEqual([])
  })

  it('Get user › getUser() fetches a user by their access_token', async () => {
    const sb = client(open)
    const { email, password } = credentials()
    const { error: initialError, data } = await sb.auth.signUp({ email, password })
    expect(initialError).toBeNull()
    expect(data.session).not.toBeNull()
    const { error, data: fetched } = await sb.auth.getUser(data.session?.access_token)
    expect(error).toBeNull()
    expect(fetched.user?.email).toEqual(email)
  })

  it('Get user › getUserById() should a registered user given its user identifier', async () => {
    const { email } = credentials()
    const created = await createNewUserWithEmail({ email })
    const uid = created.data.user?.id ?? ''
    expect(uid).toBeTruthy()
    const { error, data } = await admin.getUserById(uid)
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(email)
  })

  it('Get user › getUserById() returns AuthError when user id is invalid', async () => {
    const { error, data } = await admin.getUserById(NON_EXISTANT_USER_ID)
    expect(error).toMatchObject({ status: 404, code: 'user_not_found' })
    expect(data.user).toBeNull()
  })

  it('User updates › modify email using updateUserById()', async () => {
    const { email } = credentials()
    const created = await createNewUserWithEmail({ email })
    const uid = created.data.user?.id ?? ''
    const { error, data } = await admin.updateUserById(uid, { email: `new_${email}` })
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(`new_${email}`)
    const { rows } = await open.db.pool.query<{ email: string }>(
      `select identity_data ->> 'email' as email from auth.identities where user_id = $1`,
      [uid],
    )
    expect(rows).toEqual([{ email: `new_${email}` }])
  })

  it('User updates › modify user metadata using updateUserById()', async () => {
    const { email } = credentials()
    const created = await createNewUserWithEmail({ email })
    const uid = created.data.user?.id ?? ''
    const userMetaData = { favorite_color: 'yellow' }
    const { error, data } = await admin.updateUserById(uid, { user_metadata: userMetaData })
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(email)
    expect(data.user?.user_metadata).toEqual(userMetaData)
  })

  it('User updates › modify app metadata using updateUserById()', async () => {
    const { email } = credentials()
    const created = await createNewUserWithEmail({ email })
    const uid = created.data.user?.id ?? ''
    const { error, data } = await admin.updateUserById(uid, {
      app_metadata: { roles: ['admin', 'publisher'] },
    })
    expect(error).toBeNull()
    expect(data.user?.email).toEqual(email)
    expect(data.user?.app_metadata).toHaveProperty('roles')
  })

  it('User updates › modify confirm email using updateUserById()', async () => {
    const { email, password } = credentials()
    const { error: createError, data } = await admin.createUser({
      email,
      password,
      email_confirm: false,
    })
    expect(createError).toBeNull()
    expect(data.user?.email_confirmed_at).toBeFalsy()
    const updated = await admin.updateUserById(data.user?.id ?? '', { email_confirm: true })
    expect(updated.error).toBeNull()
    expect(updated.data.user?.email_confirmed_at).toBeTruthy()
  })

  it('User deletes › deleteUser() should be able delete an existing user', async () => {
    const { email } = credentials()
    const created = await createNewUserWithEmail({ email })
    const { error, data } = await admin.deleteUser(created.data.user?.id ?? '')
    expect(error).toBeNull()
    expect(data.user).not.toBeUndefined()
    const listed = await admin.listUsers()
    expect(listed.error).toBeNull()
    expect(listed.data.users.length).toBeGreaterThan(0)
    expect(listed.data.users.map((u) => u.email)).not.toContain(email)
  })

  it('User deletes › deleteUser() returns AuthError when user id is invalid', async () => {
    const { error, data } = await admin.deleteUser(NON_EXISTANT_USER_ID)
    expect(error).toMatchObject({ status: 404, code: 'user_not_found' })
    expect(data.user).toBeNull()
  })

  it('User registration › inviteUserByEmail() creates a new user with an invited_at timestamp', async () => {
    const { email } = credentials()
    const { error, data } = await admin.inviteUserByEmail(email, {
      data: { status: 'alpha' },
      redirectTo: 'http://localhost:9999/welcome',
    })
    expect(error).toBeNull()
    expect(data.user).not.toBeNull()
    expect(data.user).toHaveProperty('invited_at')
    expect(data.user?.invited_at).toBeDefined()
    expect(data.user?.user_metadata).toEqual({ status: 'alpha' })
  })

  it('User registration › inviteUserByEmail() returns AuthError when email is invalid', async () => {
    const { error, data } = await admin.inviteUserByEmail(INVALID_EMAIL)
    expect(error).not.toBeNull()
    expect(error?.message).toMatch('Unable to validate email address: invalid format')
    expect(data.user).toBeNull()
  })

  it('Update User › updateUserById() returns AuthError when user id is invalid', async () => {
    const { error, data } = await admin.updateUserById(NON_EXISTANT_USER_ID, {
      email: 'new@email.com',
    })
    expect(error).toMatchObject({ status: 404, code: 'user_not_found' })
    expect(data.user).toBeNull()
  })

  it('User authentication › signOut() with an valid access token', async () => {
    const { email, password } = credentials()
    await admin.createUser({ email, password, email_confirm: true })
    const sb = client(open)
    const { data } = await sb.auth.signInWithPassword({ email, password })
    const { error } = await admin.signOut(data.session?.access_token ?? '')
    expect(error).toBeNull()
    const refreshed = await client(open).auth.refreshSession({
      refresh_token: data.session?.refresh_token ?? '',
    })
    expect(refreshed.error).not.toBeNull()
  })

  it('User authentication › signOut() with an invalid access token', async () => {
    const { error } = await admin.signOut('this-is-a-bad-token')
    expect(error?.message).toMatch(/^invalid JWT/)
  })

  it('User authentication › signOut() fails with invalid scope', async () => {
    const { email, password } = credentials()
    const sb = client(open)
    expect((await sb.auth.signUp({ email, password })).error).toBeNull()
    const { data, error } = await sb.auth.signInWithPassword({ email, password })
    expect(error).toBeNull()
    expect(data.session).not.toBeNull()
    await expect(sb.auth.signOut({ scope: 'invalid_scope' as 'global' })).rejects.toThrow(
      '@supabase/auth-js: Parameter scope must be one of global, local, others',
    )
  })
})

describe('docker-tests', () => {
  it('anonymous-disabled.test.ts › fail to sign in anonymously when it is disabled on the server', async () => {
    const { data, error } = await client(closed).auth.signInAnonymously()
    expect(data.session).toBeNull()
    expect(error?.message).toContain('Anonymous sign-ins are disabled')
  })

  it('signup-disabled.test.ts › User cannot sign up when signups are disabled', async () => {
    const { email, password } = credentials()
    const { error, data } = await client(closed).auth.signUp({ email, password })
    expect(data.user).toBeNull()
    expect(error?.message).toEqual('Signups not allowed for this instance')
  })
})
