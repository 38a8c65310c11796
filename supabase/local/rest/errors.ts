// PostgREST's error responses: its own PGRSTxxx errors and the SQLSTATE → HTTP status mapping
// (PostgREST.Error). Pure, so the mapping is unit-tested without a database.
import type { JwtFailure } from '../jwt'

export interface ErrorBody {
  code: string
  message: string
  /** PGRST201 lists the candidate relationships here. */
  details: string | null | Array<Record<string, string>>
  hint: string | null
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message)
    this.name = 'ApiError'
  }
}

function pgrst(
  status: number,
  code: string,
  message: string,
  details: ErrorBody['details'] = null,
  hint: string | null = null,
): ApiError {
  return new ApiError(status, { code, message, details, hint })
}

export const queryParamError = (message: string, details: string): ApiError =>
  pgrst(400, 'PGRST100', message, details)

export const invalidRpcMethod = (method: string): ApiError =>
  pgrst(405, 'PGRST101', `Cannot use the ${method} method on RPC`)

export const invalidBody = (message: string): ApiError => pgrst(400, 'PGRST102', message)

/**
 * What hosted answers to an update or delete without a filter: Supabase preloads pg-safeupdate
 * for `authenticator`, which refuses the statement (21000), and PostgREST maps that to 400.
 */
export const requiresWhere = (verb: 'UPDATE' | 'DELETE'): ApiError =>
  pgrst(400, '21000', `${verb} requires a WHERE clause`)

export const invalidRange = (details: string): ApiError =>
  pgrst(416, 'PGRST103', 'Requested range not satisfiable', details)

export const unacceptableSchema = (schema: string, exposed: readonly string[]): ApiError =>
  pgrst(
    406,
    'PGRST106',
    `Invalid schema: ${schema}`,
    null,
    `Only the following schemas are exposed: ${exposed.join(', ')}`,
  )

export const mediaTypeError = (types: readonly string[]): ApiError =>
  pgrst(406, 'PGRST107', `None of these media types are available: ${types.join(', ')}`)

/** `aliased`: the embed's name and the alias filters must use instead. */
export const notEmbedded = (resource: string, aliased?: readonly [string, string]): ApiError =>
  pgrst(
    400,
    'PGRST108',
    `'${resource}' is not an embedded resource in this request`,
    aliased ? 'Target names are not allowed in filters if they have an alias' : null,
    aliased
      ? `Change '${aliased[0]}' to '${aliased[1]}' in filters, orders or limits.`
      : `Verify that '${resource}' is included in the 'select' query parameter.`,
  )

export const singularityError = (rows: number): ApiError =>
  pgrst(
    406,
    'PGRST116',
    'Cannot coerce the result to a single JSON object',
    `The result contains ${rows} rows`,
  )

export const unsupportedMethod = (method: string): ApiError =>
  pgrst(405, 'PGRST117', `Unsupported HTTP method: ${method}`)

export const invalidPreferences = (preferences: readonly string[]): ApiError =>
  pgrst(
    400,
    'PGRST122',
    'Invalid preferences given with handling=strict',
    `Invalid preferences: ${preferences.join(', ')}`,
  )

export const aggregatesNotAllowed = (): ApiError =>
  pgrst(400, 'PGRST123', 'Use of aggregate functions is not allowed')

export const maxAffectedViolation = (rows: number): ApiError =>
  pgrst(
    400,
    'PGRST124',
    'Query result exceeds max-affected preference constraint',
    `The query affects ${rows} rows`,
  )

export const invalidResourcePath = (): ApiError =>
  pgrst(404, 'PGRST125', 'Invalid path specified in request URL')

/** What the local server deliberately does not do: said plainly, never approximated. */
export const maxAffectedRpcViolation = (): ApiError =>
  pgrst(
    400,
    'PGRST128',
    'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
  )

export const notImplemented = (details: string): ApiError =>
  pgrst(400, 'PGRST127', 'Feature not implemented', details)

/** Error.NoRpc; `body` is how the request sent its arguments (routines.RpcBody). */
export const noRpc = (
  schema: string,
  name: string,
  argumentKeys: readonly string[],
  body: 'none' | 'json' | 'text' | 'xml' | 'bytea',
  hint: string | null,
): ApiError => {
  const fn = `${schema}.${name}`
  const list = argumentKeys.join(', ')
  const onlySingle = body === 'text' || body === 'xml' || body === 'bytea'
  const params = (p: string) => (argumentKeys.length === 0 ? ' without parameters' : p)
  const message = `Could not find the function ${fn}${onlySingle ? '' : params(`(${list})`)} in the schema cache`
  const searched = params(` with parameter${argumentKeys.length > 1 ? 's' : ''} ${list}`)
  const how = onlySingle
    ? ` with a single unnamed ${body} parameter`
    : body === 'json'
      ? `${searched} or with a single unnamed json/jsonb parameter`
      : searched
  return pgrst(
    404,
    'PGRST202',
    message,
    `Searched for the function ${fn}${how}, but no matches were found in the schema cache.`,
    onlySingle ? null : hint,
  )
}

export const ambiguousRpc = (candidates: readonly string[]): ApiError =>
  pgrst(
    300,
    'PGRST203',
    `Could not choose the best candidate function between: ${candidates.join(', ')}`,
    null,
    'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
  )

export const noRelationship = (
  schema: string,
  from: string,
  to: string,
  embedHint: string | undefined,
  perhaps: string | null,
): ApiError =>
  pgrst(
    400,
    'PGRST200',
    `Could not find a relationship between '${from}' and '${to}' in the schema cache`,
    `Searched for a foreign key relationship between '${from}' and '${to}${embedHint === undefined ? '' : `' using the hint '${embedHint}`}' in the schema '${schema}', but no matches were found.`,
    perhaps === null ? null : `Perhaps you meant '${perhaps}' instead of '${to}'.`,
  )

export interface RelationshipCandidate {
  cardinality: string
  embedding: string
  relationship: string
  /** `name!hint` that picks this one. */
  hinted: string
}

export const ambiguousRelationship = (
  from: string,
  to: string,
  candidates: readonly RelationshipCandidate[],
): ApiError =>
  pgrst(
    300,
    'PGRST201',
    `Could not embed because more than one relationship was found for '${from}' and '${to}'`,
    candidates.map(({ cardinality, embedding, relationship }) => ({
      cardinality,
      embedding,
      relationship,
    })),
    `Try changing '${to}' to one of the following: ${candidates.map((c) => `'${c.hinted}'`).join(', ')}. Find the desired relationship in the 'details' key.`,
  )

export const columnNotFound = (relation: string, column: string): ApiError =>
  pgrst(
    400,
    'PGRST204',
    `Could not find the '${column}' column of '${relation}' in the schema cache`,
  )

export const tableNotFound = (schema: string, relation: string, hint: string | null): ApiError =>
  pgrst(
    404,
    'PGRST205',
    `Could not find the table '${schema}.${relation}' in the schema cache`,
    null,
    hint,
  )

/** What PostgreSQL itself answers for a column a query names but the relation lacks. */
export const undefinedColumn = (relation: string, column: string): ApiError =>
  pgrst(400, '42703', `column ${relation}.${column} does not exist`)

const JWT_CLAIM_MESSAGES: Partial<Record<JwtFailure['kind'], string>> = {
  expired: 'JWT expired',
  'not-yet-valid': 'JWT not yet valid',
  'issued-in-future': 'JWT issued at future',
}

/** PGRST301 (cannot decode or verify) and PGRST303 (claims refused), both 401. */
export function jwtError(failure: JwtFailure): ApiError {
  let code = 'PGRST301'
  let message: string
  let details: string | null = null
  switch (failure.kind) {
    case 'empty':
      message = 'Empty JWT is sent in Authorization header'
      break
    case 'parts':
      message = `Expected 3 parts in JWT; got ${failure.count}`
      break
    case 'algorithm':
      message = 'Wrong or unsupported encoding algorithm'
      details = `Unsupported algorithm ${failure.alg}; only HS256 is accepted`
      break
    case 'signature':
      message = 'JWT cryptographic operation failed'
      break
    case 'malformed':
      message = "JWT couldn't be decoded"
      break
    case 'claim-type':
      code = 'PGRST303'
      message =
        failure.claim === 'aud'
          ? "The JWT 'aud' claim must be a string or an array of strings"
          : `The JWT '${failure.claim}' claim must be a number`
      break
    default:
      code = 'PGRST303'
      message = JWT_CLAIM_MESSAGES[failure.kind] ?? 'Parsing claims failed'
  }
  return new ApiError(
    401,
    { code, message, details, hint: null },
    {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`,
    },
  )
}

/** The fields of a PostgreSQL error that PostgREST reports (node-postgres' DatabaseError). */
export interface PgErrorLike {
  code: string
  message: string
  detail?: string | undefined
  hint?: string | undefined
}

export function isPgError(error: unknown): error is PgErrorLike {
  if (typeof error !== 'object' || error === null) return false
  const e = error as Record<string, unknown>
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.message === 'string'
}

/** PostgREST's mapSQLtoHTTP. `authed` is true unless the request ran as the anon role. */
export function pgErrorStatus(code: string, message: string, authed: boolean): number {
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    '57P01': 503,
    P0001: 400,
    '42P01': 404,
    '42P17': 500,
  }
  const fixed = exact[code]
  if (fixed !== undefined) return fixed
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500
  if (code === '22023')
    return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400
  if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404
  if (code === '42501') return authed ? 403 : 401
  if (code.startsWith('PT')) {
    const status = Number(code.slice(2))
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500
  }
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  }
  return byClass[code.slice(0, 2)] ?? 400
}

interface RaisedPgrst {
  code: string
  message: string
  details: string | null
  hint: string | null
  status: number
  headers: Record<string, string>
}

/** `RAISE SQLSTATE 'PGRST' USING message = '{json}', detail = '{json}'`: full response control. */
function parseRaisedPgrst(message: string, detail: string | undefined): RaisedPgrst | ApiError {
  const parseError = (details: string, hint: string) =>
    new ApiError(500, {
      code: 'PGRST121',
      message: 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error',
      details,
      hint,
    })
  let m: unknown
  try {
    m = JSON.parse(message)
  } catch {
    m = undefined
  }
  const record = (v: unknown) =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined
  const msg = record(m)
  if (!msg || typeof msg.code !== 'string' || typeof msg.message !== 'string')
    return parseError(
      `Invalid JSON value for MESSAGE: '${message}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    )
  const detailHint =
    "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'."
  if (detail === undefined)
    return parseError('DETAIL is missing in the RAISE statement', detailHint)
  let d: unknown
  try {
    d = JSON.parse(detail)
  } catch {
    d = undefined
  }
  const det = record(d)
  const headers = record(det?.headers)
  if (!det || typeof det.status !== 'number' || !headers)
    return parseError(`Invalid JSON value for DETAIL: '${detail}'`, detailHint)
  return {
    code: msg.code,
    message: msg.message,
    details: typeof msg.details === 'string' ? msg.details : null,
    hint: typeof msg.hint === 'string' ? msg.hint : null,
    status: det.status,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
  }
}

export function fromPgError(error: PgErrorLike, authed: boolean): ApiError {
  if (error.code === 'PGRST') {
    const raised = parseRaisedPgrst(error.message, error.detail)
    if (raised instanceof ApiError) return raised
    const { status, headers, ...body } = raised
    return new ApiError(status, body, headers)
  }
  const status = pgErrorStatus(error.code, error.message, authed)
  return new ApiError(
    status,
    {
      code: error.code,
      message: error.message,
      details: error.detail ?? null,
      hint: error.hint ?? null,
    },
    status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {},
  )
}

/** A failure with no SQLSTATE: the database could not be reached or the server has a bug. */
export function fromUnexpectedError(error: unknown): ApiError {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
    return pgrst(503, 'PGRST000', 'Database connection error. Retrying the connection.', message)
  return pgrst(500, 'PGRSTX00', 'Internal server error', message)
}
