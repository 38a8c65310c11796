// `/auth/v1`: the part of Supabase Auth (GoTrue) that auth-js uses for email and password
// sessions: sign-in, refresh, user, logout, sign-up, settings, health.
import bcrypt from 'bcryptjs'
import { adminRoute, requireAdmin } from './admin'
import { invite, recover, verifyLink, verifyPost } from './email-flows'
import {
  API_VERSION,
  AuthError,
  OAuthError,
  authErrorBody,
  badRequest,
  unprocessable,
} from './errors'
import type { AuthContext, AuthRequest, AuthResponse, Result } from './request'
import {
  BCRYPT_COST,
  DEFAULT_AUD,
  authenticate,
  checkPassword,
  clientInfo,
  jsonBody,
  sessionResponse,
  text,
  validateEmail,
} from './request'
import {
  createSession,
  createUser,
  findUserByEmail,
  logout,
  refreshSession,
  updateUser,
} from './store'
import { isBanned, userJson } from './user'

export type { AuthContext, AuthRequest, AuthResponse } from './request'

export async function handleAuth(req: AuthRequest, ctx: AuthContext): Promise<AuthResponse> {
  try {
    const { status, body, headers } = await route(req, ctx)
    return respond(status, body, headers)
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

function respond(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): AuthResponse {
  return {
    status,
    headers: {
      'Content-Type': 'application/json',
      'X-Supabase-Api-Version': API_VERSION,
      ...headers,
    },
    body: body === undefined ? '' : JSON.stringify(body),
  }
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
    case 'POST /recover':
      return recover(req, ctx)
    case 'POST /verify':
      return verifyPost(req, ctx)
    case 'GET /verify':
      return verifyLink(req, ctx)
    case 'POST /invite':
      await requireAdmin(req, ctx)
      return invite(req, ctx)
    default: {
      const admin = await adminRoute(req, ctx, key)
      if (admin) return admin
      throw new AuthError(
        404,
        'not_found',
        `${req.method} /auth/v1${req.path} is not implemented by the local server`,
      )
    }
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
    external: {
      ...Object.fromEntries(providers.map((p) => [p, false])),
      anonymous_users: ctx.enableAnonymousSignIns,
      email: true,
    },
    disable_signup: !ctx.enableSignup,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
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
  const user = await findUserByEmail(ctx.pool, email, DEFAULT_AUD).catch((error: unknown) => {
    // Supabase Auth's wording for a user row it cannot load at sign-in (supabase/auth#1940).
    if (error instanceof AuthError && error.status === 500)
      throw new AuthError(500, 'unexpected_failure', 'Database error querying schema')
    throw error
  })
  if (!user?.encrypted_password) throw badRequest('invalid_credentials', INVALID_LOGIN)
  if (isBanned(user, new Date())) throw badRequest('user_banned', 'User is banned')
  if (!(await bcrypt.compare(password, user.encrypted_password)))
    throw badRequest('invalid_credentials', INVALID_LOGIN)
  if (user.email_confirmed_at === null)
    throw badRequest('email_not_confirmed', 'Email not confirmed')
  return sessionResponse(await createSession(ctx.pool, user.id, clientInfo(req)), ctx)
}

async function signOut(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const scope = req.query.get('scope') ?? 'global'
  if (scope !== 'global' && scope !== 'local' && scope !== 'others')
    throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`)
  const { user, sessionId } = await authenticate(req, ctx)
  await logout(ctx.pool, user.id, sessionId, scope)
  return { status: 204 }
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

async function signUp(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const body = jsonBody(req)
  const email = text(body.email).trim()
  const password = text(body.password)
  // Supabase Auth's router reads a sign-up without email and phone as an anonymous sign-in,
  // before it looks at whether sign-ups are allowed.
  if (email === '' && text(body.phone) === '') {
    if (!ctx.enableAnonymousSignIns)
      throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled')
    throw unprocessable(
      'anonymous_provider_disabled',
      'Anonymous sign-ins are not implemented by the local server',
    )
  }
  if (!ctx.enableSignup)
    throw unprocessable('signup_disabled', 'Signups not allowed for this instance')
  if (text(body.phone) !== '')
    throw unprocessable('phone_provider_disabled', 'Phone signups are disabled')
  if (password === '') throw unprocessable('validation_failed', 'Signup requires a valid password')
  validateEmail(email)
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
