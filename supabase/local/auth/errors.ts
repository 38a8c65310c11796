// Supabase Auth's error responses. Clients that send `X-Supabase-Api-Version: 2024-01-01`
// (auth-js does) get `{code, msg}`; older ones `{code: <status>, error_code, msg}`. Pure.

/** An HTTPError of Supabase Auth (internal/api/apierrors). */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields, e.g. `weak_password`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'AuthError'
  }
}

/** An OAuthError: `{error, error_description}`, always 400. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description)
    this.name = 'OAuthError'
  }
}

export const API_VERSION = '2024-01-01'

export const badRequest = (code: string, message: string): AuthError =>
  new AuthError(400, code, message)
export const unprocessable = (code: string, message: string): AuthError =>
  new AuthError(422, code, message)
export const forbidden = (code: string, message: string): AuthError =>
  new AuthError(403, code, message)

export const weakPassword = (): AuthError =>
  new AuthError(422, 'weak_password', 'Password should be at least 6 characters.', {
    weak_password: { reasons: ['length'] },
  })

/** Whether the request opted into the 2024-01-01 error format. */
export function wantsCodes(apiVersionHeader: string | undefined): boolean {
  if (apiVersionHeader === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(apiVersionHeader.trim()))
    return false
  return Date.parse(apiVersionHeader.trim()) >= Date.parse(API_VERSION)
}

export function authErrorBody(
  error: AuthError | OAuthError,
  apiVersionHeader: string | undefined,
): { status: number; body: Record<string, unknown> } {
  if (error instanceof OAuthError)
    return { status: 400, body: { error: error.error, error_description: error.description } }
  const body = wantsCodes(apiVersionHeader)
    ? { code: error.code, msg: error.message, ...error.extra }
    : { code: error.status, error_code: error.code, msg: error.message, ...error.extra }
  return { status: error.status, body }
}
