import { describe, expect, it } from 'vitest'
import type { ReadRequest } from '../../../supabase/local/rest/build-sql'
import {
  buildCallRead,
  buildDelete,
  buildInsert,
  buildTableRead,
  buildUpdate,
  buildVoidCall,
  ident,
  pgArrayLiteral,
} from '../../../supabase/local/rest/build-sql'
import { ApiError } from '../../../supabase/local/rest/errors'
import { parseQuery } from '../../../supabase/local/rest/parse-query'
import type { Routine, Table } from '../../../supabase/local/schema-cache'

const sites: Table = {
  schema: 'business',
  name: 'sites',
  primaryKey: ['id'],
  uniqueKeys: [['id']],
  foreignKeys: [],
  rowType: 'business.sites',
  columns: new Map(
    [
      { name: 'id', type: 'uuid', default: 'gen_random_uuid()', generated: false },
      { name: 'name', type: 'text', default: null, generated: false },
      { name: 'status', type: 'text', default: "'active'::text", generated: false },
      { name: 'capacity_kw', type: 'numeric', default: null, generated: false },
      { name: 'parts', type: 'jsonb', default: null, generated: false },
      { name: 'doc', type: 'tsvector', default: null, generated: false },
    ].map((c) => [c.name, c]),
  ),
}

function read(qs: string, extra: Partial<ReadRequest> = {}): ReadRequest {
  const ast = parseQuery(new URLSearchParams(qs))
  return {
    select: ast.select,
    filters: ast.filters,
    logic: ast.logic,
    order: ast.order,
    page: { offset: ast.offset ?? 0, limit: ast.limit },
    count: false,
    singular: false,
    stripNulls: false,
    ...extra,
  }
}

function errorOf(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

describe('identifiers and literals', () => {
  it('quotes identifiers and drops NUL like pgFmtIdent', () => {
    expect(ident('sites')).toBe('"sites"')
    expect(ident('a"b')).toBe('"a""b"')
    expect(ident('a\0b')).toBe('"a"')
  })

  it('builds array literals like pgBuildArrayLiteral', () => {
    expect(pgArrayLiteral(['a', 'b,c', 'q"uote', 'back\\slash'])).toBe(
      '{"a","b,c","q\\"uote","back\\\\slash"}',
    )
  })
})

describe('reads', () => {
  it('puts every value in a parameter and every name in quotes', () => {
    const sql = buildTableRead(
      sites,
      read(
        "select=id,label:name&name=eq.x'; drop table t; --&capacity_kw=gte.5&order=name.desc.nullslast&limit=10&offset=20",
      ),
    )
    expect(sql.text).toBe(
      'SELECT null::bigint AS total_result_set, pg_catalog.count(*) AS page_total, ' +
        "coalesce((json_agg(_postgrest_t))::text, '[]') AS body FROM (SELECT " +
        '"business"."sites"."id", "business"."sites"."name" AS "label" FROM "business"."sites" ' +
        'WHERE "business"."sites"."name" = $1 AND "business"."sites"."capacity_kw" >= $2 ' +
        'ORDER BY "business"."sites"."name" DESC NULLS LAST LIMIT $3 OFFSET $4) _postgrest_t',
    )
    expect(sql.values).toEqual(["x'; drop table t; --", '5', 10, 20])
  })

  it('counts with the same conditions, without the page', () => {
    const sql = buildTableRead(sites, read('status=eq.active&limit=2', { count: true }))
    expect(sql.text).toContain(
      '(SELECT pg_catalog.count(*) FROM "business"."sites" WHERE "business"."sites"."status" = $1) AS total_result_set',
    )
  })

  it('translates every operator', () => {
    const where = (qs: string) => {
      const sql = buildTableRead(sites, read(qs))
      return {
        text: sql.text.slice(sql.text.indexOf('WHERE') + 6, sql.text.indexOf(') _postgrest_t')),
        values: sql.values,
      }
    }
    const col = (c: string) => `"business"."sites"."${c}"`
    expect(where('name=like.*a*')).toEqual({ text: `${col('name')} LIKE $1`, values: ['%a%'] })
    expect(where('name=not.ilike.a*')).toEqual({
      text: `NOT ${col('name')} ILIKE $1`,
      values: ['a%'],
    })
    expect(where('name=in.(a,"b,c")')).toEqual({
      text: `${col('name')} = ANY($1)`,
      values: ['{"a","b,c"}'],
    })
    expect(where('name=in.()').text).toBe(`${col('name')} = ANY('{}')`)
    expect(where('name=is.not_null').text).toBe(`${col('name')} IS NOT NULL`)
    expect(where('name=isdistinct.x').text).toBe(`${col('name')} IS DISTINCT FROM $1`)
    expect(where('name=eq(any).{a,b}').text).toBe(`${col('name')} = ANY($1)`)
    expect(where('name=match.^a').text).toBe(`${col('name')} ~ $1`)
    expect(where('parts=cs.[1]').text).toBe(`${col('parts')} @> $1`)
    expect(where('name=fts(english).oil')).toEqual({
      text: `to_tsvector($1::regconfig, ${col('name')}) @@ to_tsquery($1::regconfig, $2)`,
      values: ['english', 'oil'],
    })
    expect(where('doc=plfts.oil').text).toBe(`${col('doc')} @@ plainto_tsquery($1)`)
    expect(where('parts->0->>name=eq.x')).toEqual({
      text: `${col('parts')}->$1::int->>$2::text = $3`,
      values: ['0', 'name', 'x'],
    })
    expect(where('or=(name.eq.a,not.and(status.eq.b,capacity_kw.lt.3))').text).toBe(
      `(${col('name')} = $1 OR NOT (${col('status')} = $2 AND ${col('capacity_kw')} < $3))`,
    )
  })

  it('answers one object for singular requests and can strip nulls', () => {
    const sql = buildTableRead(sites, read('', { singular: true, stripNulls: true }))
    expect(sql.text).toContain(
      "coalesce((json_strip_nulls(json_agg(_postgrest_t))->0)::text, 'null') AS body",
    )
    expect(sql.text).toContain('"business"."sites".*')
  })

  it('refuses names the schema cache does not know, wherever they appear', () => {
    for (const qs of [
      'select=nope',
      'nope=eq.1',
      'order=nope',
      'or=(nope.eq.1)',
      'select=name,"na\\"me"',
    ])
      expect(errorOf(() => buildTableRead(sites, read(qs))).body).toMatchObject({ code: '42703' })
  })
})

describe('writes', () => {
  const out = { returning: [{ kind: 'star' as const }], singular: false, stripNulls: false }
  const minimal = { singular: false, stripNulls: false }
  const payload = (rows: Array<Record<string, unknown>>, isArray = true) => ({
    json: JSON.stringify(isArray ? rows : rows[0]),
    rows,
    isArray,
  })

  it('insert: the body is one parameter, decoded by json_to_recordset with the column types', () => {
    const body = payload([{ name: 'a', capacity_kw: 1 }])
    const sql = buildInsert(
      sites,
      body,
      { columns: ['name', 'capacity_kw'], missingDefault: false },
      out,
    )
    expect(sql.text).toBe(
      'WITH pgrst_source AS (INSERT INTO "business"."sites" ("name", "capacity_kw") SELECT pgrst_body."name", ' +
        'pgrst_body."capacity_kw" FROM json_to_recordset($1::json) AS pgrst_body("name" text, "capacity_kw" numeric) ' +
        'RETURNING ROW("business"."sites".*)::"business"."sites" AS pgrst_row, true AS pgrst_inserted), ' +
        'pgrst_written AS (SELECT (pgrst_row).* FROM pgrst_source) ' +
        'SELECT null::bigint AS total_result_set, (SELECT pg_catalog.count(*) FROM pgrst_source) AS page_total, ' +
        '(SELECT pg_catalog.count(*) FROM pgrst_source WHERE pgrst_inserted) AS inserted, ' +
        "coalesce((json_agg(_postgrest_t))::text, '[]') AS body " +
        'FROM (SELECT pgrst_written.* FROM pgrst_written) _postgrest_t',
    )
    expect(sql.values).toEqual([body.json])
    const single = buildInsert(
      sites,
      payload([{ name: 'a' }], false),
      { columns: ['name'], missingDefault: false },
      minimal,
    )
    expect(single.text).toContain('json_to_record($1::json)')
    expect(single.text).toMatch(/AS inserted, '' AS body$/)
  })

  it('insert with missing=default fills absent keys from the column defaults', () => {
    const sql = buildInsert(
      sites,
      payload([{ name: 'a' }, { name: 'b', status: 'planned' }]),
      { columns: ['name', 'status'], missingDefault: true },
      minimal,
    )
    expect(sql.text).toContain(
      "jsonb_array_elements($2::jsonb) AS pgrst_elem(val), jsonb_to_record(jsonb_build_object($1::text, ('active'::text)) || pgrst_elem.val)",
    )
    expect(sql.values[0]).toBe('status')
  })

  it('upsert: merge-duplicates and ignore-duplicates on the primary key or on_conflict', () => {
    const body = payload([{ id: '1', name: 'a' }])
    const merge = buildInsert(
      sites,
      body,
      { columns: ['id', 'name'], missingDefault: false, resolution: 'merge-duplicates' },
      minimal,
    )
    expect(merge.text).toContain(
      'ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id", "name" = EXCLUDED."name"',
    )
    const ignore = buildInsert(
      sites,
      body,
      {
        columns: ['id', 'name'],
        missingDefault: false,
        resolution: 'ignore-duplicates',
        onConflict: ['name'],
      },
      minimal,
    )
    expect(ignore.text).toContain('ON CONFLICT ("name") DO NOTHING')
    const unknown = errorOf(() =>
      buildInsert(
        sites,
        body,
        {
          columns: ['id'],
          missingDefault: false,
          resolution: 'merge-duplicates',
          onConflict: ['x'],
        },
        minimal,
      ),
    )
    expect(unknown.body.code).toBe('42703')
    const keyless = { ...sites, primaryKey: [] }
    expect(
      errorOf(() =>
        buildInsert(
          keyless,
          body,
          { columns: ['id'], missingDefault: false, resolution: 'merge-duplicates' },
          minimal,
        ),
      ).body.code,
    ).toBe('PGRST127')
  })

  it('insert: unknown columns → PGRST204; no columns → rows of defaults', () => {
    expect(
      errorOf(() =>
        buildInsert(
          sites,
          payload([{ nope: 1 }]),
          { columns: ['nope'], missingDefault: false },
          minimal,
        ),
      ).body,
    ).toMatchObject({
      code: 'PGRST204',
      message: "Could not find the 'nope' column of 'sites' in the schema cache",
    })
    const empty = buildInsert(
      sites,
      payload([{}, {}]),
      { columns: [], missingDefault: false },
      minimal,
    )
    expect(empty.text).toContain(
      'INSERT INTO "business"."sites" SELECT FROM generate_series(1, $1::int)',
    )
    expect(empty.values).toEqual([2])
  })

  it('update and delete apply the filters to the table', () => {
    const cond = parseQuery(new URLSearchParams('status=eq.active'))
    const update = buildUpdate(sites, payload([{ name: 'x' }], false), ['name'], cond, minimal)
    expect(update.text).toContain(
      'UPDATE "business"."sites" SET "name" = pgrst_body."name" FROM (SELECT * FROM json_to_record($1::json) AS pgrst_row("name" text) LIMIT 1) pgrst_body WHERE "business"."sites"."status" = $2 RETURNING ROW(',
    )
    const nothing = buildUpdate(sites, payload([{}], false), [], cond, out)
    expect(nothing.text).toContain('WHERE false')
    const del = buildDelete(sites, cond, out)
    expect(del.text).toContain(
      'DELETE FROM "business"."sites" WHERE "business"."sites"."status" = $1 RETURNING ROW(',
    )
  })
})

describe('calls', () => {
  const routine = (over: Partial<Routine>): Routine => ({
    schema: 'public',
    name: 'fn',
    params: [],
    volatility: 'volatile',
    returnsSet: false,
    returnType: 'integer',
    returnKind: 'scalar',
    returnColumns: new Map(),
    ...over,
  })
  const empty = read('')

  it('named arguments come from one JSON parameter, typed by the function', () => {
    const fn = routine({
      params: [
        { name: 'p_cursor', type: 'jsonb', hasDefault: true, variadic: false },
        { name: 'p_limit', type: 'integer', hasDefault: true, variadic: false },
      ],
      returnType: 'jsonb',
    })
    const json = '{"p_cursor":null,"p_limit":500}'
    const sql = buildCallRead(
      { kind: 'named', routine: fn },
      { json, keys: ['p_cursor', 'p_limit'] },
      empty,
    )
    expect(sql.text).toContain(
      'WITH pgrst_call AS (SELECT pgrst_fn.* FROM json_to_record($1::json) AS pgrst_args("p_cursor" jsonb, "p_limit" integer), ' +
        '"public"."fn"("p_cursor" := pgrst_args."p_cursor", "p_limit" := pgrst_args."p_limit") AS pgrst_fn(pgrst_scalar))',
    )
    expect(sql.text).toContain(
      "coalesce((json_agg(_postgrest_t.pgrst_scalar)->0)::text, 'null') AS body",
    )
    expect(sql.values).toEqual([json])
  })

  it('only the arguments given are passed; variadic ones say so', () => {
    const fn = routine({
      params: [
        { name: 'a', type: 'integer', hasDefault: false, variadic: false },
        { name: 'rest', type: 'integer[]', hasDefault: true, variadic: true },
      ],
    })
    const sql = buildCallRead(
      { kind: 'named', routine: fn },
      { json: '{}', keys: ['a', 'rest'] },
      empty,
    )
    expect(sql.text).toContain(
      '"public"."fn"("a" := pgrst_args."a", VARIADIC "rest" := pgrst_args."rest")',
    )
    const none = buildCallRead({ kind: 'named', routine: fn }, { json: '{}', keys: [] }, empty)
    expect(none.text).toContain('FROM "public"."fn"() AS pgrst_fn(pgrst_scalar)')
  })

  it('a set of rows reads like a relation: select, filters, order, paging', () => {
    const fn = routine({
      returnsSet: true,
      returnKind: 'composite',
      returnColumns: new Map([
        ['i', 'integer'],
        ['label', 'text'],
      ]),
    })
    const sql = buildCallRead(
      { kind: 'named', routine: fn },
      { json: '{}', keys: [] },
      read('select=label&i=gt.1&order=i&limit=2', { count: true }),
    )
    expect(sql.text).toBe(
      'WITH pgrst_call AS (SELECT pgrst_fn.* FROM "public"."fn"() AS pgrst_fn) SELECT (SELECT pg_catalog.count(*) FROM pgrst_call ' +
        'WHERE pgrst_call."i" > $1) AS total_result_set, pg_catalog.count(*) AS page_total, ' +
        'coalesce((json_agg(_postgrest_t))::text, \'[]\') AS body FROM (SELECT pgrst_call."label" FROM pgrst_call ' +
        'WHERE pgrst_call."i" > $1 ORDER BY pgrst_call."i" LIMIT $2) _postgrest_t',
    )
    expect(
      errorOf(() =>
        buildCallRead({ kind: 'named', routine: fn }, { json: '{}', keys: [] }, read('nope=eq.1')),
      ).body.code,
    ).toBe('42703')
  })

  it('a single unnamed json parameter gets the body; void functions are just called', () => {
    const fn = routine({
      params: [{ name: '', type: 'jsonb', hasDefault: false, variadic: false }],
    })
    const single = buildCallRead(
      { kind: 'single', routine: fn },
      { json: '{"a":1}', keys: ['a'] },
      empty,
    )
    expect(single.text).toContain('"public"."fn"($1::jsonb) AS pgrst_fn(pgrst_scalar)')
    const voidFn = routine({ returnKind: 'void', returnType: 'void' })
    expect(buildVoidCall({ kind: 'named', routine: voidFn }, { json: '{}', keys: [] })).toEqual({
      text: 'SELECT "public"."fn"()',
      values: [],
    })
  })
})
