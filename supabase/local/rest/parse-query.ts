// PostgREST's query-string grammar (PostgREST.ApiRequest.QueryParams) → an AST. Pure: no
// schema knowledge here; build-sql validates names against the schema cache.
import { aggregatesNotAllowed, invalidRange, notImplemented, queryParamError } from './errors'

export interface JsonStep {
  arrow: '->' | '->>'
  /** A key, or an array index when `index` is true. */
  operand: string
  index: boolean
}

export interface Field {
  name: string
  jsonPath: JsonStep[]
}

export type SelectItem =
  { kind: 'star' } | { kind: 'column'; field: Field; alias?: string; cast?: string } | EmbedItem

/** `alias:name!hint!inner(select)`: a related table embedded in each row. */
export interface EmbedItem {
  kind: 'embed'
  name: string
  alias?: string
  /** A foreign key's name or one of its columns, picking one relationship among several. */
  hint?: string
  inner: boolean
  /** Empty for `name()`: joined (for filtering) but left out of the output. */
  select: SelectItem[]
}

export const SIMPLE_OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxr',
  'nxl',
  'adj',
] as const
export type SimpleOperator = (typeof SIMPLE_OPERATORS)[number]

export const FTS_OPERATORS = ['fts', 'plfts', 'phfts', 'wfts'] as const
export type FtsOperator = (typeof FTS_OPERATORS)[number]

export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown'

export type Operation =
  | { kind: 'op'; op: SimpleOperator; value: string; quantifier?: 'any' | 'all' }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: IsValue }
  | { kind: 'isdistinct'; value: string }
  | { kind: 'fts'; op: FtsOperator; language?: string; value: string }

export interface Filter {
  field: Field
  negated: boolean
  operation: Operation
}

export type LogicTree =
  | { kind: 'filter'; filter: Filter }
  | { kind: 'logic'; negated: boolean; op: 'and' | 'or'; children: LogicTree[] }

export interface OrderTerm {
  field: Field
  direction?: 'asc' | 'desc'
  nulls?: 'nullsfirst' | 'nullslast'
}

/** What `path.filter`, `path.or`, `path.order`, `path.limit`, `path.offset` say of an embed. */
export interface EmbedConditions {
  filters: Filter[]
  logic: LogicTree[]
  order: OrderTerm[]
  limit?: number
  offset?: number
}

export interface QueryAst {
  /** Absent when the request has no `select`: reads then return every column. */
  select?: SelectItem[]
  filters: Filter[]
  logic: LogicTree[]
  order: OrderTerm[]
  limit?: number
  offset?: number
  columns?: string[]
  onConflict?: string[]
  /** Parameters that are neither reserved nor filters: a GET RPC's arguments. */
  params: Array<[string, string]>
  /** Conditions on embedded resources, by path (`messages`, `channels.messages`). */
  embedded: Map<string, EmbedConditions>
}

const isSimpleOperator = (s: string): s is SimpleOperator =>
  (SIMPLE_OPERATORS as readonly string[]).includes(s)
const isFtsOperator = (s: string): s is FtsOperator =>
  (FTS_OPERATORS as readonly string[]).includes(s)

const IDENTIFIER_CHAR = /[\p{L}\p{N}_ $]/u

/** A position in one parameter's text, with PostgREST-style error reporting. */
class Cursor {
  pos = 0

  constructor(
    readonly src: string,
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.src.length
  }

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? ''
  }

  at(s: string): boolean {
    return this.src.startsWith(s, this.pos)
  }

  eat(s: string): boolean {
    if (!this.at(s)) return false
    this.pos += s.length
    return true
  }

  expect(s: string, expecting: string = JSON.stringify(s)): void {
    if (!this.eat(s)) this.fail(expecting)
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++
  }

  fail(expecting: string, unexpected?: string): never {
    const found = unexpected ?? (this.done ? 'end of input' : JSON.stringify(this.peek()))
    throw queryParamError(
      `"failed to parse ${this.what} (${this.src})" (line 1, column ${this.pos + 1})`,
      `unexpected ${found} expecting ${expecting}`,
    )
  }
}

function parseQuoted(c: Cursor): string {
  c.expect('"')
  let out = ''
  for (;;) {
    if (c.done) c.fail('closing quote (")')
    const ch = c.peek()
    c.pos++
    if (ch === '"') return out
    if (ch === '\\') {
      if (c.done) c.fail('an escaped character')
      out += c.peek()
      c.pos++
    } else out += ch
  }
}

function parseIdentifierRun(c: Cursor): string {
  const start = c.pos
  while (!c.done && IDENTIFIER_CHAR.test(c.peek())) c.pos++
  return c.src.slice(start, c.pos)
}

/** pFieldName: a quoted name, or identifier characters joined by dashes (but not `->`). */
function parseFieldName(c: Cursor): string {
  if (c.peek() === '"') return parseQuoted(c)
  let name = parseIdentifierRun(c)
  if (name === '') c.fail('field name (* or [a..z0..9_$])')
  while (c.peek() === '-' && c.peek(1) !== '>') {
    c.pos++
    const part = parseIdentifierRun(c)
    if (part === '') c.fail('field name (* or [a..z0..9_$])')
    name += `-${part}`
  }
  return name.trim()
}

function parseJsonPath(c: Cursor): JsonStep[] {
  const steps: JsonStep[] = []
  for (;;) {
    let arrow: JsonStep['arrow']
    if (c.at('->>')) arrow = '->>'
    else if (c.at('->')) arrow = '->'
    else return steps
    c.pos += arrow.length
    const index = /^-?\d+/.exec(c.src.slice(c.pos))
    const after = index ? c.src.slice(c.pos + index[0].length) : ''
    if (index && (after === '' || /^(->|::|\.|,|\))/.test(after))) {
      c.pos += index[0].length
      steps.push({ arrow, operand: index[0], index: true })
    } else steps.push({ arrow, operand: parseFieldName(c), index: false })
  }
}

function parseField(c: Cursor): Field {
  c.skipSpaces()
  const name = parseFieldName(c)
  const jsonPath = parseJsonPath(c)
  c.skipSpaces()
  return { name, jsonPath }
}

const CAST = /^[A-Za-z_][A-Za-z0-9_]*( [A-Za-z0-9_]+)*$/

function parseSelectItem(c: Cursor): SelectItem {
  c.skipSpaces()
  if (c.eat('*')) {
    c.skipSpaces()
    return { kind: 'star' }
  }
  if (c.at('..')) {
    const spread = c.src.slice(c.pos).replace(/^\.+/, '').split(/[(!]/)[0] ?? ''
    throw notImplemented(
      `Spreading an embedded resource ('${spread}') is not supported by the local server`,
    )
  }
  let alias: string | undefined
  let name = parseFieldName(c)
  if (c.peek() === ':' && c.peek(1) !== ':') {
    c.pos++
    alias = name
    name = parseFieldName(c)
  }
  // PostgREST reads `count()` as the count aggregate; any other `name(` is an embed.
  if (name === 'count' && c.at('()')) throw aggregatesNotAllowed()
  if (c.peek() === '!' || c.peek() === '(') return parseEmbed(c, name, alias)
  const jsonPath = parseJsonPath(c)
  if (/^\.[A-Za-z_]+\(/.test(c.src.slice(c.pos))) throw aggregatesNotAllowed()
  let cast: string | undefined
  if (c.eat('::')) {
    const start = c.pos
    while (!c.done && /[A-Za-z0-9_ ]/.test(c.peek())) c.pos++
    cast = c.src.slice(start, c.pos).trim()
    if (!CAST.test(cast)) c.fail('a type name for the cast')
  }
  c.skipSpaces()
  return { kind: 'column', field: { name, jsonPath }, alias, cast }
}

/** pRelationSelect: `!hint`, `!inner` / `!left`, then the embedded select list. */
function parseEmbed(c: Cursor, name: string, alias: string | undefined): SelectItem {
  let hint: string | undefined
  let inner = false
  while (c.eat('!')) {
    const word = parseFieldName(c)
    if (word === 'inner') inner = true
    else if (word !== 'left') hint = word
  }
  c.expect('(', '"(" after an embedded resource')
  const select: SelectItem[] = []
  c.skipSpaces()
  if (!c.eat(')')) {
    for (;;) {
      select.push(parseSelectItem(c))
      if (c.eat(')')) break
      c.expect(',', '"," or ")"')
    }
  }
  c.skipSpaces()
  if (c.at('::') || c.at('->')) c.fail('"," or ")" after an embedded resource')
  return { kind: 'embed', name, alias, hint, inner, select }
}

export function parseSelect(value: string): SelectItem[] {
  const c = new Cursor(value, 'select parameter')
  const items: SelectItem[] = []
  for (;;) {
    items.push(parseSelectItem(c))
    if (c.done) return items
    c.expect(',', '"," or end of input')
  }
}

/**
 * `"..."` followed by one of `ends` (or the end of input): the unquoted value. Otherwise
 * nothing is consumed, and the quote is part of a bare value, as in PostgREST's `try`.
 */
function tryQuoted(c: Cursor, ends: string): string | undefined {
  if (c.peek() !== '"') return undefined
  const start = c.pos
  try {
    const value = parseQuoted(c)
    if (c.done || ends.includes(c.peek())) return value
  } catch {
    // An unterminated quote: a bare value after all.
  }
  c.pos = start
  return undefined
}

function parseListValue(c: Cursor): string[] {
  c.skipSpaces()
  c.expect('(')
  const values: string[] = []
  for (;;) {
    values.push(tryQuoted(c, ',)') ?? readUntil(c, ',)'))
    if (c.eat(',')) continue
    c.expect(')', '"," or ")"')
    c.skipSpaces()
    return values
  }
}

function readUntil(c: Cursor, stops: string): string {
  const start = c.pos
  while (!c.done && !stops.includes(c.peek())) c.pos++
  return c.src.slice(start, c.pos)
}

const IS_VALUES = new Map<string, IsValue>(
  (['null', 'not_null', 'true', 'false', 'unknown'] as const).map((v) => [v, v]),
)

/**
 * pOpExpr. `readValue` reads the operand: the rest of the parameter at the top level, a
 * possibly quoted element inside and/or trees.
 */
function parseOperation(
  c: Cursor,
  readValue: (c: Cursor) => string,
): { negated: boolean; operation: Operation } {
  const negated = c.eat('not.')
  if (c.eat('in.')) return { negated, operation: { kind: 'in', values: parseListValue(c) } }
  if (c.eat('is.')) {
    const word = /^[A-Za-z_]+/.exec(c.src.slice(c.pos))?.[0] ?? ''
    const value = IS_VALUES.get(word.toLowerCase())
    if (!value) c.fail('null or trilean value (unknown, true, false)')
    c.pos += word.length
    return { negated, operation: { kind: 'is', value } }
  }
  const opMatch = /^([a-z]+)(?:\(([^)]*)\))?\./.exec(c.src.slice(c.pos))
  if (!opMatch) c.fail('operator (eq, gt, ...)')
  const [whole, opName = '', argument] = opMatch
  const start = c.pos
  c.pos += whole.length
  if (opName === 'isdistinct' && argument === undefined)
    return { negated, operation: { kind: 'isdistinct', value: readValue(c) } }
  if (isFtsOperator(opName)) {
    if (argument !== undefined && !/^[\p{L}\p{N}_ $]+$/u.test(argument)) {
      c.pos = start
      c.fail('a text search configuration name')
    }
    return {
      negated,
      operation: { kind: 'fts', op: opName, language: argument?.trim(), value: readValue(c) },
    }
  }
  if (isSimpleOperator(opName)) {
    if (argument === undefined)
      return { negated, operation: { kind: 'op', op: opName, value: readValue(c) } }
    if (argument === 'any' || argument === 'all') {
      if (!['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch'].includes(opName)) {
        c.pos = start
        c.fail('an operator that takes (any) or (all)')
      }
      return {
        negated,
        operation: { kind: 'op', op: opName, value: readValue(c), quantifier: argument },
      }
    }
  }
  c.pos = start
  c.fail(
    'operator (eq, gt, ...)',
    `unknown single value operator ${opName}${argument === undefined ? '' : `(${argument})`}`,
  )
}

const restOfInput = (c: Cursor): string => {
  const value = c.src.slice(c.pos)
  c.pos = c.src.length
  return value
}

/** A filter's value part, e.g. `not.in.(1,2)` of `id=not.in.(1,2)`. */
export function parseFilterValue(field: Field, value: string): Filter {
  const c = new Cursor(value, 'filter')
  const { negated, operation } = parseOperation(c, restOfInput)
  if (!c.done) c.fail('end of input')
  return { field, negated, operation }
}

/** pLogicSingleVal: a quoted value, a `{...}` array literal, or text up to `,` or `)`. */
function readLogicValue(c: Cursor): string {
  const quoted = tryQuoted(c, ',)')
  if (quoted !== undefined) return quoted
  if (c.peek() === '{') {
    const close = c.src.indexOf('}', c.pos)
    const inner = close === -1 ? '' : c.src.slice(c.pos + 1, close)
    if (close !== -1 && !inner.includes('{')) {
      const value = c.src.slice(c.pos, close + 1)
      c.pos = close + 1
      return value
    }
  }
  return readUntil(c, ',)')
}

function parseLogicNode(c: Cursor): LogicTree {
  c.skipSpaces()
  const start = c.pos
  const negated = c.eat('not.')
  const op = c.eat('and(') ? 'and' : c.eat('or(') ? 'or' : undefined
  if (op) {
    const children: LogicTree[] = []
    for (;;) {
      children.push(parseLogicNode(c))
      c.skipSpaces()
      if (c.eat(',')) continue
      c.expect(')', '"," or ")"')
      c.skipSpaces()
      return { kind: 'logic', negated, op, children }
    }
  }
  c.pos = start
  const field = parseField(c)
  c.expect('.', 'delimiter (.)')
  const { negated: notOp, operation } = parseOperation(c, readLogicValue)
  return { kind: 'filter', filter: { field, negated: notOp, operation } }
}

/** `or=(a.eq.1,and(b.gt.2,c.lt.3))` with key `or` (or `not.or`, `and`, `not.and`). */
export function parseLogicTree(key: string, value: string): LogicTree {
  const c = new Cursor(`${key}${value}`, 'logic tree')
  const tree = parseLogicNode(c)
  if (!c.done) c.fail('end of input')
  if (tree.kind !== 'logic') c.fail('logic operator (and, or)')
  return tree
}

export function parseOrder(value: string): OrderTerm[] {
  const c = new Cursor(value, 'order')
  const terms: OrderTerm[] = []
  for (;;) {
    c.skipSpaces()
    const field = parseField(c)
    if (c.peek() === '(')
      throw notImplemented(
        'ordering by a column of an embedded resource is not supported by the local server',
      )
    const term: OrderTerm = { field }
    if (c.eat('.asc')) term.direction = 'asc'
    else if (c.eat('.desc')) term.direction = 'desc'
    if (c.eat('.nullsfirst')) term.nulls = 'nullsfirst'
    else if (c.eat('.nullslast')) term.nulls = 'nullslast'
    c.skipSpaces()
    terms.push(term)
    if (c.done) return terms
    c.expect(',', '"asc", "desc", "nullsfirst", "nullslast", "," or end of input')
  }
}

/** `columns=` and `on_conflict=`: comma-separated field names. */
export function parseColumnList(value: string, what: string): string[] {
  const c = new Cursor(value, what)
  const names: string[] = []
  for (;;) {
    c.skipSpaces()
    names.push(parseFieldName(c))
    c.skipSpaces()
    if (c.done) return names
    c.expect(',', '"," or end of input')
  }
}

/** pTreePath: `a.b.field`, the path of embedded resources and then the field. */
function parseFilterKey(key: string): { path: string[]; field: Field } {
  const c = new Cursor(key, 'tree path')
  const path: string[] = []
  let field = parseField(c)
  while (c.eat('.')) {
    if (field.jsonPath.length > 0) c.fail('end of input')
    path.push(field.name)
    field = parseField(c)
  }
  if (!c.done) c.fail('end of input')
  return { path, field }
}

function conditionsAt(ast: QueryAst, path: readonly string[]): EmbedConditions {
  const key = path.join('.')
  let found = ast.embedded.get(key)
  if (!found) {
    found = { filters: [], logic: [], order: [] }
    ast.embedded.set(key, found)
  }
  return found
}

function hasOperator(value: string): boolean {
  const parts = value.split('.')
  const first = parts[0] ?? ''
  if (first === 'not') return parts.length > 1
  if (first === 'is' || first === 'in' || first === 'isdistinct') return true
  const name = first.replace(/\([^)]*\)$/, '')
  return isSimpleOperator(name) || isFtsOperator(name)
}

function parseNonNegative(key: string, value: string): number {
  if (!/^-?\d+$/.test(value))
    throw queryParamError(`"failed to parse ${key} parameter (${value})"`, 'expecting an integer')
  const n = Number(value)
  if (n < 0) {
    if (key === 'limit') throw invalidRange('Limit should be greater than or equal to zero.')
    throw queryParamError(
      `"failed to parse ${key} parameter (${value})"`,
      'expecting a non-negative integer',
    )
  }
  return n
}

const RESERVED_EMBEDDABLE = new Set(['order', 'limit', 'offset', 'and', 'or'])

/**
 * The whole query string. Parameters arrive decoded (`+` as space, as PostgREST's
 * parseQueryReplacePlus), in order; a filter may repeat.
 */
export function parseQuery(params: Iterable<[string, string]>): QueryAst {
  const ast: QueryAst = { filters: [], logic: [], order: [], params: [], embedded: new Map() }
  for (const [key, value] of params) {
    if (key === 'select') {
      ast.select = parseSelect(value)
      continue
    }
    if (key === 'columns') {
      ast.columns = parseColumnList(value, 'columns parameter')
      continue
    }
    if (key === 'on_conflict') {
      ast.onConflict = parseColumnList(value, 'on_conflict parameter')
      continue
    }
    if (value === '') continue
    const segments = key.split('.')
    const last = segments[segments.length - 1] ?? ''
    if (RESERVED_EMBEDDABLE.has(last)) {
      const path = segments
        .slice(0, -1)
        .filter((s) => !(s === 'not' && (last === 'and' || last === 'or')))
      const target = path.length > 0 ? conditionsAt(ast, path) : ast
      const logicKey = segments.slice(path.length).join('.')
      if (last === 'order') target.order.push(...parseOrder(value))
      else if (last === 'limit') target.limit = parseNonNegative('limit', value)
      else if (last === 'offset') target.offset = parseNonNegative('offset', value)
      else target.logic.push(parseLogicTree(logicKey, value))
      continue
    }
    if (key.includes('.') || hasOperator(value)) {
      const { path, field } = parseFilterKey(key)
      const filter = parseFilterValue(field, value)
      if (path.length > 0) conditionsAt(ast, path).filters.push(filter)
      else ast.filters.push(filter)
      continue
    }
    ast.params.push([key, value])
  }
  return ast
}
