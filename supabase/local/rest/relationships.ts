// Which relationship an embed `name!hint(...)` follows, found from foreign keys as PostgREST
// does (SchemaCache.allM2OandO2ORels, addInverseRels, addM2MRels; Plan.findRel): many-to-one
// where the origin holds the key, one-to-many where the target does, one-to-one where the key
// columns are exactly a primary-key or unique constraint, many-to-many through a table whose
// primary key holds two foreign keys. Views carry no relationships here. Pure.
import type { ForeignKey, SchemaCache, Table } from '../schema-cache'
import { closestName } from '../schema-cache'
import type { RelationshipCandidate } from './errors'
import { ambiguousRelationship, noRelationship } from './errors'

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many'

export interface Junction {
  table: Table
  /** [origin column, junction column] and [target column, junction column] pairs. */
  source: Array<[string, string]>
  target: Array<[string, string]>
  sourceConstraint: string
  targetConstraint: string
}

export interface Relationship {
  origin: Table
  target: Table
  cardinality: Cardinality
  /** The foreign key's name; for many-to-many the junction table's name. */
  constraint: string
  /** [origin column, target column] pairs the join equates (empty for many-to-many). */
  columns: Array<[string, string]>
  junction?: Junction
  isSelf: boolean
}

/** An object (or null) rather than an array. */
export const isToOne = (r: Relationship): boolean =>
  r.cardinality === 'many-to-one' || r.cardinality === 'one-to-one'

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((c) => b.includes(c))

const isUniqueKey = (table: Table, columns: readonly string[]) =>
  table.uniqueKeys.some((key) => sameSet(key, columns))

const pairs = (fk: ForeignKey): Array<[string, string]> =>
  fk.columns.map((c, i) => [c, fk.refColumns[i] ?? c])

const swap = (cols: Array<[string, string]>): Array<[string, string]> =>
  cols.map(([a, b]) => [b, a])

const byName = (a: ForeignKey, b: ForeignKey) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** Every relationship of `origin` to a table of its schema, in PostgREST's order. */
export function relationshipsOf(cache: SchemaCache, origin: Table): Relationship[] {
  const tables = [...(cache.tables.get(origin.schema)?.values() ?? [])]
  const lookup = (fk: ForeignKey) =>
    fk.refSchema === origin.schema ? cache.tables.get(fk.refSchema)?.get(fk.refTable) : undefined
  const direct: Relationship[] = []
  for (const fk of [...origin.foreignKeys].sort(byName)) {
    const target = lookup(fk)
    if (!target) continue
    direct.push({
      origin,
      target,
      cardinality: isUniqueKey(origin, fk.columns) ? 'one-to-one' : 'many-to-one',
      constraint: fk.name,
      columns: pairs(fk),
      isSelf: target === origin,
    })
  }
  const manyToMany: Relationship[] = []
  for (const junction of tables) {
    const keys = [...junction.foreignKeys].sort(byName)
    for (const fromKey of keys) {
      if (lookup(fromKey) !== origin) continue
      for (const toKey of keys) {
        const target = lookup(toKey)
        if (toKey === fromKey || !target) continue
        const cols = [...fromKey.columns, ...toKey.columns]
        if (!cols.every((c) => junction.primaryKey.includes(c))) continue
        manyToMany.push({
          origin,
          target,
          cardinality: 'many-to-many',
          constraint: junction.name,
          columns: [],
          junction: {
            table: junction,
            source: swap(pairs(fromKey)),
            target: swap(pairs(toKey)),
            sourceConstraint: fromKey.name,
            targetConstraint: toKey.name,
          },
          isSelf: target === origin,
        })
      }
    }
  }
  const inverse: Relationship[] = []
  for (const holder of tables)
    for (const fk of [...holder.foreignKeys].sort(byName)) {
      if (lookup(fk) !== origin) continue
      inverse.push({
        origin,
        target: holder,
        cardinality: isUniqueKey(holder, fk.columns) ? 'one-to-one' : 'one-to-many',
        constraint: fk.name,
        columns: swap(pairs(fk)),
        isSelf: holder === origin,
      })
    }
  return [...direct, ...manyToMany, ...inverse]
}

const singleColumn = (r: Relationship, hint: string) => {
  const [only, ...rest] = r.columns
  return only !== undefined && rest.length === 0 && only[0] === hint
}

const singleTargetColumn = (r: Relationship, hint: string) => {
  const [only, ...rest] = r.columns
  return only !== undefined && rest.length === 0 && only[1] === hint
}

const keyConstraint = (r: Relationship, name: string) =>
  r.cardinality !== 'many-to-many' && r.constraint === name

/** Plan.findRel's filter, self-relationships included. */
function matches(r: Relationship, target: string, hint: string | undefined): boolean {
  const byTable = r.target.name === target
  if (r.isSelf && r.cardinality !== 'many-to-many') {
    if (hint === undefined)
      return (
        (byTable && r.cardinality === 'one-to-many') ||
        (singleColumn(r, target) && r.cardinality === 'many-to-one')
      )
    return byTable && r.cardinality === 'one-to-many' && singleTargetColumn(r, hint)
  }
  if (hint === undefined) return byTable || keyConstraint(r, target) || singleColumn(r, target)
  return (
    byTable &&
    (keyConstraint(r, hint) ||
      singleColumn(r, hint) ||
      singleTargetColumn(r, hint) ||
      (r.cardinality === 'many-to-many' && r.constraint === hint))
  )
}

const list = (cols: readonly string[]) => `(${cols.join(', ')})`

/** Error.compressedRel. */
function describe(r: Relationship): RelationshipCandidate {
  const relationship = r.junction
    ? `${r.junction.table.name} using ${r.junction.sourceConstraint}${list(r.junction.source.map(([, j]) => j))} and ${r.junction.targetConstraint}${list(r.junction.target.map(([, j]) => j))}`
    : `${r.constraint} using ${r.origin.name}${list(r.columns.map(([o]) => o))} and ${r.target.name}${list(r.columns.map(([, t]) => t))}`
  return {
    cardinality: r.cardinality,
    embedding: `${r.origin.name} with ${r.target.name}`,
    relationship,
    hinted: `${r.target.name}!${r.constraint}`,
  }
}

export function findRelationship(
  cache: SchemaCache,
  origin: Table,
  target: string,
  hint: string | undefined,
): Relationship {
  const all = relationshipsOf(cache, origin)
  const found = all.filter((r) => matches(r, target, hint))
  const [only, ...rest] = found
  if (!only) {
    const names = new Set(all.map((r) => r.target.name))
    const near = names.has(target) ? undefined : closestName(names, target)
    throw noRelationship(origin.schema, origin.name, target, hint, near ?? null)
  }
  if (rest.length > 0) throw ambiguousRelationship(origin.name, target, found.map(describe))
  return only
}
