// Auth rows as Supabase Auth keeps them, and the flows beyond sign-in that the product needs:
// password recovery by email, and the admin endpoints a trusted script uses to create and
// invite users. Driven through supabase-js, checked in PostgreSQL and in the mail outbox.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, EMAIL } from '../../support/demo'
import type { TestSupabase } from '../../support/local-supabase'
import { startTestSupabase } from '../../support/local-supabase'
import { client, raw } from './helpers'

let server: TestSupabase
let mailDir: string

beforeAll(async () => {
  mailDir = await mkdtemp(path.join(tmpdir(), 'outpost-mail-'))
  server = await startTestSupabase({ mailDir })
})
afterAll(async () => {
  await server.stop()
  await rm(mailDir, { recursive: true, force: true })
})

interface Sent {
  to: string
  subject: string
  otp: string
  link: string
}

async function mailsTo(address: string): Promise<Sent[]> {
  const out: Sent[] = []
  for (const file of (await readdir(mailDir)).sort()) {
    const text = await readFile(path.join(mailDir, file), 'utf8')
    const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1]?.trim()
    if (header('To') !== address) continue
    out.push({
      to: address,
      subject: header('Subject') ?? '',
      otp: header('X-Outpost-Otp') ?? '',
      link: /^(http\S+)$/m.exec(text)?.[1] ?? '',
    })
  }
  return out
}

const admin = () => client(server, { key: server.serviceRoleKey })

async function canSignIn(email: string, password: string): Promise<boolean> {
  const { error } = await client(server).auth.signInWithPassword({ email, password })
  return error === null
}

describe('auth rows as Supabase Auth keeps them', () => {
  it('seeded users have empty token columns and one email identity each', async () => {
    const { rows } = await server.db.pool.query<{ email: string; nulls: number; ids: number }>(
      `select u.email,
         num_nulls(u.confirmation_token, u.recovery_token, u.email_change_token_new,
           u.email_change, u.phone_change, u.phone_change_token,
           u.email_change_token_current, u.reauthentication_token) as nulls,
         (select count(*)::int from auth.identities i
          where i.user_id = u.id and i.provider = 'email' and i.provider_id = u.id::text) as ids
       from auth.users u order by u.email`,
    )
    expect(rows.length).toBe(5)
    expect(rows.filter((r) => r.nulls !== 0 || r.ids !== 1)).toEqual([])
    const { data } = await client(server).auth.signInWithPassword({
      email: EMAIL.tech1,
      password: DEMO_PASSWORD,
    })
    expect(data.user?.identities).toEqual([
      expect.objectContaining({ provider: 'email', id: data.user?.id, email: EMAIL.tech1 }),
    ])
  })

  it('a user row with NULL token columns cannot sign in, as on Supabase Auth (auth#1940)', async () => {
    await server.db.pool.query(
      `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at)
       values (gen_random_uuid(), 'authenticated', 'authenticated', 'nulls@outpost.test',
         extensions.crypt($1, extensions.gen_salt('bf', 4)), now())`,
      [DEMO_PASSWORD],
    )
    const { error } = await client(server).auth.signInWithPassword({
      email: 'nulls@outpost.test',
      password: DEMO_PASSWORD,
    })
    // What users of hosted projects see: auth-js reads a 500 as a retryable fetch error.
    expect(error).toMatchObject({
      name: 'AuthRetryableFetchError',
      status: 500,
      message: 'Database error querying schema',
    })
    await server.db.pool.query("delete from auth.users where email = 'nulls@outpost.test'")
  })

  it('anonymous sign-in is refused with Supabase Auth’s own error', async () => {
    const { error } = await client(server).auth.signInAnonymously()
    expect(error).toMatchObject({
      status: 422,
      code: 'anonymous_provider_disabled',
      message: 'Anonymous sign-ins are disabled',
    })
    const { rows } = await server.db.pool.query(
      'select 1 from auth.users where is_anonymous or email is null',
    )
    expect(rows).toEqual([])
  })
})

describe('password recovery', () => {
  it('reset by email, the code from the mail, a new password; the code works once', async () => {
    const sb = client(server)
    expect((await sb.auth.resetPasswordForEmail(EMAIL.tech1)).error).toBeNull()
    const [mail] = await mailsTo(EMAIL.tech1)
    expect(mail).toMatchObject({ subject: 'Reset Your Password' })
    expect(mail?.otp).toMatch(/^\d{6}$/)
    const stored = await server.db.pool.query<{ recovery_token: string }>(
      'select recovery_token from auth.users where email = $1',
      [EMAIL.tech1],
    )
    // Stored as GoTrue stores it: sha224(email + code), never the code itself.
    expect(stored.rows[0]?.recovery_token).toMatch(/^[0-9a-f]{56}$/)

    const wrong = await sb.auth.verifyOtp({ email: EMAIL.tech1, token: '000000', type: 'recovery' })
    expect(wrong.error).toMatchObject({ status: 403, code: 'otp_expired' })

    const verified = await sb.auth.verifyOtp({
      email: EMAIL.tech1,
      token: mail?.otp ?? '',
      type: 'recovery',
    })
    expect(verified.error).toBeNull()
    expect(verified.data.session?.user.email).toBe(EMAIL.tech1)
    const { error } = await sb.auth.updateUser({ password: 'a-new-password-1' })
    expect(error).toBeNull()
    expect(await canSignIn(EMAIL.tech1, 'a-new-password-1')).toBe(true)
    expect(await canSignIn(EMAIL.tech1, DEMO_PASSWORD)).toBe(false)

    const again = await client(server).auth.verifyOtp({
      email: EMAIL.tech1,
      token: mail?.otp ?? '',
      type: 'recovery',
    })
    expect(again.error).toMatchObject({ status: 403, code: 'otp_expired' })
  })

  it('a second request within the minute is refused, saying how long to wait', async () => {
    const { error } = await client(server).auth.resetPasswordForEmail(EMAIL.tech1)
    expect(error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' })
    expect(error?.message).toMatch(
      /^For security purposes, you can only request this after \d+ seconds\.$/,
    )
    expect(await mailsTo(EMAIL.tech1)).toHaveLength(1)
  })

  it('an unknown address answers the same and sends nothing', async () => {
    expect(
      (await client(server).auth.resetPasswordForEmail('nobody@outpost.test')).error,
    ).toBeNull()
    expect(await mailsTo('nobody@outpost.test')).toEqual([])
  })

  it('the link in the mail signs in once and goes only to an allowed address', async () => {
    await client(server).auth.resetPasswordForEmail(EMAIL.tech2, {
      redirectTo: 'https://evil.example/steal',
    })
    const [mail] = await mailsTo(EMAIL.tech2)
    const link = new URL(mail?.link ?? '')
    const first = await raw(server, `${link.pathname}${link.search}`, {
      redirect: 'manual',
      headers: { apikey: '' },
      token: null,
    })
    expect(first.status).toBe(303)
    const location = new URL(first.headers.get('location') ?? '')
    expect(location.origin).toBe('http://127.0.0.1:5173')
    const fragment = new URLSearchParams(location.hash.slice(1))
    expect(fragment.get('type')).toBe('recovery')
    const { data } = await client(server).auth.getUser(fragment.get('access_token') ?? '')
    expect(data.user?.email).toBe(EMAIL.tech2)

    const second = await raw(server, `${link.pathname}${link.search}`, {
      redirect: 'manual',
      token: null,
    })
    const failed = new URLSearchParams(new URL(second.headers.get('location') ?? '').hash.slice(1))
    expect(Object.fromEntries(failed)).toEqual({
      error: 'access_denied',
      error_code: 'otp_expired',
      error_description: 'Email link is invalid or has expired',
    })
  })
})

describe('admin endpoints', () => {
  it('only the service role may use them', async () => {
    const anon = await client(server).auth.admin.listUsers()
    expect(anon.error).toMatchObject({ status: 403, code: 'not_admin' })
    const sb = client(server)
    await sb.auth.signInWithPassword({ email: EMAIL.admin, password: DEMO_PASSWORD })
    const asOrgAdmin = await sb.auth.admin.createUser({
      email: 'x@outpost.test',
      password: 'pw-123456',
    })
    expect(asOrgAdmin.error).toMatchObject({ status: 403, code: 'not_admin' })
    const { rows } = await server.db.pool.query(
      "select 1 from auth.users where email = 'x@outpost.test'",
    )
    expect(rows).toEqual([])
  })

  it('creates a user who can sign in, lists, bans and deletes users', async () => {
    const created = await admin().auth.admin.createUser({
      email: 'New.Tech@Outpost.test',
      password: 'first-password',
      email_confirm: true,
      user_metadata: { display_name: 'Nia New' },
    })
    expect(created.error).toBeNull()
    const id = created.data.user?.id ?? ''
    expect(created.data.user).toMatchObject({ email: 'new.tech@outpost.test' })
    const profile = await server.db.pool.query(
      'select display_name from public.profiles where id = $1',
      [id],
    )
    expect(profile.rows).toEqual([{ display_name: 'Nia New' }])
    expect(await canSignIn('new.tech@outpost.test', 'first-password')).toBe(true)

    const again = await admin().auth.admin.createUser({
      email: 'new.tech@outpost.test',
      password: 'x-123456',
    })
    expect(again.error).toMatchObject({ status: 422, code: 'email_exists' })

    const listed = await admin().auth.admin.listUsers({ page: 1, perPage: 2 })
    expect(listed.error).toBeNull()
    expect(listed.data.users).toHaveLength(2)
    expect(listed.data.users[0]?.email).toBe('new.tech@outpost.test')
    expect((listed.data as { total?: number }).total).toBeGreaterThanOrEqual(6)

    const renamed = await admin().auth.admin.updateUserById(id, { email: 'nia@outpost.test' })
    expect(renamed.error).toBeNull()
    // Record history names authors from profiles: the copy follows the address.
    const profileAfter = await server.db.pool.query(
      'select email from public.profiles where id = $1',
      [id],
    )
    expect(profileAfter.rows).toEqual([{ email: 'nia@outpost.test' }])
    await admin().auth.admin.updateUserById(id, { email: 'new.tech@outpost.test' })

    const banned = await admin().auth.admin.updateUserById(id, { ban_duration: '24h' })
    expect(banned.error).toBeNull()
    expect(await canSignIn('new.tech@outpost.test', 'first-password')).toBe(false)
    await admin().auth.admin.updateUserById(id, { ban_duration: 'none' })
    expect(await canSignIn('new.tech@outpost.test', 'first-password')).toBe(true)

    expect((await admin().auth.admin.deleteUser(id)).error).toBeNull()
    expect(await canSignIn('new.tech@outpost.test', 'first-password')).toBe(false)
    const gone = await server.db.pool.query(
      'select (select count(*)::int from auth.users where id = $1) as users, (select count(*)::int from auth.identities where user_id = $1) as identities',
      [id],
    )
    expect(gone.rows).toEqual([{ users: 0, identities: 0 }])
    expect((await admin().auth.admin.getUserById(id)).error).toMatchObject({
      status: 404,
      code: 'user_not_found',
    })
  })

  it('an invited user accepts with the code from the mail and sets a password', async () => {
    const invited = await admin().auth.admin.inviteUserByEmail('invitee@outpost.test', {
      data: { display_name: 'Ivy Invitee' },
    })
    expect(invited.error).toBeNull()
    expect(invited.data.user).toMatchObject({ email: 'invitee@outpost.test' })
    expect(invited.data.user?.invited_at).toBeTruthy()
    expect(await canSignIn('invitee@outpost.test', '')).toBe(false)
    const [mail] = await mailsTo('invitee@outpost.test')
    expect(mail?.subject).toBe('You have been invited')

    const sb = client(server)
    const accepted = await sb.auth.verifyOtp({
      email: 'invitee@outpost.test',
      token: mail?.otp ?? '',
      type: 'invite',
    })
    expect(accepted.error).toBeNull()
    expect(accepted.data.user?.email_confirmed_at).toBeTruthy()
    expect((await sb.auth.updateUser({ password: 'invitee-password' })).error).toBeNull()
    expect(await canSignIn('invitee@outpost.test', 'invitee-password')).toBe(true)

    const twice = await admin().auth.admin.inviteUserByEmail('invitee@outpost.test')
    expect(twice.error).toMatchObject({ status: 422, code: 'email_exists' })
  })
})
