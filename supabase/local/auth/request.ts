// What every Auth route shares: the request and context types, body parsing, the session
// answer, and Supabase Auth's requireAuthentication.
import type pg from 'pg'
import type { JwtClaims, JwtFailure } from '../jwt'
import { nowSeconds, verifyJwt } from '../jwt'
import { AuthError, badRequest, forbidden, weakPassword } from './errors'
import type { Mailer } from './mail'
import type { ClientInfo, Grant } from './store'
import { findUserById, sessionExists } from './store'
import { issueAccessToken } from './tokens'
import type { UserRow } from './user'
import { userJson } from './user'

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
  /** config.toml auth.enable_anonymous_sign_ins. */
  enableAnonymousSignIns: boolean
  /** Where links in emails lead when no allowed redirect_to is given. */
  siteUrl: string
  /** Other allowed redirect_to targets (config.toml auth.additional_redirect_urls). */
  redirectUrls: readonly string[]
  /** config.toml [auth.email]: seconds between two emails to a user, one-time code length and lifetime. */
  emailMaxFrequency: number
  otpLength: number
  otpExpiry: number
  mailer: Mailer
}

export const MIN_PASSWORD_LENGTH = 6
export const BCRYPT_COST = 10
export const DEFAULT_AUD = 'authenticated'

export interface Result {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export function jsonBody(req: AuthRequest): Record<string, unknown> {
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

export const text = (value: unknown): string => (typeof value === 'string' ? value : '')

export function clientInfo(req: AuthRequest): ClientInfo {
  return { userAgent: req.headers['user-agent'], ip: req.ip }
}

export async function sessionResponse(grant: Grant, ctx: AuthContext): Promise<Result> {
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

export interface Authenticated {
  user: UserRow
  claims: JwtClaims
  sessionId: string | undefined
}

/** Supabase Auth's requireAuthentication: a valid user token whose user and session exist. */
/** The verified claims of the request's bearer token, or Supabase Auth's 401/403 for it. */
export async function bearerClaims(req: AuthRequest, ctx: AuthContext): Promise<JwtClaims> {
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  if (!bearer?.[1])
    throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  const result = await verifyJwt(bearer[1], ctx.jwtSecret, { now: nowSeconds(), skewSeconds: 0 })
  if (!result.ok)
    throw forbidden(
      'bad_jwt',
      `invalid JWT: unable to parse or verify signature, ${jwtReason(result.failure)}`,
    )
  return result.claims
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export async function authenticate(req: AuthRequest, ctx: AuthContext): Promise<Authenticated> {
  const claims = await bearerClaims(req, ctx)
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

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw weakPassword()
}

/** badoux/checkmail's format check, which Supabase Auth's validateEmail runs. */
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/** Supabase Auth's validateEmail: the address lower-cased, or its 400. */
export function validateEmail(raw: string): string {
  const email = raw.trim()
  if (email === '') throw badRequest('validation_failed', 'An email address is required')
  if (email.length > 255) throw badRequest('validation_failed', 'An email address is too long')
  if (!EMAIL_FORMAT.test(email))
    throw badRequest('validation_failed', 'Unable to validate email address: invalid format')
  return email.toLowerCase()
}
