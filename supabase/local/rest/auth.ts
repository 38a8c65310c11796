// Who a REST request runs as, decided like PostgREST: the JWT's `role` claim, the anon role
// without a token, 401 for a token that fails verification.
import type { JwtClaims } from '../jwt'
import { verifyJwt } from '../jwt'
import { jwtError } from './errors'

export interface RequestRole {
  role: string
  /** The claims PostgREST puts in request.jwt.claims, `role` always included. */
  claims: JwtClaims
  /** PostgREST's `authed`: not the anon role (decides 401 or 403 for SQLSTATE 42501). */
  authed: boolean
}

const CLOCK_SKEW_SECONDS = 30

export async function resolveRole(
  authorization: string | undefined,
  secret: string,
  anonRole: string,
  now: number,
): Promise<RequestRole> {
  const bearer =
    authorization === undefined ? null : /^bearer(?:\s+(.*))?$/i.exec(authorization.trim())
  if (!bearer) return { role: anonRole, claims: { role: anonRole }, authed: false }
  const result = await verifyJwt(bearer[1] ?? '', secret, { now, skewSeconds: CLOCK_SKEW_SECONDS })
  if (!result.ok) throw jwtError(result.failure)
  const role = typeof result.claims.role === 'string' ? result.claims.role : anonRole
  return { role, claims: { ...result.claims, role }, authed: role !== anonRole }
}
