// Query AST + schema cache → one SQL statement, shaped like PostgREST's (PostgREST.Query.
// QueryBuilder): identifiers are checked against the schema cache and always quoted; every
// value the request carries is a bound parameter. Pure.
import type { SchemaCache, Table } from '../schema-cache'
import type {
  EmbedConditions,
  EmbedItem,
  Filter,
  LogicTree,
  OrderTerm,
  SelectItem,
  SimpleOperator,
} from './parse-query'
import type { Page } from './range'
import type { RoutineMatch } from './routines'
import { ApiError, columnNotFound, notEmbedded, notImplemented, undefinedColumn } from './errors'
import type { Relationship } from './relationships'
import { findRelationship, isToOne } from './relationships'

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
  /** The table it reads, which embeds start from. */
  table?: Table
}

function tableRelation(table: Table, alias?: string): Relation {
  return {
    label: table.name,
    qualifier: alias ?? `${ident(table.schema)}.${ident(table.name)}`,
    columns: new Map([...table.columns.values()].map((c) => [c.name, c.type])),
    table,
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

/** `joins` come last, as PostgREST puts an embed's join conditions after its filters. */
function whereSql(rel: Relation, cond: Conditions, p: Params, joins: string[] = []): string {
  const parts = [
    ...cond.filters.map((f) => filterSql(rel, f, p)),
    ...cond.logic.map((t) => logicSql(rel, t, p)),
    ...joins,
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

/** What embeds need from the request: the schema cache and the conditions by path. */
export interface EmbedContext {
  cache: SchemaCache
  embedded: ReadonlyMap<string, EmbedConditions>
}

const NO_CONDITIONS: EmbedConditions = { filters: [], logic: [], order: [] }

/** The plain columns of a select list, then one output per embed, as PostgREST orders them. */
interface Projection {
  columns: string[]
  joins: string
  embeds: string[]
}

const selectList = (p: Projection, rel: Relation) => {
  const all = [...p.columns, ...p.embeds]
  return all.length > 0 ? all.join(', ') : `${rel.qualifier}.*`
}

/**
 * Builds select lists with PostgREST's embedding (QueryBuilder.getJoin): a LATERAL subquery
 * per embed, aliased `<origin>_<name>_<depth>`, over the target aliased `<target>_<depth>`;
 * to-one embeds give `row_to_json`, to-many ones `json_agg`; `!inner` makes the join INNER.
 */
class Projector {
  /** Paths of the select's embeds (by output name) → the name it has when aliased. */
  private readonly paths = new Map<string, string | undefined>()

  constructor(
    private readonly ctx: EmbedContext | undefined,
    private readonly p: Params,
  ) {}

  project(rel: Relation, items: readonly SelectItem[] | undefined, path: string[]): Projection {
    const out: Projection = { columns: [], joins: '', embeds: [] }
    if (items === undefined) {
      out.columns.push(`${rel.qualifier}.*`)
      return out
    }
    for (const item of items) {
      if (item.kind === 'star') out.columns.push(`${rel.qualifier}.*`)
      else if (item.kind === 'column') out.columns.push(this.column(rel, item))
      else {
        const embed = this.embed(rel, item, path)
        out.joins += embed.join
        if (embed.output !== undefined) out.embeds.push(embed.output)
      }
    }
    return out
  }

  private column(rel: Relation, item: Extract<SelectItem, { kind: 'column' }>): string {
    if (item.field.jsonPath.length === 0 && !rel.columns.has(item.field.name) && rel.table)
      this.refuseComputed(rel.table, item.field.name)
    let sql = fieldSql(rel, item.field, this.p)
    if (item.cast) sql = `CAST(${sql} AS ${item.cast})`
    const last = item.field.jsonPath[item.field.jsonPath.length - 1]
    const name = item.alias ?? (last && !last.index ? last.operand : undefined)
    return name === undefined ? sql : `${sql} AS ${ident(name)}`
  }

  /** A function of the table's row type, which PostgREST would call as a computed field. */
  private refuseComputed(table: Table, name: string): void {
    if (!this.ctx) return
    const overloads = this.ctx.cache.routines.get(table.schema)?.get(name) ?? []
    if (overloads.some((r) => r.params.length === 1 && r.params[0]?.type === table.rowType))
      throw notImplemented(
        `'${name}' is a function of ${table.name} rows: computed fields and computed relationships are not supported by the local server`,
      )
  }

  private embed(rel: Relation, item: EmbedItem, path: string[]): { join: string; output?: string } {
    if (!this.ctx || !rel.table)
      throw notImplemented(
        `embedding '${item.name}' in this result is not supported by the local server`,
      )
    let relationship: Relationship
    try {
      relationship = findRelationship(this.ctx.cache, rel.table, item.name, item.hint)
    } catch (error) {
      // PostgREST would embed a function of the row of that name: a computed relationship.
      if (error instanceof ApiError && error.body.code === 'PGRST200')
        this.refuseComputed(rel.table, item.name)
      throw error
    }
    return this.join(rel, relationship, item, path)
  }

  private join(
    rel: Relation,
    r: Relationship,
    item: EmbedItem,
    path: string[],
  ): { join: string; output?: string } {
    const name = item.alias ?? item.name
    const depth = path.length + 1
    const subPath = [...path, name]
    const key = subPath.join('.')
    this.paths.set(key, item.alias === undefined ? undefined : [...path, item.name].join('.'))
    const targetQi = `${ident(r.target.schema)}.${ident(r.target.name)}`
    const targetAlias = `${r.target.name}_${depth}`
    const sub = r.junction
      ? tableRelation(r.target)
      : { ...tableRelation(r.target, ident(targetAlias)), label: targetAlias }
    const cond = this.ctx?.embedded.get(key) ?? NO_CONDITIONS
    const projection = this.project(sub, item.select.length > 0 ? item.select : undefined, subPath)
    if (item.select.length === 0) projection.columns = [`${sub.qualifier}.*`]
    const junction = r.junction
    const junctionQi = junction && `${ident(junction.table.schema)}.${ident(junction.table.name)}`
    const joinConditions = junction
      ? [
          ...junction.target.map(
            ([t, j]) => `${sub.qualifier}.${ident(t)} = ${junctionQi}.${ident(j)}`,
          ),
          ...junction.source.map(
            ([o, j]) => `${junctionQi}.${ident(j)} = ${rel.qualifier}.${ident(o)}`,
          ),
        ]
      : r.columns.map(([o, t]) => `${sub.qualifier}.${ident(t)} = ${rel.qualifier}.${ident(o)}`)
    const from = junction ? `${targetQi}, ${junctionQi}` : `${targetQi} AS ${sub.qualifier}`
    const where = whereSql(sub, cond, this.p, joinConditions)
    const order = orderSql(sub, cond.order, this.p)
    const page = pageSql({ limit: cond.limit, offset: cond.offset ?? 0 }, this.p)
    const inner = `SELECT ${selectList(projection, sub)} FROM ${from}${projection.joins}${where}${order}${page}`
    const agg = ident(`${r.origin.name}_${name}_${depth}`)
    const joinType = item.inner ? 'INNER' : 'LEFT'
    const output = item.select.length === 0 ? undefined : ident(name)
    if (isToOne(r))
      return {
        join: ` ${joinType} JOIN LATERAL (${inner}) AS ${agg} ON TRUE`,
        output: output && `row_to_json(${agg}.*)::jsonb AS ${output}`,
      }
    return {
      join:
        ` ${joinType} JOIN LATERAL (SELECT json_agg(${agg})::jsonb AS ${agg} FROM (${inner}) AS ${agg})` +
        ` AS ${agg} ON ${item.inner ? `${agg} IS NOT NULL` : 'TRUE'}`,
      output: output && `COALESCE(${agg}.${agg}, '[]') AS ${output}`,
    }
  }

  /** Conditions on a path no embed of the select has: PostgREST's PGRST108. */
  checkUsed(): void {
    const aliasedNames = new Map([...this.paths].flatMap(([k, n]) => (n ? [[n, k] as const] : [])))
    for (const key of this.ctx?.embedded.keys() ?? []) {
      if (this.paths.has(key)) continue
      const segments = key.split('.')
      const missing = segments.findIndex(
        (_, i) => !this.paths.has(segments.slice(0, i + 1).join('.')),
      )
      const prefix = segments.slice(0, missing + 1).join('.')
      const alias = aliasedNames.get(prefix)
      throw notEmbedded(
        segments[missing] ?? key,
        alias === undefined
          ? undefined
          : [segments[missing] ?? key, alias.split('.').pop() ?? alias],
      )
    }
  }
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
  /** Absent: the select may not embed (unit tests of plain reads). */
  embeds?: EmbedContext
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
  const projector = new Projector(req.embeds, p)
  const projection = projector.project(rel, req.select, [])
  projector.checkUsed()
  const { joins } = projection
  const where = whereSql(rel, req, p)
  const order = orderSql(rel, req.order, p)
  const page = pageSql(req.page, p)
  const total = req.count
    ? `(SELECT pg_catalog.count(*) FROM ${from}${joins}${where})`
    : 'null::bigint'
  return (
    `${prelude}SELECT ${total} AS total_result_set, pg_catalog.count(*) AS page_total, ` +
    `${bodySql(aggregate, singular, req)} AS body ` +
    `FROM (SELECT ${selectList(projection, rel)} FROM ${from}${joins}${where}${order}${page}) _postgrest_t`
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
    // Rows of a table's type embed from that table, as PostgREST's do.
    table: [...(req.embeds?.cache.tables.get(routine.schema)?.values() ?? [])].find(
      (t) => t.rowType === routine.returnType,
    ),
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
  embeds?: EmbedContext
}

/**
 * Like PostgREST's: the mutation returns whole rows in a CTE, and the representation is read
 * from them (so it may embed). `inserted` counts rows an upsert inserted (xmax = 0) rather
 * than updated, which decides 201 or 200.
 */
function writeSql(
  rel: Relation,
  mutation: string,
  out: WriteOutput,
  p: Params,
  countInserted = false,
): string {
  const inserted = countInserted ? '(xmax = 0)' : 'true'
  const written = { ...rel, qualifier: 'pgrst_written' }
  let body = `''`
  let from = ''
  if (out.returning !== undefined) {
    const projector = new Projector(out.embeds, p)
    const projection = projector.project(written, out.returning, [])
    projector.checkUsed()
    body = bodySql('json_agg(_postgrest_t)', out.singular, out)
    from = ` FROM (SELECT ${selectList(projection, written)} FROM pgrst_written${projection.joins}) _postgrest_t`
  }
  return (
    `WITH pgrst_source AS (${mutation} RETURNING ROW(${rel.qualifier}.*)::${rel.qualifier} AS pgrst_row, ${inserted} AS pgrst_inserted), ` +
    `pgrst_written AS (SELECT (pgrst_row).* FROM pgrst_source) ` +
    `SELECT null::bigint AS total_result_set, (SELECT pg_catalog.count(*) FROM pgrst_source) AS page_total, ` +
    `(SELECT pg_catalog.count(*) FROM pgrst_source WHERE pgrst_inserted) AS inserted, ${body} AS body${from}`
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
  return {
    text: writeSql(rel, mutation, out, p, options.resolution === 'merge-duplicates'),
    values: p.values,
  }
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
    const select =
      out.returning === undefined
        ? '1'
        : selectList(new Projector(out.embeds, p).project(rel, out.returning, []), rel)
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
