// Query AST + schema cache → one SQL statement, shaped like PostgREST's (PostgREST.Query.
// QueryBuilder): identifiers are checked against the schema cache and always quoted; every
// value the request carries is a bound parameter. Pure.
import type { Table } from '../schema-cache'
import type { Filter, LogicTree, OrderTerm, SelectItem, SimpleOperator } from './parse-query'
import type { Page } from './range'
import type { RoutineMatch } from './routines'
import { columnNotFound, notImplemented, undefinedColumn } from './errors'

export interface Sql {
  text: string
  values: unknown[]
}

class Params {
  readonly values: unknown[] = []

  add(value: unknown): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

/** PostgREST's pgFmtIdent: NUL dropped, quotes doubled, always quoted. */
export function ident(name: string): string {
  return `"${name.split('\0')[0]?.replaceAll('"', '""') ?? ''}"`
}

/** PostgREST's pgBuildArrayLiteral: an array literal passed as one parameter. */
export function pgArrayLiteral(values: readonly string[]): string {
  const quoted = values.map(
    (v) => `"${(v.split('\0')[0] ?? '').replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  )
  return `{${quoted.join(',')}}`
}

/** Where a statement's columns come from. */
interface Relation {
  /** The name errors use. */
  label: string
  /** SQL that qualifies a column of it. */
  qualifier: string
  /** Column name → type. */
  columns: ReadonlyMap<string, string>
}

function tableRelation(table: Table): Relation {
  return {
    label: table.name,
    qualifier: `${ident(table.schema)}.${ident(table.name)}`,
    columns: new Map([...table.columns.values()].map((c) => [c.name, c.type])),
  }
}

const SQL_OPERATORS: Record<SimpleOperator, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
  ilike: 'ILIKE',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
}

const FTS_FUNCTIONS = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
} as const

function column(rel: Relation, name: string): string {
  if (!rel.columns.has(name)) throw undefinedColumn(rel.label, name)
  return `${rel.qualifier}.${ident(name)}`
}

function fieldSql(rel: Relation, field: Filter['field'], p: Params): string {
  let sql = column(rel, field.name)
  for (const step of field.jsonPath)
    sql += step.index
      ? `${step.arrow}${p.add(step.operand)}::int`
      : `${step.arrow}${p.add(step.operand)}::text`
  return sql
}

function filterSql(rel: Relation, filter: Filter, p: Params): string {
  const lhs = fieldSql(rel, filter.field, p)
  const op = filter.operation
  let expr: string
  switch (op.kind) {
    case 'op': {
      // PostgREST's LIKE wildcard is `*`, which needs no URL escaping.
      const value = op.op === 'like' || op.op === 'ilike' ? op.value.replaceAll('*', '%') : op.value
      const rhs = op.quantifier ? `${op.quantifier.toUpperCase()}(${p.add(value)})` : p.add(value)
      expr = `${lhs} ${SQL_OPERATORS[op.op]} ${rhs}`
      break
    }
    case 'in':
      expr =
        op.values.length === 1 && op.values[0] === ''
          ? `${lhs} = ANY('{}')`
          : `${lhs} = ANY(${p.add(pgArrayLiteral(op.values))})`
      break
    case 'is':
      expr = `${lhs} IS ${op.value === 'not_null' ? 'NOT NULL' : op.value.toUpperCase()}`
      break
    case 'isdistinct':
      expr = `${lhs} IS DISTINCT FROM ${p.add(op.value)}`
      break
    case 'fts': {
      const lang = op.language === undefined ? '' : `${p.add(op.language)}::regconfig, `
      const isVector =
        filter.field.jsonPath.length === 0 && rel.columns.get(filter.field.name) === 'tsvector'
      const doc = isVector ? lhs : `to_tsvector(${lang}${lhs})`
      expr = `${doc} @@ ${FTS_FUNCTIONS[op.op]}(${lang}${p.add(op.value)})`
      break
    }
  }
  return filter.negated ? `NOT ${expr}` : expr
}

function logicSql(rel: Relation, tree: LogicTree, p: Params): string {
  if (tree.kind === 'filter') return filterSql(rel, tree.filter, p)
  const joined = tree.children
    .map((child) => logicSql(rel, child, p))
    .join(tree.op === 'and' ? ' AND ' : ' OR ')
  return `${tree.negated ? 'NOT ' : ''}(${joined})`
}

export interface Conditions {
  filters: readonly Filter[]
  logic: readonly LogicTree[]
}

function whereSql(rel: Relation, cond: Conditions, p: Params): string {
  const parts = [
    ...cond.filters.map((f) => filterSql(rel, f, p)),
    ...cond.logic.map((t) => logicSql(rel, t, p)),
  ]
  return parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : ''
}

function orderSql(rel: Relation, terms: readonly OrderTerm[], p: Params): string {
  if (terms.length === 0) return ''
  const items = terms.map((t) => {
    const dir = t.direction ? ` ${t.direction.toUpperCase()}` : ''
    const nulls = t.nulls ? ` ${t.nulls === 'nullsfirst' ? 'NULLS FIRST' : 'NULLS LAST'}` : ''
    return `${fieldSql(rel, t.field, p)}${dir}${nulls}`
  })
  return ` ORDER BY ${items.join(', ')}`
}

function selectListSql(rel: Relation, items: readonly SelectItem[] | undefined, p: Params): string {
  if (items === undefined) return `${rel.qualifier}.*`
  return items
    .map((item) => {
      if (item.kind === 'star') return `${rel.qualifier}.*`
      let sql = fieldSql(rel, item.field, p)
      if (item.cast) sql = `CAST(${sql} AS ${item.cast})`
      const last = item.field.jsonPath[item.field.jsonPath.length - 1]
      const name = item.alias ?? (last && !last.index ? last.operand : undefined)
      return name === undefined ? sql : `${sql} AS ${ident(name)}`
    })
    .join(', ')
}

export interface Output {
  /** Send one object rather than an array (Accept: application/vnd.pgrst.object+json). */
  singular: boolean
  stripNulls: boolean
}

function bodySql(aggregate: string, singular: boolean, out: Output): string {
  const agg = out.stripNulls ? `json_strip_nulls(${aggregate})` : aggregate
  return singular ? `coalesce((${agg}->0)::text, 'null')` : `coalesce((${agg})::text, '[]')`
}

export interface ReadRequest extends Conditions, Output {
  select?: SelectItem[]
  order: OrderTerm[]
  page: Page
  count: boolean
}

function pageSql(page: Page, p: Params): string {
  const limit = page.limit === undefined ? '' : ` LIMIT ${p.add(page.limit)}`
  const offset = page.offset > 0 ? ` OFFSET ${p.add(page.offset)}` : ''
  return `${limit}${offset}`
}

/**
 * Reads of a relation: one row with the total (when counted), the page's row count and the
 * JSON body. `prelude` is a WITH clause the relation may need.
 */
function readSql(
  rel: Relation,
  from: string,
  prelude: string,
  req: ReadRequest,
  p: Params,
  aggregate = 'json_agg(_postgrest_t)',
  singular = req.singular,
): string {
  const select = selectListSql(rel, req.select, p)
  const where = whereSql(rel, req, p)
  const order = orderSql(rel, req.order, p)
  const page = pageSql(req.page, p)
  const total = req.count ? `(SELECT pg_catalog.count(*) FROM ${from}${where})` : 'null::bigint'
  return (
    `${prelude}SELECT ${total} AS total_result_set, pg_catalog.count(*) AS page_total, ` +
    `${bodySql(aggregate, singular, req)} AS body ` +
    `FROM (SELECT ${select} FROM ${from}${where}${order}${page}) _postgrest_t`
  )
}

export function buildTableRead(table: Table, req: ReadRequest): Sql {
  const p = new Params()
  const rel = tableRelation(table)
  return { text: readSql(rel, rel.qualifier, '', req, p), values: p.values }
}

/** The arguments of an RPC: a JSON object of named arguments, or the whole body. */
export interface CallArgs {
  /** The request's JSON text, passed to PostgreSQL as is so numbers keep their precision. */
  json: string
  /** Argument names present in it. */
  keys: string[]
}

function callSql(match: RoutineMatch, args: CallArgs, p: Params): { call: string; from: string } {
  const { routine } = match
  const fn = `${ident(routine.schema)}.${ident(routine.name)}`
  if (match.kind === 'single') {
    const type = routine.params[0]?.type ?? 'json'
    return { call: `${fn}(${p.add(args.json)}::${type})`, from: '' }
  }
  if (args.keys.length === 0) return { call: `${fn}()`, from: '' }
  // Like PostgREST, json_to_record turns each JSON value into the parameter's type.
  const params = routine.params.filter((x) => args.keys.includes(x.name))
  const defs = params.map((x) => `${ident(x.name)} ${x.type}`).join(', ')
  const named = params
    .map((x) => `${x.variadic ? 'VARIADIC ' : ''}${ident(x.name)} := pgrst_args.${ident(x.name)}`)
    .join(', ')
  return {
    call: `${fn}(${named})`,
    from: `json_to_record(${p.add(args.json)}::json) AS pgrst_args(${defs})`,
  }
}

/** A void function's call; its result is not read. */
export function buildVoidCall(match: RoutineMatch, args: CallArgs): Sql {
  const p = new Params()
  const { call, from } = callSql(match, args, p)
  return { text: `SELECT ${call}${from ? ` FROM ${from}` : ''}`, values: p.values }
}

/**
 * A function's result read like a relation, so select, filters, order and paging apply to
 * a set-returning one. The call sits in a CTE referenced twice at most, so it runs once.
 */
export function buildCallRead(match: RoutineMatch, args: CallArgs, req: ReadRequest): Sql {
  const p = new Params()
  const { routine } = match
  const { call, from } = callSql(match, args, p)
  const scalar = routine.returnKind === 'scalar'
  const source = scalar ? `${call} AS pgrst_fn(pgrst_scalar)` : `${call} AS pgrst_fn`
  const prelude = `WITH pgrst_call AS (SELECT pgrst_fn.* FROM ${from ? `${from}, ` : ''}${source}) `
  if (scalar && req.select?.some((item) => item.kind !== 'star'))
    throw notImplemented(`${routine.name} returns a scalar: select does not apply to its result`)
  const rel: Relation = {
    label: routine.name,
    qualifier: 'pgrst_call',
    columns: scalar ? new Map([['pgrst_scalar', routine.returnType]]) : routine.returnColumns,
  }
  const read: ReadRequest = scalar
    ? { ...req, select: [{ kind: 'column', field: { name: 'pgrst_scalar', jsonPath: [] } }] }
    : req
  const aggregate = scalar ? 'json_agg(_postgrest_t.pgrst_scalar)' : 'json_agg(_postgrest_t)'
  const singular = req.singular || !routine.returnsSet
  return {
    text: readSql(rel, 'pgrst_call', prelude, read, p, aggregate, singular),
    values: p.values,
  }
}

/** A request body: the raw JSON text and its parsed rows. */
export interface Payload {
  json: string
  rows: Array<Record<string, unknown>>
  isArray: boolean
}

export interface WriteOutput extends Output {
  /** Absent: Prefer return=minimal. */
  returning?: SelectItem[]
}

function writeSql(rel: Relation, mutation: string, out: WriteOutput, p: Params): string {
  const returning = out.returning === undefined ? '1' : selectListSql(rel, out.returning, p)
  const body =
    out.returning === undefined ? `''` : bodySql('json_agg(_postgrest_t)', out.singular, out)
  return (
    `WITH pgrst_source AS (${mutation} RETURNING ${returning}) ` +
    `SELECT null::bigint AS total_result_set, pg_catalog.count(*) AS page_total, ${body} AS body ` +
    `FROM pgrst_source _postgrest_t`
  )
}

function checkColumns(table: Table, columns: readonly string[]): void {
  for (const name of columns) if (!table.columns.has(name)) throw columnNotFound(table.name, name)
}

function recordDefinition(table: Table, columns: readonly string[]): string {
  return columns.map((c) => `${ident(c)} ${table.columns.get(c)?.type ?? 'text'}`).join(', ')
}

export interface InsertOptions {
  columns: string[]
  /** Prefer: missing=default — keys a row lacks take the column default, not null. */
  missingDefault: boolean
  resolution?: 'merge-duplicates' | 'ignore-duplicates'
  onConflict?: string[]
}

export function buildInsert(
  table: Table,
  payload: Payload,
  options: InsertOptions,
  out: WriteOutput,
): Sql {
  const p = new Params()
  const rel = tableRelation(table)
  const { columns } = options
  checkColumns(table, columns)
  let mutation: string
  if (columns.length === 0) {
    // `{}` or `[{}, {}]`: rows of defaults only.
    const count = payload.isArray ? payload.rows.length : 1
    mutation = `INSERT INTO ${rel.qualifier} SELECT FROM generate_series(1, ${p.add(count)}::int)`
  } else {
    const cols = columns.map(ident).join(', ')
    const picked = columns.map((c) => `pgrst_body.${ident(c)}`).join(', ')
    const def = recordDefinition(table, columns)
    let source: string
    if (options.missingDefault) {
      const defaults = columns
        .map((c) => [c, table.columns.get(c)?.default] as const)
        .filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string')
        .map(([c, expr]) => `${p.add(c)}::text, (${expr})`)
      const base =
        defaults.length > 0 ? `jsonb_build_object(${defaults.join(', ')})` : `'{}'::jsonb`
      const json = `${p.add(payload.json)}::jsonb`
      const elements = payload.isArray ? json : `jsonb_build_array(${json})`
      source =
        `jsonb_array_elements(${elements}) AS pgrst_elem(val), ` +
        `jsonb_to_record(${base} || pgrst_elem.val) AS pgrst_body(${def})`
    } else {
      const fn = payload.isArray ? 'json_to_recordset' : 'json_to_record'
      source = `${fn}(${p.add(payload.json)}::json) AS pgrst_body(${def})`
    }
    mutation = `INSERT INTO ${rel.qualifier} (${cols}) SELECT ${picked} FROM ${source}`
  }
  if (options.resolution) {
    const target = options.onConflict ?? table.primaryKey
    for (const c of target) if (!table.columns.has(c)) throw undefinedColumn(table.name, c)
    const targetSql = target.length > 0 ? `(${target.map(ident).join(', ')})` : ''
    if (options.resolution === 'merge-duplicates' && columns.length > 0) {
      if (target.length === 0)
        throw notImplemented(
          `merge-duplicates on ${table.name} needs on_conflict: the table has no primary key`,
        )
      const set = columns.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(', ')
      mutation += ` ON CONFLICT ${targetSql} DO UPDATE SET ${set}`
    } else mutation += ` ON CONFLICT ${targetSql} DO NOTHING`
  }
  return { text: writeSql(rel, mutation, out, p), values: p.values }
}

export function buildUpdate(
  table: Table,
  payload: Payload,
  columns: string[],
  cond: Conditions,
  out: WriteOutput,
): Sql {
  const p = new Params()
  const rel = tableRelation(table)
  checkColumns(table, columns)
  if (columns.length === 0) {
    // Nothing to set: PostgREST answers as if no row matched.
    const select = out.returning === undefined ? '1' : selectListSql(rel, out.returning, p)
    const body =
      out.returning === undefined ? `''` : bodySql('json_agg(_postgrest_t)', out.singular, out)
    return {
      text:
        `SELECT null::bigint AS total_result_set, pg_catalog.count(*) AS page_total, ${body} AS body ` +
        `FROM (SELECT ${select} FROM ${rel.qualifier} WHERE false) _postgrest_t`,
      values: p.values,
    }
  }
  const fn = payload.isArray ? 'json_to_recordset' : 'json_to_record'
  const body = `(SELECT * FROM ${fn}(${p.add(payload.json)}::json) AS pgrst_row(${recordDefinition(table, columns)}) LIMIT 1) pgrst_body`
  const set = columns.map((c) => `${ident(c)} = pgrst_body.${ident(c)}`).join(', ')
  const mutation = `UPDATE ${rel.qualifier} SET ${set} FROM ${body}${whereSql(rel, cond, p)}`
  return { text: writeSql(rel, mutation, out, p), values: p.values }
}

export function buildDelete(table: Table, cond: Conditions, out: WriteOutput): Sql {
  const p = new Params()
  const rel = tableRelation(table)
  const mutation = `DELETE FROM ${rel.qualifier}${whereSql(rel, cond, p)}`
  return { text: writeSql(rel, mutation, out, p), values: p.values }
}
