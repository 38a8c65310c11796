// Which function an RPC request calls: PostgREST matches the request's argument names
// against the overloads in the schema cache. Pure.
import type { Routine, SchemaCache } from '../schema-cache'
import { closestName } from '../schema-cache'
import { ambiguousRpc, noRpc } from './errors'

export type RoutineMatch =
  | { kind: 'named'; routine: Routine }
  /** A function with one unnamed json/jsonb parameter receives the whole body. */
  | { kind: 'single'; routine: Routine }

const isJsonType = (type: string) => type === 'json' || type === 'jsonb'

function acceptsNames(routine: Routine, keys: readonly string[]): boolean {
  if (routine.params.some((p) => p.name === '')) return false
  return (
    keys.every((k) => routine.params.some((p) => p.name === k)) &&
    routine.params.every((p) => p.hasDefault || keys.includes(p.name))
  )
}

function signature(routine: Routine): string {
  return `${routine.schema}.${routine.name}(${routine.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`
}

/**
 * `keys` are the argument names the request gives; `jsonBody` whether it sent a JSON body
 * (a POST), which alone may reach a single unnamed json/jsonb parameter.
 */
export function resolveRoutine(
  cache: SchemaCache,
  schema: string,
  name: string,
  keys: readonly string[],
  jsonBody: boolean,
): RoutineMatch {
  const overloads = cache.routines.get(schema)?.get(name) ?? []
  const named = overloads.filter((r) => acceptsNames(r, keys))
  const exact = named.filter((r) => r.params.length === keys.length)
  if (named.length === 1 && named[0]) return { kind: 'named', routine: named[0] }
  if (named.length > 1) {
    if (exact.length === 1 && exact[0]) return { kind: 'named', routine: exact[0] }
    throw ambiguousRpc(named.map(signature))
  }
  const single = overloads.filter(
    (r) => r.params.length === 1 && r.params[0]?.name === '' && isJsonType(r.params[0].type),
  )
  if (jsonBody && single.length === 1 && single[0]) return { kind: 'single', routine: single[0] }
  if (jsonBody && single.length > 1) throw ambiguousRpc(single.map(signature))
  const hint =
    overloads.length > 0
      ? null
      : (closestName(cache.routines.get(schema)?.keys() ?? [], name) ?? null)
  throw noRpc(
    schema,
    name,
    keys,
    hint === null ? null : `Perhaps you meant to call the function ${schema}.${hint}`,
  )
}
