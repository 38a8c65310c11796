import { describe, expect, it } from 'vitest'
import type { ReadRequest } from '../../../supabase/local/rest/build-sql'
import { buildTableRead } from '../../../supabase/local/rest/build-sql'
import { ApiError } from '../../../supabase/local/rest/errors'
import { parseQuery } from '../../../supabase/local/rest/parse-query'
import { findRelationship } from '../../../supabase/local/rest/relationships'
import type { ForeignKey, Routine, SchemaCache, Table } from '../../../supabase/local/schema-cache'

// A cut of the postgrest-js fixture schema (supabase-js packages/core/postgrest-js/test/supabase).
function table(
  name: string,
  columns: string[],
  primaryKey: string[],
  foreignKeys: Array<Omit<ForeignKey, 'refSchema'>> = [],
  uniqueKeys: string[][] = [primaryKey],
): Table {
  return {
    schema: 'public',
    name,
    columns: new Map(
      columns.map((c) => [c, { name: c, type: 'text', default: null, generated: false }]),
    ),
    primaryKey,
    uniqueKeys,
    foreignKeys: foreignKeys.map((k) => ({ ...k, refSchema: 'public' })),
    rowType: name,
  }
}

const fk = (name: string, columns: string[], refTable: string, refColumns: string[]) => ({
  name,
  columns,
  refTable,
  refColumns,
})

const tables = [
  table('users', ['username', 'status'], ['username']),
  table('channels', ['id', 'slug'], ['id']),
  table(
    'channel_details',
    ['id', 'details'],
    ['id'],
    [fk('channel_details_id_fkey', ['id'], 'channels', ['id'])],
  ),
  table(
    'messages',
    ['id', 'message', 'username', 'channel_id'],
    ['id'],
    [
      fk('messages_channel_id_fkey', ['channel_id'], 'channels', ['id']),
      fk('messages_username_fkey', ['username'], 'users', ['username']),
    ],
  ),
  table(
    'best_friends',
    ['id', 'first_user', 'second_user', 'third_wheel'],
    ['id'],
    [
      fk('best_friends_first_user_fkey', ['first_user'], 'users', ['username']),
      fk('best_friends_second_user_fkey', ['second_user'], 'users', ['username']),
      fk('best_friends_third_wheel_fkey', ['third_wheel'], 'users', ['username']),
    ],
  ),
  table(
    'collections',
    ['id', 'description', 'parent_id'],
    ['id'],
    [fk('collections_parent_id_fkey', ['parent_id'], 'collections', ['id'])],
  ),
  table('products', ['id', 'name'], ['id']),
  table('categories', ['id', 'name'], ['id']),
  table(
    'product_categories',
    ['product_id', 'category_id'],
    ['product_id', 'category_id'],
    [
      fk('product_categories_category_id_fkey', ['category_id'], 'categories', ['id']),
      fk('product_categories_product_id_fkey', ['product_id'], 'products', ['id']),
    ],
  ),
]

const blurb: Routine = {
  schema: 'public',
  name: 'blurb_message',
  params: [{ name: '', type: 'messages', hasDefault: false, variadic: false }],
  volatility: 'stable',
  returnsSet: false,
  returnType: 'character varying',
  returnKind: 'scalar',
  returnColumns: new Map(),
}

const cache: SchemaCache = {
  schemas: ['public'],
  tables: new Map([['public', new Map(tables.map((t) => [t.name, t]))]]),
  roleSettings: new Map(),
  routines: new Map([['public', new Map([['blurb_message', [blurb]]])]]),
}

const get = (name: string): Table => {
  const t = cache.tables.get('public')?.get(name)
  if (!t) throw new Error(name)
  return t
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

function read(from: string, qs: string): { text: string; values: unknown[] } {
  const ast = parseQuery(new URLSearchParams(qs))
  const req: ReadRequest = {
    select: ast.select,
    filters: ast.filters,
    logic: ast.logic,
    order: ast.order,
    page: { offset: ast.offset ?? 0, limit: ast.limit },
    count: false,
    singular: false,
    stripNulls: false,
    embeds: { cache, embedded: ast.embedded },
  }
  return buildTableRead(get(from), req)
}

describe('relationships', () => {
  const rel = (from: string, to: string, hint?: string) =>
    findRelationship(cache, get(from), to, hint)

  it('many-to-one, one-to-many, one-to-one, many-to-many', () => {
    expect(rel('messages', 'users')).toMatchObject({
      cardinality: 'many-to-one',
      columns: [['username', 'username']],
    })
    expect(rel('users', 'messages')).toMatchObject({
      cardinality: 'one-to-many',
      columns: [['username', 'username']],
    })
    expect(rel('channels', 'channel_details').cardinality).toBe('one-to-one')
    expect(rel('channel_details', 'channels').cardinality).toBe('one-to-one')
    expect(rel('products', 'categories')).toMatchObject({
      cardinality: 'many-to-many',
      constraint: 'product_categories',
    })
  })

  it('hints by constraint, by column, by referenced column; targets by column or key', () => {
    expect(rel('best_friends', 'users', 'best_friends_second_user_fkey').columns).toEqual([
      ['second_user', 'username'],
    ])
    expect(rel('best_friends', 'users', 'third_wheel').constraint).toBe(
      'best_friends_third_wheel_fkey',
    )
    expect(rel('users', 'best_friends', 'first_user').cardinality).toBe('one-to-many')
    expect(rel('messages', 'channel_id').target.name).toBe('channels')
    expect(rel('messages', 'messages_username_fkey').target.name).toBe('users')
  })

  it('self-references: the table name is the children, the column the parent', () => {
    expect(rel('collections', 'collections').cardinality).toBe('one-to-many')
    expect(rel('collections', 'parent_id').cardinality).toBe('many-to-one')
    expect(rel('collections', 'collections', 'parent_id').cardinality).toBe('one-to-many')
  })

  it('ambiguity → 300 PGRST201 with the candidates, as upstream snapshots show', () => {
    const error = errorOf(() => rel('best_friends', 'users'))
    expect(error.status).toBe(300)
    expect(error.body).toEqual({
      code: 'PGRST201',
      message:
        "Could not embed because more than one relationship was found for 'best_friends' and 'users'",
      details: ['first_user', 'second_user', 'third_wheel'].map((c) => ({
        cardinality: 'many-to-one',
        embedding: 'best_friends with users',
        relationship: `best_friends_${c}_fkey using best_friends(${c}) and users(username)`,
      })),
      hint: "Try changing 'users' to one of the following: 'users!best_friends_first_user_fkey', 'users!best_friends_second_user_fkey', 'users!best_friends_third_wheel_fkey'. Find the desired relationship in the 'details' key.",
    })
  })

  it('none → 400 PGRST200, naming the hint', () => {
    expect(errorOf(() => rel('messages', 'message_details')).body).toEqual({
      code: 'PGRST200',
      message:
        "Could not find a relationship between 'messages' and 'message_details' in the schema cache",
      details:
        "Searched for a foreign key relationship between 'messages' and 'message_details' in the schema 'public', but no matches were found.",
      hint: null,
    })
    expect(errorOf(() => rel('messages', 'users', 'nope')).body.details).toBe(
      "Searched for a foreign key relationship between 'messages' and 'users' using the hint 'nope' in the schema 'public', but no matches were found.",
    )
    expect(errorOf(() => rel('messages', 'user')).body.hint).toBe(
      "Perhaps you meant 'users' instead of 'user'.",
    )
  })
})

describe('embedding SQL', () => {
  it('a to-one embed is a lateral row, a to-many one a lateral json_agg, aliased like PostgREST', () => {
    const sql = read('messages', 'select=id,user:users(username),channels(slug,messages(id))')
    expect(sql.text).toContain(
      'SELECT "public"."messages"."id", row_to_json("messages_user_1".*)::jsonb AS "user", row_to_json("messages_channels_1".*)::jsonb AS "channels" FROM "public"."messages"' +
        ' LEFT JOIN LATERAL (SELECT "users_1"."username" FROM "public"."users" AS "users_1" WHERE "users_1"."username" = "public"."messages"."username") AS "messages_user_1" ON TRUE' +
        ' LEFT JOIN LATERAL (SELECT "channels_1"."slug", COALESCE("channels_messages_2"."channels_messages_2", \'[]\') AS "messages" FROM "public"."channels" AS "channels_1"' +
        ' LEFT JOIN LATERAL (SELECT json_agg("channels_messages_2")::jsonb AS "channels_messages_2" FROM (SELECT "messages_2"."id" FROM "public"."messages" AS "messages_2" WHERE "messages_2"."channel_id" = "channels_1"."id") AS "channels_messages_2") AS "channels_messages_2" ON TRUE' +
        ' WHERE "channels_1"."id" = "public"."messages"."channel_id") AS "messages_channels_1" ON TRUE',
    )
  })

  it('!inner joins INNER; filters, order and paging apply inside the embed', () => {
    const sql = read(
      'users',
      'select=username,messages!inner(id)&messages.channel_id=eq.1&messages.order=id.desc&messages.limit=2',
    )
    expect(sql.text).toContain(
      'INNER JOIN LATERAL (SELECT json_agg("users_messages_1")::jsonb AS "users_messages_1" FROM (SELECT "messages_1"."id" FROM "public"."messages" AS "messages_1" WHERE "messages_1"."channel_id" = $1 AND "messages_1"."username" = "public"."users"."username" ORDER BY "messages_1"."id" DESC LIMIT $2) AS "users_messages_1") AS "users_messages_1" ON "users_messages_1" IS NOT NULL',
    )
    expect(sql.values).toEqual(['1', 2])
  })

  it('an empty embed joins but adds no output; many-to-many goes through the junction', () => {
    const empty = read('messages', 'select=id,users!inner()&users.status=eq.ONLINE')
    expect(empty.text).toContain(
      'SELECT "public"."messages"."id" FROM "public"."messages" INNER JOIN LATERAL',
    )
    const m2m = read('products', 'select=name,categories(name)')
    expect(m2m.text).toContain(
      'FROM (SELECT "public"."categories"."name" FROM "public"."categories", "public"."product_categories" WHERE "public"."categories"."id" = "public"."product_categories"."category_id" AND "public"."product_categories"."product_id" = "public"."products"."id")',
    )
  })

  it('conditions on what the select does not embed → PGRST108', () => {
    expect(errorOf(() => read('users', 'select=*&messages.id=eq.1')).body).toEqual({
      code: 'PGRST108',
      message: "'messages' is not an embedded resource in this request",
      details: null,
      hint: "Verify that 'messages' is included in the 'select' query parameter.",
    })
    expect(errorOf(() => read('users', 'select=*,m:messages(*)&messages.id=eq.1')).body).toEqual({
      code: 'PGRST108',
      message: "'messages' is not an embedded resource in this request",
      details: 'Target names are not allowed in filters if they have an alias',
      hint: "Change 'messages' to 'm' in filters, orders or limits.",
    })
    expect(
      errorOf(() => read('users', 'select=*,messages(*)&messages.users.order=id')).body.code,
    ).toBe('PGRST108')
  })

  it('unknown embedded columns name the alias, as PostgreSQL would', () => {
    expect(errorOf(() => read('users', 'select=username,messages(sum)')).body).toMatchObject({
      code: '42703',
      message: 'column messages_1.sum does not exist',
    })
  })

  it('computed fields and computed relationships are refused with PGRST127', () => {
    expect(errorOf(() => read('messages', 'select=*,blurb_message')).body).toMatchObject({
      code: 'PGRST127',
      message: 'Feature not implemented',
    })
    expect(errorOf(() => read('messages', 'select=*,blurb_message(*)')).body.code).toBe('PGRST127')
  })
})
