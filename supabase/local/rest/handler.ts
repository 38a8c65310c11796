// `/rest/v1`: routes a request to a table or function, builds its statement, runs it in the
// request's transaction and answers like PostgREST.
import type pg from 'pg'
import type { SchemaCache, Table } from '../schema-cache'
import { closestName, findTable } from '../schema-cache'
import { nowSeconds } from '../jwt'
import type { RequestRole } from './auth'
import { resolveRole } from './auth'
import type { CallArgs, EmbedContext, Payload, ReadRequest, Sql, WriteOutput } from './build-sql'
import {
  buildCallRead,
  buildDelete,
  buildInsert,
  buildTableRead,
  buildUpdate,
  buildVoidCall,
} from './build-sql'
import {
  ApiError,
  fromPgError,
  fromUnexpectedError,
  invalidBody,
  requiresWhere,
  invalidPreferences,
  invalidRange,
  invalidResourcePath,
  invalidRpcMethod,
  isPgError,
  maxAffectedRpcViolation,
  maxAffectedViolation,
  notImplemented,
  queryParamError,
  singularityError,
  tableNotFound,
  unacceptableSchema,
  unsupportedMethod,
} from './errors'
import type { JsonMedia, Preferences } from './headers'
import { appliedPreferences, negotiateMedia, parsePreferences } from './headers'
import type { QueryAst } from './parse-query'
import { parseQuery } from './parse-query'
import { combinePage, contentRange, parseRangeHeader, rangeStatus } from './range'
import type { RoutineMatch, RpcBody } from './routines'
import { resolveRoutine } from './routines'
import { inRequestTransaction } from './transaction'

export interface RestRequest {
  method: string
  /** The path below /rest/v1, e.g. `/sites` or `/rpc/sync_pull`. */
  path: string
  query: URLSearchParams
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>
  body: string
}

export interface RestResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface RestContext {
  /** Connections logged in as `authenticator`. */
  pool: pg.Pool
  schemaCache(): SchemaCache
  jwtSecret: string
  /** The first is the default profile. */
  schemas: readonly string[]
  extraSearchPath: readonly string[]
  anonRole: string
  maxRows?: number
}

interface ResultRow {
  total_result_set: string | null
  page_total: string
  body: string
  /** Writes: rows inserted rather than updated by an upsert. */
  inserted?: string
}

const JSON_TYPE = 'application/json; charset=utf-8'

function contentType(media: JsonMedia): string {
  if (media.singular)
    return `application/vnd.pgrst.object+json${media.stripNulls ? ';nulls=stripped' : ''}; charset=utf-8`
  return media.stripNulls
    ? 'application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8'
    : JSON_TYPE
}

export async function handleRest(req: RestRequest, ctx: RestContext): Promise<RestResponse> {
  let role: RequestRole | undefined
  try {
    role = await resolveRole(req.headers.authorization, ctx.jwtSecret, ctx.anonRole, nowSeconds())
    return await route(req, ctx, role)
  } catch (error) {
    return errorResponse(toApiError(error, role?.authed ?? false))
  }
}

function toApiError(error: unknown, authed: boolean): ApiError {
  if (error instanceof ApiError) return error
  if (isPgError(error)) return fromPgError(error, authed)
  return fromUnexpectedError(error)
}

function errorResponse(error: ApiError): RestResponse {
  return {
    status: error.status,
    headers: { 'Content-Type': JSON_TYPE, ...error.headers },
    body: JSON.stringify(error.body),
  }
}

const READ_METHODS = new Set(['GET', 'HEAD'])

function profile(req: RestRequest, ctx: RestContext): string {
  const header = READ_METHODS.has(req.method)
    ? req.headers['accept-profile']
    : req.headers['content-profile']
  const schema = header?.trim() || ctx.schemas[0]
  if (schema === undefined || !ctx.schemas.includes(schema))
    throw unacceptableSchema(schema ?? '', ctx.schemas)
  return schema
}

async function route(req: RestRequest, ctx: RestContext, role: RequestRole): Promise<RestResponse> {
  const schema = profile(req, ctx)
  const cache = ctx.schemaCache()
  const segments = pathSegments(req.path)
  if (segments.length === 0) return root(req, cache, schema)
  const prefs = parsePreferences(req.headers.prefer === undefined ? [] : [req.headers.prefer])
  if (prefs.handling === 'strict' && prefs.invalid.length > 0)
    throw invalidPreferences(prefs.invalid)
  const ast = parseQuery(req.query)
  const media = negotiateMedia(req.headers.accept)
  const run = { req, ctx, role, schema, prefs, ast, media }
  if (segments.length === 2 && segments[0] === 'rpc') return rpc(run, cache, segments[1] ?? '')
  if (segments.length !== 1) throw invalidResourcePath()
  const name = segments[0] ?? ''
  const table = findTable(cache, schema, name)
  if (!table) {
    const near = closestName(cache.tables.get(schema)?.keys() ?? [], name)
    throw tableNotFound(
      schema,
      name,
      near ? `Perhaps you meant the table '${schema}.${near}'` : null,
    )
  }
  return tableRequest(run, table)
}

function pathSegments(path: string): string[] {
  try {
    return path
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent)
  } catch {
    throw invalidResourcePath()
  }
}

interface Run {
  req: RestRequest
  ctx: RestContext
  role: RequestRole
  schema: string
  prefs: Preferences
  ast: QueryAst
  media: JsonMedia
}

function rejectNonFilters(ast: QueryAst): void {
  const [first] = ast.params
  if (first)
    throw queryParamError(
      `"failed to parse filter (${first[1]})" (line 1, column 1)`,
      `"${first[0]}=${first[1]}" is not a filter: expecting an operator, e.g. ${first[0]}=eq.${first[1]}`,
    )
}

function execute<T>(
  run: Run,
  readOnly: boolean,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return inRequestTransaction(
    run.ctx.pool,
    {
      searchPath: [run.schema, ...run.ctx.extraSearchPath.filter((s) => s !== run.schema)],
      role: run.role.role,
      claims: run.role.claims,
      method: run.req.method,
      path: run.req.path,
      headers: run.req.headers,
      roleSettings: run.ctx.schemaCache().roleSettings.get(run.role.role) ?? [],
    },
    readOnly,
    fn,
  )
}

async function queryOne(client: pg.PoolClient, sql: Sql): Promise<ResultRow> {
  const { rows } = await client.query<ResultRow>(sql.text, sql.values)
  const row = rows[0]
  if (!row) throw new Error('the statement returned no result row')
  return row
}

function embedContext(run: Run): EmbedContext {
  return { cache: run.ctx.schemaCache(), embedded: run.ast.embedded }
}

function readRequest(run: Run): ReadRequest {
  const { ast, prefs, media, req, ctx } = run
  const header = READ_METHODS.has(req.method) ? parseRangeHeader(req.headers.range) : undefined
  return {
    select: ast.select,
    filters: ast.filters,
    logic: ast.logic,
    order: ast.order,
    page: combinePage(header, { offset: ast.offset ?? 0, limit: ast.limit }, ctx.maxRows),
    count: prefs.count !== undefined,
    singular: media.singular,
    stripNulls: media.stripNulls,
    embeds: embedContext(run),
  }
}

function readResponse(
  run: Run,
  read: ReadRequest,
  row: ResultRow,
  honoured: (keyof Preferences)[],
): RestResponse {
  const pageTotal = Number(row.page_total)
  if (read.singular && pageTotal !== 1) throw singularityError(pageTotal)
  const total = row.total_result_set === null ? undefined : Number(row.total_result_set)
  const lower = read.page.offset
  const upper = lower + pageTotal - 1
  const status = rangeStatus(lower, upper, total)
  if (status === 416)
    throw invalidRange(
      `An offset of ${lower} was requested, but there are only ${total ?? 0} rows.`,
    )
  return respond(run, status, row.body, contentRange(lower, upper, total), honoured)
}

function respond(
  run: Run,
  status: number,
  body: string,
  range: string | undefined,
  honoured: (keyof Preferences)[],
): RestResponse {
  const headers: Record<string, string> = { 'Content-Type': contentType(run.media) }
  if (range !== undefined) headers['Content-Range'] = range
  const applied = appliedPreferences(run.prefs, honoured)
  if (applied) headers['Preference-Applied'] = applied
  return { status, headers, body: run.req.method === 'HEAD' ? '' : body }
}

function tableRequest(run: Run, table: Table): Promise<RestResponse> {
  switch (run.req.method) {
    case 'GET':
    case 'HEAD':
      return readTable(run, table)
    case 'POST':
      return insert(run, table)
    case 'PATCH':
      return update(run, table)
    case 'DELETE':
      return remove(run, table)
    case 'PUT':
      throw notImplemented(
        'PUT (single-row upsert) is not supported by the local server; use POST with Prefer: resolution=merge-duplicates',
      )
    default:
      throw unsupportedMethod(run.req.method)
  }
}

async function readTable(run: Run, table: Table): Promise<RestResponse> {
  rejectNonFilters(run.ast)
  if (run.ast.columns || run.ast.onConflict)
    throw queryParamError(
      '"columns and on_conflict apply to writes only"',
      'remove them from a read',
    )
  const read = readRequest(run)
  const sql = buildTableRead(table, read)
  const row = await execute(run, true, (client) => queryOne(client, sql))
  return readResponse(run, read, row, ['count'])
}

function parseBody(run: Run): unknown {
  const text = run.req.body.trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw invalidBody('Empty or invalid json')
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function payload(run: Run): Payload {
  const value = parseBody(run)
  if (isRecord(value)) return { json: run.req.body, rows: [value], isArray: false }
  if (Array.isArray(value) && value.every(isRecord))
    return { json: run.req.body, rows: value, isArray: true }
  throw invalidBody('Empty or invalid json')
}

/** The payload's keys; without `columns=` every object must have the same ones. */
function payloadColumns(run: Run, body: Payload): string[] {
  if (run.ast.columns) return run.ast.columns
  const [first, ...rest] = body.rows
  const keys = Object.keys(first ?? {})
  const same = (row: Record<string, unknown>) => {
    const k = Object.keys(row)
    return k.length === keys.length && k.every((key) => keys.includes(key))
  }
  if (!rest.every(same)) throw invalidBody('All object keys must match')
  return keys
}

function writeOutput(run: Run): WriteOutput {
  const representation = run.prefs.return === 'representation'
  return {
    returning: representation ? (run.ast.select ?? [{ kind: 'star' }]) : undefined,
    singular: run.media.singular,
    stripNulls: run.media.stripNulls,
    embeds: embedContext(run),
  }
}

function rejectPagingOnWrite(run: Run): void {
  const { ast } = run
  if (ast.order.length > 0 || ast.limit !== undefined || ast.offset !== undefined)
    throw notImplemented('order, limit and offset on writes are not supported by the local server')
}

async function write(
  run: Run,
  sql: Sql,
  status: (rows: number, inserted: number) => number,
): Promise<RestResponse> {
  const row = await execute(run, false, async (client) => {
    const result = await queryOne(client, sql)
    const rows = Number(result.page_total)
    // Thrown inside the transaction, so the write is rolled back.
    if (run.media.singular && rows !== 1) throw singularityError(rows)
    if (
      run.prefs.handling === 'strict' &&
      run.prefs.maxAffected !== undefined &&
      rows > run.prefs.maxAffected
    )
      throw maxAffectedViolation(rows)
    return result
  })
  const rows = Number(row.page_total)
  const total = run.prefs.count ? rows : undefined
  const honoured: (keyof Preferences)[] = [
    'return',
    'count',
    'resolution',
    'missing',
    'handling',
    'maxAffected',
  ]
  return respond(
    run,
    status(rows, Number(row.inserted ?? rows)),
    run.prefs.return === 'representation' ? row.body : '',
    contentRange(0, rows - 1, total),
    honoured,
  )
}

function insert(run: Run, table: Table): Promise<RestResponse> {
  rejectNonFilters(run.ast)
  rejectPagingOnWrite(run)
  if (run.ast.filters.length > 0 || run.ast.logic.length > 0)
    throw notImplemented('filters on POST are not supported by the local server')
  const body = payload(run)
  const sql = buildInsert(
    table,
    body,
    {
      columns: payloadColumns(run, body),
      missingDefault: run.prefs.missing === 'default',
      resolution: run.prefs.resolution,
      onConflict: run.ast.onConflict,
    },
    writeOutput(run),
  )
  // Response.hs: an upsert that inserted nothing (only updated) is 200.
  return write(run, sql, (_rows, inserted) =>
    run.prefs.resolution === 'merge-duplicates' && inserted <= 0 ? 200 : 201,
  )
}

/** No condition on the table itself: the statement would have no WHERE clause. */
const unfiltered = (run: Run): boolean => run.ast.filters.length === 0 && run.ast.logic.length === 0

function update(run: Run, table: Table): Promise<RestResponse> {
  rejectNonFilters(run.ast)
  rejectPagingOnWrite(run)
  if (unfiltered(run)) throw requiresWhere('UPDATE')
  const body = payload(run)
  const columns = run.ast.columns ?? Object.keys(body.rows[0] ?? {})
  const sql = buildUpdate(table, body, columns, run.ast, writeOutput(run))
  return write(run, sql, () => (run.prefs.return === 'representation' ? 200 : 204))
}

function remove(run: Run, table: Table): Promise<RestResponse> {
  rejectNonFilters(run.ast)
  rejectPagingOnWrite(run)
  if (unfiltered(run)) throw requiresWhere('DELETE')
  const sql = buildDelete(table, run.ast, writeOutput(run))
  return write(run, sql, () => (run.prefs.return === 'representation' ? 200 : 204))
}

/** GET arguments come as text; a repeated one becomes an array (for variadic functions). */
function queryArguments(
  params: ReadonlyArray<[string, string]>,
): Record<string, string | string[]> {
  const args: Record<string, string | string[]> = {}
  for (const [key, value] of params) {
    const prev = args[key]
    args[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value]
  }
  return args
}

/** The media type of a POST /rpc body, which decides what a single unnamed parameter takes. */
function rpcBody(run: Run): RpcBody {
  const type = (run.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (type === 'text/plain') return 'text'
  if (type === 'text/xml') return 'xml'
  if (type === 'application/octet-stream')
    throw notImplemented('binary bodies for RPC are not supported by the local server')
  return 'json'
}

async function rpc(run: Run, cache: SchemaCache, name: string): Promise<RestResponse> {
  const { req, ast } = run
  if (READ_METHODS.has(req.method)) {
    const values = queryArguments(ast.params)
    const args = { json: JSON.stringify(values), keys: Object.keys(values) }
    return call(run, resolveRoutine(cache, run.schema, name, args.keys, 'none'), args)
  }
  if (req.method !== 'POST') throw invalidRpcMethod(req.method)
  rejectNonFilters(ast)
  const media = rpcBody(run)
  // The text is the value of the function's single unnamed text (or xml) parameter; where
  // there is none, PGRST202, as PostgREST answers.
  if (media !== 'json')
    return call(run, resolveRoutine(cache, run.schema, name, [], media), {
      json: req.body,
      keys: [],
    })
  const body = parseBody(run) ?? {}
  const args = {
    json: req.body.trim() === '' ? '{}' : req.body,
    keys: isRecord(body) ? Object.keys(body) : [],
  }
  const match = resolveRoutine(cache, run.schema, name, args.keys, 'json')
  if (match.kind === 'named' && !isRecord(body))
    throw Array.isArray(body)
      ? notImplemented(
          'calling a function once per element of a JSON array is not supported by the local server',
        )
      : invalidBody('The request body must be a JSON object of named arguments')
  return call(run, match, args)
}

const strictMaxAffected = (run: Run): number | undefined =>
  run.prefs.handling === 'strict' ? run.prefs.maxAffected : undefined

async function call(run: Run, match: RoutineMatch, args: CallArgs): Promise<RestResponse> {
  const { routine } = match
  const readOnly = READ_METHODS.has(run.req.method) || routine.volatility !== 'volatile'
  const maxAffected = strictMaxAffected(run)
  if (maxAffected !== undefined && !routine.returnsSet) throw maxAffectedRpcViolation()
  if (routine.returnKind === 'void') {
    const sql = buildVoidCall(match, args)
    await execute(run, readOnly, (client) => client.query(sql.text, sql.values))
    return respond(run, 204, '', undefined, [])
  }
  const read = readRequest(run)
  const sql = buildCallRead(match, args, read)
  const row = await execute(run, readOnly, async (client) => {
    const result = await queryOne(client, sql)
    const rows = Number(result.page_total)
    // Thrown inside the transaction, so what the function wrote is rolled back (MainTx).
    if (read.singular && rows !== 1) throw singularityError(rows)
    if (maxAffected !== undefined && rows > maxAffected) throw maxAffectedViolation(rows)
    return result
  })
  return readResponse(run, read, row, ['count', 'handling', 'maxAffected'])
}

/** `GET /rest/v1/`: an OpenAPI-style description of the profile schema. */
function root(req: RestRequest, cache: SchemaCache, schema: string): RestResponse {
  if (!READ_METHODS.has(req.method)) throw unsupportedMethod(req.method)
  const paths: Record<string, unknown> = { '/': {} }
  const definitions: Record<string, unknown> = {}
  for (const table of cache.tables.get(schema)?.values() ?? []) {
    paths[`/${table.name}`] = {}
    definitions[table.name] = {
      type: 'object',
      required: table.primaryKey,
      properties: Object.fromEntries(
        [...table.columns.values()].map((c) => [c.name, { format: c.type }]),
      ),
    }
  }
  for (const name of cache.routines.get(schema)?.keys() ?? []) paths[`/rpc/${name}`] = {}
  const body = {
    swagger: '2.0',
    info: { title: 'Outpost local Supabase (PostgREST subset)', description: `schema ${schema}` },
    basePath: '/',
    paths,
    definitions,
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/openapi+json; charset=utf-8' },
    body: req.method === 'HEAD' ? '' : JSON.stringify(body),
  }
}
