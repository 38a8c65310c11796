// Which function an RPC request calls, as PostgREST's Plan.findProc decides: the request's
// argument names against the overloads in the schema cache, then a function with a single
// unnamed parameter that takes the whole body. Pure.
import type { Routine, RoutineParam, SchemaCache } from '../schema-cache'
import { closestName } from '../schema-cache'
import { ambiguousRpc, noRpc } from './errors'

export type RoutineMatch =
  | { kind: 'named'; routine: Routine }
  /** A function whose only parameter is unnamed receives the whole body as its value. */
  | { kind: 'single'; routine: Routine }

/** What a call sends: GET arguments (`none`), or a POST body of this media type. */
export type RpcBody = 'none' | 'json' | 'text' | 'xml' | 'bytea'

const SINGLE_TYPES: Record<Exclude<RpcBody, 'none'>, readonly string[]> = {
  json: ['json', 'jsonb'],
  text: ['text'],
  xml: ['xml'],
  bytea: ['bytea'],
}

/** The schema cache's `callable`: PostgREST never lists other functions with unnamed parameters. */
function callable(routine: Routine): boolean {
  const unnamed = routine.params.filter((p) => p.name === '')
  if (unnamed.length === 0) return true
  return (
    unnamed.length === 1 &&
    ['bytea', 'json', 'jsonb', 'text', 'xml'].includes(unnamed[0]?.type ?? '')
  )
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function compareParam(a: RoutineParam, b: RoutineParam): number {
  return (
    compareText(a.name, b.name) ||
    compareText(a.type, b.type) ||
    // Haskell orders False first: ppReq, so optional parameters before required ones.
    Number(!a.hasDefault) - Number(!b.hasDefault) ||
    Number(a.variadic) - Number(b.variadic)
  )
}

/** Routine's Ord instance: fewer parameters first, then the parameters themselves. */
function compareRoutines(a: Routine, b: Routine): number {
  if (a.params.length !== b.params.length) return a.params.length - b.params.length
  for (let i = 0; i < a.params.length; i++) {
    const pa = a.params[i]
    const pb = b.params[i]
    const c = pa && pb ? compareParam(pa, pb) : 0
    if (c !== 0) return c
  }
  return 0
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((x) => b.has(x))

function matchesParams(routine: Routine, keys: ReadonlySet<string>, body: RpcBody): boolean {
  const { params } = routine
  if (params.length === 0) return keys.size === 0 && (body === 'none' || body === 'json')
  const required = new Set(params.filter((p) => !p.hasDefault).map((p) => p.name))
  const optional = new Set(params.filter((p) => p.hasDefault).map((p) => p.name))
  if (optional.size === 0) return sameSet(keys, required)
  if (required.size === 0) return [...keys].every((k) => optional.has(k))
  return sameSet(new Set([...keys].filter((k) => !optional.has(k))), required)
}

function hasSingleUnnamedParam(routine: Routine, body: RpcBody): boolean {
  const [only, ...rest] = routine.params
  if (body === 'none' || !only || rest.length > 0 || only.name !== '') return false
  return SINGLE_TYPES[body].includes(only.type)
}

function signature(routine: Routine): string {
  return `${routine.schema}.${routine.name}(${routine.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`
}

/** CallPlan: a function whose only parameter is unnamed gets the body positionally. */
function match(routine: Routine): RoutineMatch {
  const [only, ...rest] = routine.params
  return only && rest.length === 0 && only.name === ''
    ? { kind: 'single', routine }
    : { kind: 'named', routine }
}

export function resolveRoutine(
  cache: SchemaCache,
  schema: string,
  name: string,
  argumentKeys: readonly string[],
  body: RpcBody,
): RoutineMatch {
  const bySchema = cache.routines.get(schema)
  const overloads = (bySchema?.get(name) ?? []).filter(callable).sort(compareRoutines)
  const keys = new Set(argumentKeys)
  const named = overloads.filter((r) => matchesParams(r, keys, body))
  const fallback = overloads.filter(
    (r) => !matchesParams(r, keys, body) && hasSingleUnnamedParam(r, body),
  )
  const [first, ...others] = named.length > 0 ? named : fallback
  if (first && others.length === 0) return match(first)
  if (first) throw ambiguousRpc([first, ...others].map(signature))
  const names = [...(bySchema?.entries() ?? [])]
    .filter(([, rs]) => rs.some(callable))
    .map(([n]) => n)
  const near = overloads.length > 0 ? undefined : closestName(names, name)
  throw noRpc(
    schema,
    name,
    [...keys].sort(),
    body,
    near === undefined ? null : `Perhaps you meant to call the function ${schema}.${near}`,
  )
}
