// The tables, columns and functions of the exposed schemas, read from pg_catalog, like
// PostgREST's schema cache. Every identifier a request names is checked against it.
import type pg from 'pg'

export interface Column {
  name: string
  /** The type without modifiers (format_type(oid, null)), fully qualified where needed. */
  type: string
  /** The default expression, qualified (read with search_path = pg_catalog). */
  default: string | null
  generated: boolean
}

export interface Table {
  schema: string
  name: string
  columns: Map<string, Column>
  primaryKey: string[]
  /**
   * The columns of each primary-key and unique constraint: a foreign key over exactly one of
   * them is one-to-one, as in PostgREST (unique indexes without a constraint do not count).
   */
  uniqueKeys: string[][]
  /** Foreign keys this table holds. */
  foreignKeys: ForeignKey[]
  /** Its row type as format_type names it, which a computed field's parameter has. */
  rowType: string
}

export interface ForeignKey {
  name: string
  columns: string[]
  refSchema: string
  refTable: string
  refColumns: string[]
}

export interface RoutineParam {
  /** '' for an unnamed parameter. */
  name: string
  type: string
  hasDefault: boolean
  variadic: boolean
}

export interface Routine {
  schema: string
  name: string
  params: RoutineParam[]
  volatility: 'volatile' | 'stable' | 'immutable'
  returnsSet: boolean
  returnType: string
  /** void → 204; scalar → the bare value; composite → objects with `returnColumns`. */
  returnKind: 'void' | 'scalar' | 'composite'
  /** Column name → type, for a composite result. */
  returnColumns: Map<string, string>
}

export interface SchemaCache {
  schemas: string[]
  tables: Map<string, Map<string, Table>>
  routines: Map<string, Map<string, Routine[]>>
  /**
   * Each role's own settings a user may set (anon's 3 s statement_timeout, …), read with the
   * cache as PostgREST's roleSettings are: a request applies its role's, transaction-locally.
   */
  roleSettings: Map<string, Array<[string, string]>>
}

const ROLE_SETTINGS_SQL = `
  select r.rolname as role, s.name, s.value
  from pg_roles r
  cross join lateral (
    select split_part(c, '=', 1) as name, substr(c, strpos(c, '=') + 1) as value
    from unnest(r.rolconfig) c) s
  join pg_settings p on p.name = s.name and p.context = 'user'
  order by r.rolname, s.name`

interface TableRow {
  schema: string
  name: string
  columns: Array<{ name: string; type: string; default: string | null; generated: boolean }>
  primary_key: string[]
  unique_keys: string[][]
  foreign_keys: Array<{
    name: string
    columns: string[]
    ref_schema: string
    ref_table: string
    ref_columns: string[]
  }>
  row_type: string
}

export interface RoutineRow {
  schema: string
  name: string
  volatility: string
  returns_set: boolean
  return_type: string
  return_typtype: string
  return_columns: Array<{ name: string; type: string }>
  defaults: number
  arg_names: string[] | null
  arg_modes: string[] | null
  arg_types: string[]
}

const TABLES_SQL = `
select n.nspname as schema, c.relname as name,
  coalesce((
    select json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, null),
      'default', case when a.attgenerated = '' then coalesce(
        pg_get_expr(d.adbin, d.adrelid),
        case when a.attidentity = 'd' then format('nextval(%L::regclass)',
          pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname)) end,
        (select pg_get_expr(t.typdefaultbin, 0) from pg_type t
          where t.oid = a.atttypid and t.typtype = 'd')) end,
      'generated', a.attgenerated <> '' or a.attidentity = 'a') order by a.attnum)
    from pg_attribute a
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
  coalesce((
    select json_agg(a.attname order by k.ord)
    from pg_index i
    cross join lateral unnest(i.indkey) with ordinality as k (attnum, ord)
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where i.indrelid = c.oid and i.indisprimary), '[]') as primary_key,
  coalesce((
    select json_agg(array(
      select a.attname from unnest(k.conkey) with ordinality as u (attnum, ord)
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.ord))
    from pg_constraint k where k.conrelid = c.oid and k.contype in ('p', 'u')), '[]') as unique_keys,
  coalesce((
    select json_agg(json_build_object(
      'name', k.conname,
      'columns', array(select a.attname from unnest(k.conkey) with ordinality as u (attnum, ord)
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.ord),
      'ref_schema', rn.nspname,
      'ref_table', rc.relname,
      'ref_columns', array(select a.attname from unnest(k.confkey) with ordinality as u (attnum, ord)
        join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.ord))
      order by k.conname)
    from pg_constraint k
    join pg_class rc on rc.oid = k.confrelid
    join pg_namespace rn on rn.oid = rc.relnamespace
    where k.conrelid = c.oid and k.contype = 'f' and k.conparentid = 0), '[]') as foreign_keys,
  format_type(c.reltype, null) as row_type
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any ($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`

const ROUTINES_SQL = `
select n.nspname as schema, p.proname as name, p.provolatile::text as volatility,
  p.proretset as returns_set, format_type(p.prorettype, null) as return_type,
  t.typtype::text as return_typtype, p.pronargdefaults as defaults,
  coalesce((
    select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, null))
      order by a.attnum) from pg_attribute a
    where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped), '[]') as return_columns,
  p.proargnames as arg_names, p.proargmodes::text[] as arg_modes,
  array(
    select format_type(x.oid, null)
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as x (oid, i)
    order by x.i) as arg_types
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type t on t.oid = p.prorettype
where n.nspname = any ($1) and p.prokind = 'f'`

const VOLATILITY = { v: 'volatile', s: 'stable', i: 'immutable' } as const

export function toRoutine(row: RoutineRow): Routine {
  const types = row.arg_types
  const modes = row.arg_modes ?? types.map(() => 'i')
  const names = row.arg_names ?? []
  const inputs: RoutineParam[] = []
  const outputs: Array<[string, string]> = []
  types.forEach((type, i) => {
    const mode = modes[i] ?? 'i'
    const name = names[i] ?? ''
    if (mode === 'i' || mode === 'b' || mode === 'v')
      inputs.push({ name, type, hasDefault: false, variadic: mode === 'v' })
    if (mode === 'o' || mode === 'b' || mode === 't') outputs.push([name, type])
  })
  inputs.forEach((param, i) => {
    param.hasDefault = i >= inputs.length - row.defaults
  })
  const composite =
    row.return_typtype === 'c' || (row.return_type === 'record' && outputs.length > 0)
  return {
    schema: row.schema,
    name: row.name,
    params: inputs,
    volatility: VOLATILITY[row.volatility as keyof typeof VOLATILITY] ?? 'volatile',
    returnsSet: row.returns_set,
    returnType: row.return_type,
    returnKind: row.return_type === 'void' ? 'void' : composite ? 'composite' : 'scalar',
    returnColumns: new Map(
      row.return_typtype === 'c'
        ? row.return_columns.map((c) => [c.name, c.type])
        : composite
          ? outputs
          : [],
    ),
  }
}

export async function loadSchemaCache(
  client: pg.ClientBase,
  schemas: readonly string[],
): Promise<SchemaCache> {
  // Read with an empty search path so type names and default expressions come out qualified,
  // and mean the same whatever search_path a request later runs with.
  await client.query('begin read only')
  try {
    await client.query(`set local search_path = pg_catalog`)
    const tables = await client.query<TableRow>(TABLES_SQL, [schemas])
    const routines = await client.query<RoutineRow>(ROUTINES_SQL, [schemas])
    const settings = await client.query<{ role: string; name: string; value: string }>(
      ROLE_SETTINGS_SQL,
    )
    const cache: SchemaCache = {
      schemas: [...schemas],
      tables: new Map(),
      routines: new Map(),
      roleSettings: new Map(),
    }
    for (const { role, name, value } of settings.rows)
      cache.roleSettings.set(role, [...(cache.roleSettings.get(role) ?? []), [name, value]])
    for (const schema of schemas) {
      cache.tables.set(schema, new Map())
      cache.routines.set(schema, new Map())
    }
    for (const row of tables.rows) {
      cache.tables.get(row.schema)?.set(row.name, {
        schema: row.schema,
        name: row.name,
        columns: new Map(row.columns.map((c) => [c.name, c])),
        primaryKey: row.primary_key,
        uniqueKeys: row.unique_keys,
        foreignKeys: row.foreign_keys.map((k) => ({
          name: k.name,
          columns: k.columns,
          refSchema: k.ref_schema,
          refTable: k.ref_table,
          refColumns: k.ref_columns,
        })),
        rowType: row.row_type,
      })
    }
    for (const row of routines.rows) {
      const bySchema = cache.routines.get(row.schema)
      bySchema?.set(row.name, [...(bySchema.get(row.name) ?? []), toRoutine(row)])
    }
    return cache
  } finally {
    await client.query('commit')
  }
}

export function findTable(cache: SchemaCache, schema: string, name: string): Table | undefined {
  return cache.tables.get(schema)?.get(name)
}

/** PostgREST's fuzzy "Perhaps you meant" hint, simplified to an edit-distance search. */
export function closestName(candidates: Iterable<string>, name: string): string | undefined {
  let best: string | undefined
  let bestScore = 0
  for (const candidate of candidates) {
    const score = similarity(candidate, name)
    if (score > bestScore) {
      best = candidate
      bestScore = score
    }
  }
  return bestScore >= 0.75 ? best : undefined
}

function similarity(a: string, b: string): number {
  if (a === b) return 1
  const d = levenshtein(a, b)
  return 1 - d / Math.max(a.length, b.length)
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost))
    }
    prev = cur
  }
  return prev[b.length] ?? 0
}
