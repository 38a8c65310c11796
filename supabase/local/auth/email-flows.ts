// Password recovery and invites, as Supabase Auth runs them: a one-time code (and a link
// carrying its hash) goes out by email; /verify trades it once for a session; the user then
// sets a password with PUT /user. Codes are stored hashed, sha224(email + code), as GoTrue does.
import { createHash, randomInt } from 'node:crypto'
import { AuthError, badRequest, forbidden, unprocessable } from './errors'
import type { MailKind } from './mail'
import { composeMail } from './mail'
import type { AuthContext, AuthRequest, Result } from './request'
import {
  DEFAULT_AUD,
  clientInfo,
  isObject,
  jsonBody,
  sessionResponse,
  text,
  validateEmail,
} from './request'
import type { EmailTokenKind } from './store'
import {
  consumeEmailToken,
  createSession,
  findUserByEmail,
  insertUser,
  stampEmailToken,
} from './store'
import { userJson } from './user'

export const tokenHash = (email: string, otp: string): string =>
  createHash('sha224')
    .update(email + otp)
    .digest('hex')

const newOtp = (digits: number): string =>
  Array.from({ length: digits }, () => String(randomInt(10))).join('')

/** redirect_to when it is the site or an allowed URL (config.toml), else the site URL. */
export function allowedRedirect(ctx: AuthContext, wanted: string | null | undefined): string {
  if (!wanted) return ctx.siteUrl
  const ok = [ctx.siteUrl, ...ctx.redirectUrls].some(
    (base) => wanted === base || wanted.startsWith(base.endsWith('/') ? base : `${base}/`),
  )
  return ok ? wanted : ctx.siteUrl
}

async function mailCode(
  ctx: AuthContext,
  userId: string,
  email: string,
  kind: MailKind,
  redirect: string,
): Promise<void> {
  const otp = newOtp(ctx.otpLength)
  const hash = tokenHash(email, otp)
  const column: EmailTokenKind = kind === 'recovery' ? 'recovery' : 'confirmation'
  const { waitSeconds } = await stampEmailToken(
    ctx.pool,
    userId,
    column,
    hash,
    ctx.emailMaxFrequency,
  )
  if (waitSeconds > 0)
    throw new AuthError(
      429,
      'over_email_send_rate_limit',
      `For security purposes, you can only request this after ${waitSeconds} seconds.`,
    )
  const type = kind === 'recovery' ? 'recovery' : 'invite'
  const link = `${ctx.issuer()}/verify?token=${hash}&type=${type}&redirect_to=${encodeURIComponent(redirect)}`
  await ctx.mailer.send(composeMail(kind, email, otp, link))
}

/** POST /recover: 200 {} whether or not the address has a user, so it reveals nothing. */
export async function recover(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const body = jsonBody(req)
  if (text(body.email).trim() === '')
    throw badRequest('validation_failed', 'Password recovery requires an email')
  const email = validateEmail(text(body.email))
  const user = await findUserByEmail(ctx.pool, email, DEFAULT_AUD)
  if (user?.email)
    await mailCode(
      ctx,
      user.id,
      user.email,
      'recovery',
      allowedRedirect(ctx, req.query.get('redirect_to')),
    )
  return { status: 200, body: {} }
}

/** POST /invite (admin): a user without a password, and an email to accept the invite. */
export async function invite(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const body = jsonBody(req)
  const email = validateEmail(text(body.email))
  const data = body.data
  let user = await findUserByEmail(ctx.pool, email, DEFAULT_AUD)
  if (user?.email_confirmed_at)
    throw unprocessable(
      'email_exists',
      'A user with this email address has already been registered',
    )
  user ??= await insertUser(ctx.pool, {
    email,
    passwordHash: '',
    emailConfirmed: false,
    invited: true,
    userMetadata: isObject(data) ? data : {},
    appMetadata: {},
    aud: DEFAULT_AUD,
  })
  await mailCode(ctx, user.id, email, 'invite', allowedRedirect(ctx, req.query.get('redirect_to')))
  const sent = await findUserByEmail(ctx.pool, email, DEFAULT_AUD)
  return { status: 200, body: userJson(sent ?? user) }
}

const EMAIL_TYPES: Record<string, EmailTokenKind> = {
  recovery: 'recovery',
  magiclink: 'recovery',
  signup: 'confirmation',
  invite: 'confirmation',
}

const EXPIRED = 'Token has expired or is invalid'
const LINK_EXPIRED = 'Email link is invalid or has expired'

/** The user id a valid code belongs to, its code now used up; or GoTrue's 403. */
async function verifyCode(
  ctx: AuthContext,
  type: string,
  params: { email: string; token: string; tokenHash: string },
): Promise<string> {
  const kinds: EmailTokenKind[] =
    type === 'email' ? ['confirmation', 'recovery'] : EMAIL_TYPES[type] ? [EMAIL_TYPES[type]] : []
  if (kinds.length === 0) throw badRequest('validation_failed', 'Unsupported verification type')
  if (params.tokenHash !== '') {
    for (const kind of kinds) {
      const id = await consumeEmailToken(ctx.pool, kind, params.tokenHash, ctx.otpExpiry)
      if (id) return id
    }
    throw forbidden('otp_expired', LINK_EXPIRED)
  }
  const user = await findUserByEmail(ctx.pool, params.email, DEFAULT_AUD)
  if (!user?.email) throw forbidden('otp_expired', EXPIRED)
  if (user.banned_until && user.banned_until > new Date())
    throw forbidden('user_banned', 'User is banned')
  const hash = tokenHash(user.email, params.token)
  for (const kind of kinds) {
    const id = await consumeEmailToken(ctx.pool, kind, hash, ctx.otpExpiry, user.id)
    if (id) return id
  }
  throw forbidden('otp_expired', EXPIRED)
}

/** POST /verify, as auth-js verifyOtp sends it: {email, token, type} or {token_hash, type}. */
export async function verifyPost(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const body = jsonBody(req)
  const type = text(body.type)
  const token = text(body.token)
  const hash = text(body.token_hash)
  const email = text(body.email).trim().toLowerCase()
  if (type === '') throw badRequest('validation_failed', 'Verify requires a verification type')
  if (token === '' && hash === '')
    throw badRequest('validation_failed', 'Verify requires a token or a token hash')
  if (token !== '' && hash !== '')
    throw badRequest('validation_failed', 'Verify requires either a token or a token hash')
  if (hash !== '' && email !== '')
    throw badRequest('validation_failed', 'Only the token_hash and type should be provided')
  if (token !== '' && email === '')
    throw badRequest(
      'validation_failed',
      'Only an email address or phone number should be provided on verify',
    )
  const id = await verifyCode(ctx, type, { email, token, tokenHash: hash })
  return sessionResponse(await createSession(ctx.pool, id, clientInfo(req)), ctx)
}

/** GET /verify, the link in the email: a redirect carrying the session in the fragment. */
export async function verifyLink(req: AuthRequest, ctx: AuthContext): Promise<Result> {
  const type = req.query.get('type') ?? ''
  const redirect = allowedRedirect(ctx, req.query.get('redirect_to'))
  try {
    const id = await verifyCode(ctx, type, {
      email: '',
      token: '',
      tokenHash: req.query.get('token') ?? '',
    })
    const session = await sessionResponse(await createSession(ctx.pool, id, clientInfo(req)), ctx)
    const s = session.body as Record<string, string | number>
    const fragment = new URLSearchParams({
      access_token: String(s.access_token),
      expires_at: String(s.expires_at),
      expires_in: String(s.expires_in),
      refresh_token: String(s.refresh_token),
      token_type: 'bearer',
      type,
    })
    return { status: 303, headers: { Location: `${redirect}#${fragment}` } }
  } catch (error) {
    if (!(error instanceof AuthError)) throw error
    const fragment = new URLSearchParams({
      error: error.status === 403 ? 'access_denied' : 'invalid_request',
      error_code: error.code,
      error_description: error.message,
    })
    return { status: 303, headers: { Location: `${redirect}#${fragment}` } }
  }
}
