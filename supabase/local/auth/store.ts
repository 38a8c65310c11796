// Sessions, rotating refresh tokens and users in the auth schema, kept the way Supabase Auth
// keeps them (internal/models). Runs on a superuser connection, like Auth's own admin role.
import type pg from 'pg'
import { AuthError, badRequest } from './errors'
import { newRefreshToken } from './tokens'
import type { UserRow } from './user'

const USER_COLUMNS = `id, aud, role, email, phone, encrypted_password, email_confirmed_at,
  phone_confirmed_at, confirmed_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at, banned_until, is_anonymous`

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

export async function findUserByEmail(
  db: pg.Pool | pg.PoolClient,
  email: string,
  aud: string,
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users
     where lower(email) = lower($1) and aud = $2 and deleted_at is null`,
    [email, aud],
  )
  return rows[0]
}

export async function findUserById(
  db: pg.Pool | pg.PoolClient,
  id: string,
): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`,
    [id],
  )
  return rows[0]
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

export async function createUser(pool: pg.Pool, user: NewUser): Promise<UserRow> {
  try {
    const { rows } = await pool.query<UserRow>(
      `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values (gen_random_uuid(), $1, 'authenticated', lower($2), $3, now(),
         '{"provider": "email", "providers": ["email"]}', $4, now(), now())
       returning ${USER_COLUMNS}`,
      [user.aud, user.email, user.passwordHash, JSON.stringify(user.userMetadata)],
    )
    const row = rows[0]
    if (!row) throw new Error('user insert returned no row')
    return row
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
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
  const { rows } = await pool.query<UserRow>(
    `update auth.users set
       encrypted_password = coalesce($2, encrypted_password),
       raw_user_meta_data = (coalesce(raw_user_meta_data, '{}') || $3::jsonb) - $4::text[],
       updated_at = now()
     where id = $1
     returning ${USER_COLUMNS}`,
    [id, changes.passwordHash ?? null, JSON.stringify(set), removed],
  )
  const row = rows[0]
  if (!row) throw new AuthError(404, 'user_not_found', 'User not found')
  return row
}
