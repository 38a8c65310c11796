// The admin endpoints a trusted script uses (auth-js `auth.admin`): create, list, read,
// update and delete users, with a service_role token, as Supabase Auth's requireAdmin checks.
import bcrypt from 'bcryptjs'
import { goDurationSeconds } from '../duration'
import { AuthError, badRequest, forbidden } from './errors'
import type { AuthContext, AuthRequest, Result } from './request'
import {
  BCRYPT_COST,
  DEFAULT_AUD,
  bearerClaims,
  checkPassword,
  isObject,
  jsonBody,
  text,
  validateEmail,
} from './request'
import type { AdminChanges } from './store'
import { adminUpdateUser, deleteUser, findUserById, insertUser, listUsers } from './store'
import { userJson } from './user'

/** config.toml has no [auth] admin roles; GoTrue's default list. */
const ADMIN_ROLES = ['service_role', 'supabase_admin']

export async function requireAdmin(req: AuthRequest, ctx: AuthContext): Promise<void> {
  const claims = await bearerClaims(req, ctx)
  if (!ADMIN_ROLES.includes(String(claims.role))) throw forbidden('not_admin', 'User not allowed')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Go durations as ban_duration takes them ("24h", "90m", "1h30m"), or "none". */
function banUntil(value: unknown): Date | null | undefined {
  if (value === undefined || value === '') return undefined
  if (value === 'none') return null
  const seconds = typeof value === 'string' ? goDurationSeconds(value) : undefined
  if (seconds === undefined)
    throw badRequest(
      'validation_failed',
      `invalid format for ban duration: ${JSON.stringify(value)}`,
    )
  return new Date(Date.now() + seconds * 1000)
}

async function createUser(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const body = jsonBody(req)
  if (text(body.email).trim() === '' && text(body.phone) === '')
    throw badRequest('validation_failed', 'Cannot create a user without either an email or phone')
  if (text(body.email).trim() === '')
    throw badRequest('validation_failed', 'Phone users are not supported locally')
  const email = validateEmail(text(body.email))
  const password = text(body.password)
  if (password !== '') checkPassword(password)
  const user = await insertUser(ctx.pool, {
    email,
    passwordHash: password === '' ? '' : await bcrypt.hash(password, BCRYPT_COST),
    emailConfirmed: body.email_confirm === true,
    invited: false,
    userMetadata: isObject(body.user_metadata) ? body.user_metadata : {},
    appMetadata: isObject(body.app_metadata) ? body.app_metadata : {},
    aud: DEFAULT_AUD,
  })
  const ban = banUntil(body.ban_duration)
  return {
    status: 200,
    body: userJson(
      ban === undefined ? user : await adminUpdateUser(ctx.pool, user.id, { bannedUntil: ban }),
    ),
  }
}

async function updateUser(id: string, req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const body = jsonBody(req)
  const changes: AdminChanges = {
    email: text(body.email) === '' ? undefined : validateEmail(text(body.email)),
    userMetadata: isObject(body.user_metadata) ? body.user_metadata : undefined,
    appMetadata: isObject(body.app_metadata) ? body.app_metadata : undefined,
    emailConfirmed: body.email_confirm === true,
    bannedUntil: banUntil(body.ban_duration),
  }
  if (body.password !== undefined) {
    const password = text(body.password)
    checkPassword(password)
    changes.passwordHash = await bcrypt.hash(password, BCRYPT_COST)
  }
  return { status: 200, body: userJson(await adminUpdateUser(ctx.pool, id, changes)) }
}

/** GoTrue parses paging with strconv.ParseUint and answers its error. */
function pageParam(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback
  if (!/^\d+$/.test(value))
    throw badRequest(
      'validation_failed',
      `Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`,
    )
  return Number(value)
}

async function list(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const page = Math.max(1, pageParam(req.query.get('page'), 1))
  const perPage = Math.min(1000, Math.max(1, pageParam(req.query.get('per_page'), 50)))
  const { users, total } = await listUsers(ctx.pool, DEFAULT_AUD, page, perPage)
  const last = Math.max(1, Math.ceil(total / perPage))
  const link = (p: number, rel: string) =>
    `</admin/users?page=${p}&per_page=${perPage}>; rel="${rel}"`
  const links = [...(page < last ? [link(page + 1, 'next')] : []), link(last, 'last')]
  return {
    status: 200,
    headers: { 'X-Total-Count': String(total), Link: links.join(', ') },
    body: { users: users.map(userJson), aud: DEFAULT_AUD },
  }
}

/** Routes below /admin/users, or undefined when the path is not one of them. */
export async function adminRoute(
  req: AuthRequest,
  ctx: AuthContext,
  key: string,
): Promise<Result | undefined> {
  const one = /^(GET|PUT|DELETE) \/admin\/users\/([^/]+)$/.exec(key)
  if (key !== 'GET /admin/users' && key !== 'POST /admin/users' && !one) return undefined
  await requireAdmin(req, ctx)
  if (key === 'GET /admin/users') return list(req, ctx)
  if (key === 'POST /admin/users') return createUser(req, ctx)
  const [, method, id = ''] = one ?? []
  if (!UUID.test(id)) throw new AuthError(404, 'user_not_found', 'User not found')
  if (method === 'PUT') return updateUser(id, req, ctx)
  if (method === 'DELETE') {
    if (!(await deleteUser(ctx.pool, id)))
      throw new AuthError(404, 'user_not_found', 'User not found')
    return { status: 200, body: {} }
  }
  const user = await findUserById(ctx.pool, id)
  if (!user) throw new AuthError(404, 'user_not_found', 'User not found')
  return { status: 200, body: userJson(user) }
}
