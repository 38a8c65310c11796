// `/auth/v1`: the part of Supabase Auth (GoTrue) that auth-js uses for email and password
// sessions: sign-in, refresh, user, logout, sign-up, settings, health.
import bcrypt from 'bcryptjs'
import type pg from 'pg'
import type { JwtClaims, JwtFailure } from '../jwt'
import { nowSeconds, verifyJwt } from '../jwt'
import {
  API_VERSION,
  AuthError,
  OAuthError,
  authErrorBody,
  badRequest,
  forbidden,
  unprocessable,
  weakPassword,
} from './errors'
import type { ClientInfo, Grant } from './store'
import {
  createSession,
  createUser,
  findUserByEmail,
  findUserById,
  logout,
  refreshSession,
  sessionExists,
  updateUser,
} from './store'
import { issueAccessToken } from './tokens'
import type { UserRow } from './user'
import { isBanned, userJson } from './user'

export interface AuthRequest {
  method: string
  /** The path below /auth/v1, e.g. `/token`. */
  path: string
  query: URLSearchParams
  /** Lower-cased names. */
  headers: Record<string, string>
  body: string
  ip: string | undefined
}

export interface AuthResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface AuthContext {
  /** A superuser pool: Auth's own database role, not a request role. */
  pool: pg.Pool
  jwtSecret: string
  /** The `iss` claim: `<url>/auth/v1`. */
  issuer(): string
  jwtExpiry: number
  refreshTokenReuseInterval: number
  enableSignup: boolean
}

const MIN_PASSWORD_LENGTH = 6
const BCRYPT_COST = 10
const DEFAULT_AUD = 'authenticated'

export async function handleAuth(req: AuthRequest, ctx: AuthContext): Promise<AuthResponse> {
  try {
    const { status, body } = await route(req, ctx)
    return respond(status, body)
  } catch (error) {
    if (error instanceof AuthError || error instanceof OAuthError) {
      const { status, body } = authErrorBody(error, req.headers['x-supabase-api-version'])
      return respond(status, body)
    }
    const message = error instanceof Error ? error.message : String(error)
    const { status, body } = authErrorBody(
      new AuthError(500, 'unexpected_failure', message),
      req.headers['x-supabase-api-version'],
    )
    return respond(status, body)
  }
}

function respond(status: number, body: unknown): AuthResponse {
  return {
    status,
    headers: {
      'Content-Type': 'application/json',
      'X-Supabase-Api-Version': API_VERSION,
    },
    body: body === undefined ? '' : JSON.stringify(body),
  }
}

interface Result {
  status: number
  body?: unknown
}

async function route(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const key = `${req.method} ${req.path.replace(/\/+$/, '') || '/'}`
  switch (key) {
    case 'GET /health':
      return {
        status: 200,
        body: {
          version: 'local',
          name: 'GoTrue',
          description: 'GoTrue is a user registration and authentication API',
        },
      }
    case 'GET /settings':
      return { status: 200, body: settings(ctx) }
    case 'POST /token':
      return token(req, ctx)
    case 'GET /user':
      return { status: 200, body: userJson((await authenticate(req, ctx)).user) }
    case 'PUT /user':
      return putUser(req, ctx)
    case 'POST /logout':
      return signOut(req, ctx)
    case 'POST /signup':
      return signUp(req, ctx)
    default:
      throw new AuthError(
        404,
        'not_found',
        `${req.method} /auth/v1${req.path} is not implemented by the local server`,
      )
  }
}

function settings(ctx: AuthContext): Record<string, unknown> {
  const providers = [
    'anonymous_users',
    'apple',
    'azure',
    'bitbucket',
    'discord',
    'facebook',
    'figma',
    'fly',
    'github',
    'gitlab',
    'google',
    'keycloak',
    'kakao',
    'linkedin',
    'linkedin_oidc',
    'notion',
    'spotify',
    'slack',
    'slack_oidc',
    'workos',
    'twitch',
    'twitter',
    'phone',
    'zoom',
  ]
  return {
    external: { ...Object.fromEntries(providers.map((p) => [p, false])), email: true },
    disable_signup: !ctx.enableSignup,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
  }
}

function jsonBody(req: AuthRequest): Record<string, unknown> {
  if (req.body.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(req.body)
  } catch (error) {
    throw badRequest(
      'bad_json',
      `Could not parse request body as JSON: ${(error as Error).message}`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('bad_json', 'Could not parse request body as JSON: expected an object')
  return value as Record<string, unknown>
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

function clientInfo(req: AuthRequest): ClientInfo {
  return { userAgent: req.headers['user-agent'], ip: req.ip }
}

async function sessionResponse(grant: Grant, ctx: AuthContext): Promise<Result> {
  const { token, expiresAt } = await issueAccessToken(
    grant.user,
    { id: grant.session.id, createdAt: grant.session.created_at },
    { secret: ctx.jwtSecret, issuer: ctx.issuer(), expiresIn: ctx.jwtExpiry, now: nowSeconds() },
  )
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'bearer',
      expires_in: ctx.jwtExpiry,
      expires_at: expiresAt,
      refresh_token: grant.refreshToken,
      user: userJson(grant.user),
    },
  }
}

async function token(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const grantType = req.query.get('grant_type')
  if (grantType === 'password') return passwordGrant(req, ctx)
  if (grantType === 'refresh_token') {
    const refreshToken = text(jsonBody(req).refresh_token)
    if (refreshToken === '') throw new OAuthError('invalid_request', 'refresh_token required')
    const grant = await refreshSession(
      ctx.pool,
      refreshToken,
      ctx.refreshTokenReuseInterval,
      clientInfo(req),
    )
    return sessionResponse(grant, ctx)
  }
  throw badRequest('invalid_credentials', 'unsupported_grant_type')
}

const INVALID_LOGIN = 'Invalid login credentials'

async function passwordGrant(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const body = jsonBody(req)
  const email = text(body.email)
  const password = text(body.password)
  if (email !== '' && text(body.phone) !== '')
    throw unprocessable(
      'validation_failed',
      'Only an email address or phone number should be provided on login.',
    )
  if (text(body.phone) !== '')
    throw unprocessable('phone_provider_disabled', 'Phone logins are disabled')
  if (email === '') throw badRequest('validation_failed', 'missing email or phone')
  const user = await findUserByEmail(ctx.pool, email, DEFAULT_AUD)
  if (!user?.encrypted_password) throw badRequest('invalid_credentials', INVALID_LOGIN)
  if (isBanned(user, new Date())) throw badRequest('user_banned', 'User is banned')
  if (!(await bcrypt.compare(password, user.encrypted_password)))
    throw badRequest('invalid_credentials', INVALID_LOGIN)
  if (user.email_confirmed_at === null)
    throw badRequest('email_not_confirmed', 'Email not confirmed')
  return sessionResponse(await createSession(ctx.pool, user.id, clientInfo(req)), ctx)
}

/** golang-jwt's wording, which Supabase Auth puts after "invalid JWT: ...". */
function jwtReason(failure: JwtFailure): string {
  switch (failure.kind) {
    case 'expired':
      return 'token has invalid claims: token is expired'
    case 'not-yet-valid':
      return 'token has invalid claims: token is not valid yet'
    case 'issued-in-future':
      return 'token has invalid claims: token used before issued'
    case 'signature':
      return 'token signature is invalid: signature is invalid'
    case 'algorithm':
      return `token is unverifiable: error while executing keyfunc: unexpected signing method: ${failure.alg}`
    default:
      return 'token is malformed: could not parse the token'
  }
}

interface Authenticated {
  user: UserRow
  claims: JwtClaims
  sessionId: string | undefined
}

/** Supabase Auth's requireAuthentication: a valid user token whose user and session exist. */
async function authenticate(req: AuthRequest, ctx: AuthContext): Promise<Authenticated> {
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  if (!bearer?.[1])
    throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  const result = await verifyJwt(bearer[1], ctx.jwtSecret, { now: nowSeconds(), skewSeconds: 0 })
  if (!result.ok)
    throw forbidden(
      'bad_jwt',
      `invalid JWT: unable to parse or verify signature, ${jwtReason(result.failure)}`,
    )
  const { claims } = result
  if (typeof claims.sub !== 'string' || claims.sub === '')
    throw forbidden('bad_jwt', 'invalid claim: missing sub claim')
  const user = /^[0-9a-f-]{36}$/i.test(claims.sub)
    ? await findUserById(ctx.pool, claims.sub)
    : undefined
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist')
  const sessionId =
    typeof claims.session_id === 'string' && claims.session_id !== ''
      ? claims.session_id
      : undefined
  if (
    sessionId !== undefined &&
    !(/^[0-9a-f-]{36}$/i.test(sessionId) && (await sessionExists(ctx.pool, sessionId)))
  )
    throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist')
  return { user, claims, sessionId }
}

async function signOut(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const scope = req.query.get('scope') ?? 'global'
  if (scope !== 'global' && scope !== 'local' && scope !== 'others')
    throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`)
  const { user, sessionId } = await authenticate(req, ctx)
  await logout(ctx.pool, user.id, sessionId, scope)
  return { status: 204 }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw weakPassword()
}

async function putUser(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const { user } = await authenticate(req, ctx)
  const body = jsonBody(req)
  const email = text(body.email)
  const phone = text(body.phone)
  if (
    (email !== '' && email.toLowerCase() !== user.email) ||
    (phone !== '' && phone !== user.phone)
  )
    throw unprocessable(
      'validation_failed',
      'Changing the email address or phone number is not supported by the local server',
    )
  let passwordHash: string | undefined
  if (body.password !== undefined) {
    const password = text(body.password)
    checkPassword(password)
    if (user.encrypted_password && (await bcrypt.compare(password, user.encrypted_password)))
      throw unprocessable(
        'same_password',
        'New password should be different from the old password.',
      )
    passwordHash = await bcrypt.hash(password, BCRYPT_COST)
  }
  const data = body.data
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data)))
    throw badRequest('validation_failed', 'data must be a JSON object')
  const updated = await updateUser(ctx.pool, user.id, {
    passwordHash,
    data: data as Record<string, unknown> | undefined,
  })
  return { status: 200, body: userJson(updated) }
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

async function signUp(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  if (!ctx.enableSignup)
    throw unprocessable('signup_disabled', 'Signups not allowed for this instance')
  const body = jsonBody(req)
  const email = text(body.email).trim()
  const password = text(body.password)
  if (text(body.phone) !== '')
    throw unprocessable('phone_provider_disabled', 'Phone signups are disabled')
  if (email === '') throw unprocessable('validation_failed', 'To signup, please provide your email')
  if (password === '') throw unprocessable('validation_failed', 'Signup requires a valid password')
  if (!EMAIL.test(email))
    throw badRequest('email_address_invalid', 'Unable to validate email address: invalid format')
  checkPassword(password)
  const data = body.data
  const user = await createUser(ctx.pool, {
    email,
    passwordHash: await bcrypt.hash(password, BCRYPT_COST),
    userMetadata:
      typeof data === 'object' && data !== null && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : {},
    aud: DEFAULT_AUD,
  })
  // Confirmations are off (config.toml), so the new user is signed in at once.
  return sessionResponse(await createSession(ctx.pool, user.id, clientInfo(req)), ctx)
}
