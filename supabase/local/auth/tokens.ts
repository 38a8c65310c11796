// Tokens Supabase Auth issues: HS256 access tokens with its claims, opaque refresh tokens,
// and the anon / service_role API keys signed with the same secret.
import { randomBytes } from 'node:crypto'
import type { JwtClaims } from '../jwt'
import { signJwt } from '../jwt'
import type { UserRow } from './user'

export interface SessionInfo {
  id: string
  /** When the session was signed into: the `amr` timestamp. */
  createdAt: Date
}

export interface AccessTokenOptions {
  secret: string
  issuer: string
  /** Seconds the token is valid (config.toml auth.jwt_expiry). */
  expiresIn: number
  /** Seconds since the epoch. */
  now: number
}

/** Claims in the order Supabase Auth writes them (internal/api/token.go AccessTokenClaims). */
export function accessTokenClaims(
  user: UserRow,
  session: SessionInfo,
  options: AccessTokenOptions,
): JwtClaims {
  return {
    iss: options.issuer,
    sub: user.id,
    aud: user.aud ?? 'authenticated',
    exp: options.now + options.expiresIn,
    iat: options.now,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: Math.floor(session.createdAt.getTime() / 1000) }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  }
}

export async function issueAccessToken(
  user: UserRow,
  session: SessionInfo,
  options: AccessTokenOptions,
): Promise<{ token: string; expiresAt: number }> {
  const claims = accessTokenClaims(user, session, options)
  return {
    token: await signJwt(claims, options.secret),
    expiresAt: options.now + options.expiresIn,
  }
}

/** Opaque and unguessable, like Supabase Auth's crypto.SecureToken. */
export function newRefreshToken(): string {
  return randomBytes(16).toString('base64url')
}

/** Far-future expiry, as the Supabase CLI's keys have. */
const API_KEY_EXPIRY = 1983812996

/** The API keys: with the CLI's default secret these are byte for byte the CLI's keys. */
export function apiKey(secret: string, role: 'anon' | 'service_role'): Promise<string> {
  return signJwt({ iss: 'supabase-demo', role, exp: API_KEY_EXPIRY }, secret)
}
