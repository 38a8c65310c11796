import { base64url, compactVerify, SignJWT } from 'jose'

export type JwtClaims = Record<string, unknown>

/** Why a token was refused; the REST and Auth handlers each word it their upstream's way. */
export type JwtFailure =
  | { kind: 'empty' }
  | { kind: 'parts'; count: number }
  | { kind: 'malformed' }
  | { kind: 'algorithm'; alg: string }
  | { kind: 'signature' }
  | { kind: 'claim-type'; claim: 'exp' | 'nbf' | 'iat' | 'aud' }
  | { kind: 'expired' }
  | { kind: 'not-yet-valid' }
  | { kind: 'issued-in-future' }

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; failure: JwtFailure }

export interface VerifyOptions {
  /** Seconds since the epoch. */
  now: number
  /** PostgREST tolerates 30 s of clock skew; GoTrue none. */
  skewSeconds: number
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function decodeJson(part: string): unknown {
  return JSON.parse(decoder.decode(base64url.decode(part)))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks an HS256 token against the shared secret, then its time claims. */
export async function verifyJwt(
  token: string,
  secret: string,
  options: VerifyOptions,
): Promise<JwtResult> {
  const fail = (failure: JwtFailure): JwtResult => ({ ok: false, failure })
  if (token.trim() === '') return fail({ kind: 'empty' })
  const parts = token.split('.')
  if (parts.length !== 3) return fail({ kind: 'parts', count: parts.length })
  let header: unknown
  try {
    header = decodeJson(parts[0] ?? '')
  } catch {
    return fail({ kind: 'malformed' })
  }
  if (!isObject(header)) return fail({ kind: 'malformed' })
  if (header.alg !== 'HS256') return fail({ kind: 'algorithm', alg: String(header.alg) })
  let payload: Uint8Array
  try {
    payload = (await compactVerify(token, encoder.encode(secret), { algorithms: ['HS256'] }))
      .payload
  } catch {
    return fail({ kind: 'signature' })
  }
  let claims: unknown
  try {
    claims = JSON.parse(decoder.decode(payload))
  } catch {
    return fail({ kind: 'malformed' })
  }
  if (!isObject(claims)) return fail({ kind: 'malformed' })
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (claims[claim] !== undefined && typeof claims[claim] !== 'number')
      return fail({ kind: 'claim-type', claim })
  }
  const aud = claims.aud
  if (
    aud !== undefined &&
    typeof aud !== 'string' &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))
  )
    return fail({ kind: 'claim-type', claim: 'aud' })
  const { now, skewSeconds } = options
  if (typeof claims.exp === 'number' && now > claims.exp + skewSeconds)
    return fail({ kind: 'expired' })
  if (typeof claims.nbf === 'number' && now + skewSeconds < claims.nbf)
    return fail({ kind: 'not-yet-valid' })
  if (typeof claims.iat === 'number' && now + skewSeconds < claims.iat)
    return fail({ kind: 'issued-in-future' })
  return { ok: true, claims }
}

/** Signs claims as given, in their order, with the header Supabase's tokens carry. */
export async function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(encoder.encode(secret))
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)
