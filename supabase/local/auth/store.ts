// Sessions, rotating refresh tokens and users in the auth schema, kept the way Supabase Auth
// keeps them (internal/models). Runs on a superuser connection, like Auth's own admin role.
import type pg from 'pg'
import { AuthError, badRequest } from './errors'
import { newRefreshToken } from './tokens'
import type { UserRow } from './user'
import { TOKEN_COLUMNS, readableUser } from './user'

const USER_COLUMNS = `u.id, u.aud, u.role, u.email, u.phone, u.encrypted_password,
  u.email_confirmed_at, u.phone_confirmed_at, u.confirmed_at, u.last_sign_in_at,
  u.raw_app_meta_data, u.raw_user_meta_data, u.created_at, u.updated_at, u.banned_until,
  u.is_anonymous, u.invited_at, u.confirmation_sent_at, u.recovery_sent_at,
  ${TOKEN_COLUMNS.map((c) => `u.${c}`).join(', ')},
  coalesce((select json_agg(json_build_object('identity_id', i.id, 'id', i.provider_id,
      'user_id', i.user_id, 'identity_data', i.identity_data, 'provider', i.provider,
      'last_sign_in_at', i.last_sign_in_at, 'created_at', i.created_at,
      'updated_at', i.updated_at, 'email', i.email) order by i.created_at, i.id)
    from auth.identities i where i.user_id = u.id), '[]') as identities`

async function selectUser(
  db: pg.Pool | pg.PoolClient,
  where: string,
  params: unknown[],
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users u where ${where} and u.deleted_at is null`,
    params,
  )
  return rows[0] && readableUser(rows[0])
}

export interface SessionRow {
  id: string
  user_id: string
  created_at: Date
  not_after: Date | null
}

export interface ClientInfo {
  userAgent: string | undefined
  ip: string | undefined
}

export interface Grant {
  user: UserRow
  session: SessionRow
  refreshToken: string
}

async function transaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('begin')
    const result = await fn(client)
    await client.query('commit')
    return result
  } catch (error) {
    // A connection that cannot even roll back is in an unknown state: the pool drops it.
    await client.query('rollback').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e))
    })
    throw error
  } finally {
    client.release(broken)
  }
}

export function findUserByEmail(
  db: pg.Pool | pg.PoolClient,
  email: string,
  aud: string,
): Promise<UserRow | undefined> {
  return selectUser(db, 'lower(u.email) = lower($1) and u.aud = $2', [email, aud])
}

export function findUserById(
  db: pg.Pool | pg.PoolClient,
  id: string,
): Promise<UserRow | undefined> {
  return selectUser(db, 'u.id = $1', [id])
}

export async function sessionExists(pool: pg.Pool, id: string): Promise<boolean> {
  const { rowCount } = await pool.query('select 1 from auth.sessions where id = $1', [id])
  return rowCount === 1
}

async function insertRefreshToken(
  client: pg.PoolClient,
  userId: string,
  sessionId: string,
  parent: string | null,
): Promise<string> {
  const token = newRefreshToken()
  await client.query(
    `insert into auth.refresh_tokens (token, user_id, session_id, parent, revoked)
     values ($1, $2, $3, $4, false)`,
    [token, userId, sessionId, parent],
  )
  // Supabase Auth stamps last_sign_in_at on every refresh token it grants, refreshes included.
  await client.query('update auth.users set last_sign_in_at = now() where id = $1', [userId])
  return token
}

/** A new session and its first refresh token (password sign-in, sign-up). */
export function createSession(pool: pg.Pool, userId: string, info: ClientInfo): Promise<Grant> {
  return transaction(pool, async (client) => {
    const { rows } = await client.query<SessionRow>(
      `insert into auth.sessions (id, user_id, aal, user_agent, ip, created_at, updated_at)
       values (gen_random_uuid(), $1, 'aal1', $2, $3, now(), now())
       returning id, user_id, created_at, not_after`,
      [userId, info.userAgent ?? null, info.ip ?? null],
    )
    const session = rows[0]
    if (!session) throw new Error('session insert returned no row')
    const refreshToken = await insertRefreshToken(client, userId, session.id, null)
    const user = await findUserById(client, userId)
    if (!user) throw new Error(`user ${userId} vanished while signing in`)
    return { user, session, refreshToken }
  })
}

interface TokenRow {
  id: string
  token: string
  user_id: string
  revoked: boolean
  parent: string | null
  session_id: string | null
  /** Whether the reuse interval since it was revoked is over. */
  reuse_expired: boolean
}

const TOKEN_SELECT = `select id, token, user_id, revoked, parent, session_id,
  now() > updated_at + make_interval(secs => $2) as reuse_expired
  from auth.refresh_tokens where token = $1`

/**
 * The refresh_token grant, following Supabase Auth's RefreshTokenGrant: rotate the token;
 * a revoked one whose child is the session's current token gets that token back (the client
 * lost the answer); any other revoked one is refused, and once the reuse interval is over
 * its whole session's tokens are revoked.
 */
export async function refreshSession(
  pool: pg.Pool,
  token: string,
  reuseIntervalSeconds: number,
  info: ClientInfo,
): Promise<Grant> {
  const found = await pool.query<TokenRow>(TOKEN_SELECT, [token, reuseIntervalSeconds])
  const first = found.rows[0]
  if (!first)
    throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
  const owner = await findUserById(pool, first.user_id)
  if (!owner)
    throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
  if (owner.banned_until !== null && owner.banned_until > new Date())
    throw badRequest('user_banned', 'Invalid Refresh Token: User Banned')
  if (first.session_id === null) {
    await pool.query('delete from auth.refresh_tokens where id = $1', [first.id])
    throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found')
  }
  let refused: AuthError | undefined
  const grant = await transaction(pool, async (client) => {
    const { rows } = await client.query<TokenRow>(`${TOKEN_SELECT} for update`, [
      token,
      reuseIntervalSeconds,
    ])
    const current = rows[0]
    const sessions = await client.query<SessionRow>(
      `select id, user_id, created_at, not_after from auth.sessions where id = $1 for update`,
      [current?.session_id],
    )
    const session = sessions.rows[0]
    if (!current || !session)
      throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found')
    if (session.not_after !== null && session.not_after < new Date())
      throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired')
    let issued: string | undefined
    if (current.revoked) {
      const active = await client.query<{ token: string; parent: string | null }>(
        `select token, parent from auth.refresh_tokens
         where session_id = $1 and not revoked order by id desc limit 1`,
        [session.id],
      )
      const activeToken = active.rows[0]
      if (activeToken && activeToken.parent === current.token) issued = activeToken.token
      else if (current.reuse_expired) {
        await client.query(
          `update auth.refresh_tokens set revoked = true, updated_at = now()
           where session_id = $1 and not revoked`,
          [session.id],
        )
        // Committed with the refusal, as Supabase Auth does (storage.NewCommitWithError).
        refused = badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used')
        return undefined
      }
    }
    if (issued === undefined) {
      await client.query(
        'update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1',
        [current.id],
      )
      issued = await insertRefreshToken(client, current.user_id, session.id, current.token)
    }
    await client.query(
      `update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now(),
         user_agent = $2, ip = $3 where id = $1`,
      [session.id, info.userAgent ?? null, info.ip ?? null],
    )
    const user = await findUserById(client, current.user_id)
    if (!user)
      throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
    return { user, session, refreshToken: issued }
  })
  if (refused || !grant) throw refused ?? new Error('refresh produced no grant')
  return grant
}

export type LogoutScope = 'global' | 'local' | 'others'

export async function logout(
  pool: pg.Pool,
  userId: string,
  sessionId: string | undefined,
  scope: LogoutScope,
): Promise<void> {
  if (sessionId !== undefined && scope === 'local') {
    await pool.query('delete from auth.sessions where id = $1', [sessionId])
    return
  }
  if (sessionId !== undefined && scope === 'others') {
    await pool.query('delete from auth.sessions where user_id = $1 and id <> $2', [
      userId,
      sessionId,
    ])
    return
  }
  await transaction(pool, async (client) => {
    await client.query('delete from auth.refresh_tokens where user_id = $1', [userId])
    await client.query('delete from auth.sessions where user_id = $1', [userId])
  })
}

export interface NewUser {
  email: string
  passwordHash: string
  userMetadata: Record<string, unknown>
  aud: string
}

/** A confirmed password user with its email identity, as Supabase Auth's signup creates it. */
export async function createUser(pool: pg.Pool, user: NewUser): Promise<UserRow> {
  try {
    return await insertUser(pool, {
      ...user,
      emailConfirmed: true,
      invited: false,
      appMetadata: {},
    })
  } catch (error) {
    // Sign-up words an existing address differently from the admin API.
    if (error instanceof AuthError && error.code === 'email_exists')
      throw new AuthError(422, 'user_already_exists', 'User already registered')
    throw error
  }
}

export interface UserChanges {
  passwordHash?: string
  /** Top-level keys merged into user_metadata; a null value removes its key. */
  data?: Record<string, unknown>
}

export async function updateUser(
  pool: pg.Pool,
  id: string,
  changes: UserChanges,
): Promise<UserRow> {
  const data = changes.data ?? {}
  const set = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null))
  const removed = Object.entries(data)
    .filter(([, v]) => v === null)
    .map(([k]) => k)
  const { rowCount } = await pool.query(
    `update auth.users set
       encrypted_password = coalesce($2, encrypted_password),
       raw_user_meta_data = (coalesce(raw_user_meta_data, '{}') || $3::jsonb) - $4::text[],
       updated_at = now()
     where id = $1`,
    [id, changes.passwordHash ?? null, JSON.stringify(set), removed],
  )
  const row = rowCount === 1 ? await findUserById(pool, id) : undefined
  if (!row) throw new AuthError(404, 'user_not_found', 'User not found')
  return row
}

export type EmailTokenKind = 'recovery' | 'confirmation'

const TOKEN_COLUMN: Record<EmailTokenKind, { token: string; sentAt: string }> = {
  recovery: { token: 'recovery_token', sentAt: 'recovery_sent_at' },
  confirmation: { token: 'confirmation_token', sentAt: 'confirmation_sent_at' },
}

/**
 * Stores the hash of a one-time code about to be mailed, unless the last one went out less
 * than maxFrequency seconds ago: then the seconds left, as Supabase Auth counts them.
 */
export function stampEmailToken(
  pool: pg.Pool,
  userId: string,
  kind: EmailTokenKind,
  tokenHash: string,
  maxFrequency: number,
): Promise<{ waitSeconds: number }> {
  const c = TOKEN_COLUMN[kind]
  return transaction(pool, async (client) => {
    const { rows } = await client.query<{ wait: number }>(
      `select ceil(greatest(0, extract(epoch from ${c.sentAt} + make_interval(secs => $2) - now())))::int as wait
       from auth.users where id = $1 for update`,
      [userId, maxFrequency],
    )
    const wait = rows[0]?.wait ?? 0
    if (wait > 0) return { waitSeconds: wait }
    await client.query(
      `update auth.users set ${c.token} = $2, ${c.sentAt} = now(), updated_at = now() where id = $1`,
      [userId, tokenHash],
    )
    return { waitSeconds: 0 }
  })
}

/**
 * Uses up a code once: only the request that clears a still-valid token gets the user back, so
 * two clicks on one link cannot both sign in. A confirmed code also confirms the email.
 */
export async function consumeEmailToken(
  pool: pg.Pool,
  kind: EmailTokenKind,
  tokenHash: string,
  expirySeconds: number,
  userId?: string,
): Promise<string | undefined> {
  const c = TOKEN_COLUMN[kind]
  const { rows } = await pool.query<{ id: string }>(
    `update auth.users set ${c.token} = '',
       email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now()
     where ${c.token} = $1 and $1 <> '' and ${c.sentAt} > now() - make_interval(secs => $2)
       and deleted_at is null and ($3::uuid is null or id = $3::uuid)
     returning id`,
    [tokenHash, expirySeconds, userId ?? null],
  )
  const id = rows[0]?.id
  if (id)
    await pool.query(
      `update auth.identities set identity_data = identity_data || '{"email_verified": true}',
         updated_at = now()
       where user_id = $1 and provider = 'email'`,
      [id],
    )
  return id
}

export interface AdminNewUser {
  email: string
  /** '' for a user who has no password yet (an invite). */
  passwordHash: string
  emailConfirmed: boolean
  invited: boolean
  userMetadata: Record<string, unknown>
  appMetadata: Record<string, unknown>
  aud: string
}

/** A user created by an admin (or an invite), with its email identity. */
export async function insertUser(pool: pg.Pool, user: AdminNewUser): Promise<UserRow> {
  try {
    return await transaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
           invited_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
           ${TOKEN_COLUMNS.join(', ')})
         values (gen_random_uuid(), $1, 'authenticated', lower($2), $3,
           case when $4 then now() end, case when $5 then now() end,
           $6::jsonb || '{"provider": "email", "providers": ["email"]}', $7, now(), now(),
           ${TOKEN_COLUMNS.map(() => "''").join(', ')})
         returning id`,
        [
          user.aud,
          user.email,
          user.passwordHash,
          user.emailConfirmed,
          user.invited,
          JSON.stringify(user.appMetadata),
          JSON.stringify(user.userMetadata),
        ],
      )
      const id = rows[0]?.id
      if (!id) throw new Error('user insert returned no row')
      await client.query(
        `insert into auth.identities (provider_id, user_id, identity_data, provider,
           last_sign_in_at, created_at, updated_at)
         select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email,
             'email_verified', u.email_confirmed_at is not null, 'phone_verified', false),
           'email', null, now(), now()
         from auth.users u where u.id = $1`,
        [id],
      )
      const created = await findUserById(client, id)
      if (!created) throw new Error(`user ${id} vanished while being created`)
      return created
    })
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new AuthError(
        422,
        'email_exists',
        'A user with this email address has already been registered',
      )
    throw error
  }
}

/** Newest first, as Supabase Auth's admin list sorts by default. */
export async function listUsers(
  pool: pg.Pool,
  aud: string,
  page: number,
  perPage: number,
): Promise<{ users: UserRow[]; total: number }> {
  const { rows } = await pool.query<UserRow & { total: string }>(
    `select ${USER_COLUMNS}, count(*) over () as total from auth.users u
     where u.aud = $1 and u.deleted_at is null
     order by u.created_at desc, u.id limit $2 offset $3`,
    [aud, perPage, (page - 1) * perPage],
  )
  const total =
    rows[0]?.total ??
    (
      await pool.query<{ n: string }>(
        'select count(*) as n from auth.users where aud = $1 and deleted_at is null',
        [aud],
      )
    ).rows[0]?.n ??
    '0'
  return {
    users: rows.map(({ total: _total, ...user }) => readableUser(user)),
    total: Number(total),
  }
}

/** Removes the user, its identities, sessions and refresh tokens (foreign keys cascade). */
export async function deleteUser(pool: pg.Pool, id: string): Promise<boolean> {
  return transaction(pool, async (client) => {
    await client.query('delete from auth.refresh_tokens where user_id = $1', [id])
    const { rowCount } = await client.query('delete from auth.users where id = $1', [id])
    return rowCount === 1
  })
}

export interface AdminChanges {
  /** Set as given: an admin changes an address without a confirmation email. */
  email?: string
  passwordHash?: string
  userMetadata?: Record<string, unknown>
  appMetadata?: Record<string, unknown>
  emailConfirmed?: boolean
  /** null lifts a ban. */
  bannedUntil?: Date | null
}

export async function adminUpdateUser(
  pool: pg.Pool,
  id: string,
  changes: AdminChanges,
): Promise<UserRow> {
  try {
    const updated = await transaction(pool, async (client) => {
      const { rowCount } = await client.query(
        `update auth.users set
           email = coalesce($8, email),
           encrypted_password = coalesce($2, encrypted_password),
           raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || coalesce($3::jsonb, '{}'),
           raw_app_meta_data = coalesce(raw_app_meta_data, '{}') || coalesce($4::jsonb, '{}'),
           email_confirmed_at = case when $5 then coalesce(email_confirmed_at, now())
                                     else email_confirmed_at end,
           banned_until = case when $6 then $7::timestamptz else banned_until end,
           updated_at = now()
         where id = $1 and deleted_at is null`,
        [
          id,
          changes.passwordHash ?? null,
          changes.userMetadata ? JSON.stringify(changes.userMetadata) : null,
          changes.appMetadata ? JSON.stringify(changes.appMetadata) : null,
          changes.emailConfirmed === true,
          changes.bannedUntil !== undefined,
          changes.bannedUntil ?? null,
          changes.email ?? null,
        ],
      )
      if (rowCount === 1 && changes.email !== undefined)
        await client.query(
          `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text),
             updated_at = now()
           where user_id = $1 and provider = 'email'`,
          [id, changes.email],
        )
      return rowCount === 1
    })
    const row = updated ? await findUserById(pool, id) : undefined
    if (!row) throw new AuthError(404, 'user_not_found', 'User not found')
    return row
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new AuthError(
        422,
        'email_exists',
        'A user with this email address has already been registered',
      )
    throw error
  }
}
