// The contract between the migrated database and src/shared: the same facts are written in
// SQL and in TypeScript, and this test fails the moment they disagree. It reads the catalog
// (sync_tables, client_columns(), CHECK constraints, NOT NULL) and compares it with the zod
// schemas, then replays boundary values of both sides through validateRow and PostgreSQL and
// requires the same verdict.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ClientWritableTable } from '../../../src/shared/schema/tables'
import {
  CLIENT_WRITABLE_TABLE_NAMES,
  SERVER_COLUMNS,
  SYNCED_TABLES,
  SYNCED_TABLE_NAMES,
} from '../../../src/shared/schema/tables'
import { validateRow } from '../../../src/shared/schema/validate'
import { PUSH_ERROR_CODES, SYNC_MOVES } from '../../../src/shared/sync/protocol'
import type { TestDatabase } from '../../support/db'
import { createTestDatabase } from '../../support/db'

let db: TestDatabase

beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

/** Columns that exist only on the server and never reach a device. */
const SERVER_ONLY = new Set(['txid'])

interface Check {
  table: string
  name: string
  def: string
}

async function checks(table: string): Promise<Check[]> {
  const { rows } = await db.pool.query<Check>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
     from pg_constraint where contype = 'c' and conrelid = $1::regclass order by conname`,
    [`business.${table}`],
  )
  return rows
}

const unwrap = (field: z.ZodType): z.ZodType => {
  let f = field
  while (f instanceof z.ZodNullable || f instanceof z.ZodOptional || f instanceof z.ZodDefault)
    f = (f as z.ZodNullable<z.ZodType>).unwrap()
  return f
}

const shapeOf = (table: string) =>
  SYNCED_TABLES[table as ClientWritableTable].schema.shape as Record<string, z.ZodType>

describe('the synced tables', () => {
  it('sync_tables lists the tables src/shared syncs, in the same order, with the same push rights', async () => {
    const { rows } = await db.pool.query<{
      table_name: string
      site_column: string
      client_writable: boolean
    }>(
      'select table_name, site_column, client_writable from business.sync_tables order by position',
    )
    const server = rows.filter((r) => r.table_name !== SYNC_MOVES)
    expect(server.map((r) => r.table_name)).toEqual(SYNCED_TABLE_NAMES)
    for (const r of server) {
      const t = SYNCED_TABLES[r.table_name as keyof typeof SYNCED_TABLES]
      expect([r.table_name, r.site_column, r.client_writable]).toEqual([
        r.table_name,
        t.siteColumn,
        t.clientWritable,
      ])
    }
    expect(rows.map((r) => r.table_name)).toContain(SYNC_MOVES)
  })

  it('references name the columns the foreign keys point at a pushed row, and its table', async () => {
    for (const table of CLIENT_WRITABLE_TABLE_NAMES) {
      const { rows } = await db.pool.query<{ refs: Record<string, string> }>(
        'select business_private.push_table_refs($1) as refs',
        [table],
      )
      expect([table, rows[0]!.refs]).toEqual([table, SYNCED_TABLES[table].references])
    }
  })

  it('client_columns() leaves out exactly the columns src/shared calls server-owned', async () => {
    for (const table of CLIENT_WRITABLE_TABLE_NAMES) {
      const { rows } = await db.pool.query<{ cols: string[] }>(
        `select business_private.client_columns($1, 'insert') as cols`,
        [table],
      )
      const expected = Object.keys(shapeOf(table)).filter(
        (c) => !(SERVER_COLUMNS as readonly string[]).includes(c),
      )
      expect([table, [...(rows[0]?.cols ?? [])].sort()]).toEqual([table, expected.sort()])
    }
  })

  it('each zod row schema has exactly the table’s columns, nullable where the column is', async () => {
    for (const table of SYNCED_TABLE_NAMES) {
      const { rows } = await db.pool.query<{ name: string; nullable: boolean }>(
        `select attname as name, not attnotnull as nullable from pg_attribute
         where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attname`,
        [`business.${table}`],
      )
      const shape = shapeOf(table)
      const columns = rows.filter((r) => !SERVER_ONLY.has(r.name))
      expect([table, columns.map((r) => r.name)]).toEqual([table, Object.keys(shape).sort()])
      const mismatched = columns
        .filter((r) => (shape[r.name]?.safeParse(null).success ?? false) !== r.nullable)
        .map((r) => `${r.name}: ${r.nullable ? 'nullable in SQL' : 'NOT NULL in SQL'}`)
      expect([table, mismatched]).toEqual([table, []])
    }
  })
})

/** What a CHECK constraint says about one column, read from pg_get_constraintdef. */
interface ColumnRule {
  enum?: string[]
  minLength?: number
  maxLength?: number
  min?: number
  max?: number
  pattern?: string
}

function rulesFromChecks(all: Check[]): Map<string, ColumnRule> {
  const rules = new Map<string, ColumnRule>()
  const rule = (col: string) => {
    const r = rules.get(col) ?? {}
    rules.set(col, r)
    return r
  }
  for (const { def } of all) {
    // A rule that holds only unless another column says otherwise (the sign of an adjustment)
    // is a cross-field check: validate.ts carries those, and the replay below compares them.
    if (/ OR /.test(def.replace(/\(\w+ IS NULL\) OR /g, ''))) continue
    const enumMatch = /^CHECK \(\((\w+) = ANY \(ARRAY\[(.+)\]\)\)\)$/.exec(def)
    if (enumMatch?.[1] && enumMatch[2]) {
      rule(enumMatch[1]).enum = [...enumMatch[2].matchAll(/'([^']*)'::text/g)].map(
        (m) => m[1] ?? '',
      )
      continue
    }
    for (const m of def.matchAll(/length\((?:btrim\()?(\w+)\)?\) (>=|<=) (\d+)/g)) {
      const [, col = '', op, n] = m
      if (op === '>=') rule(col).minLength = Number(n)
      else rule(col).maxLength = Number(n)
    }
    for (const m of def.matchAll(/\((\w+) (>=|<=) \('?(-?\d+)'?(?:::integer)?\)::numeric\)/g)) {
      const [, col = '', op, n] = m
      if (op === '>=') rule(col).min = Number(n)
      else rule(col).max = Number(n)
    }
    const pattern = /\((\w+) ~ '(.+)'::text\)/.exec(def)
    if (pattern?.[1] && pattern[2]) rule(pattern[1]).pattern = pattern[2]
  }
  return rules
}

function rulesFromZod(field: z.ZodType): ColumnRule {
  const f = unwrap(field)
  if (f instanceof z.ZodEnum) return { enum: [...(f.options as string[])] }
  if (f instanceof z.ZodString) {
    const pattern = (f.def.checks ?? [])
      .map((c) => (c._zod.def as { pattern?: RegExp }).pattern)
      .find((p): p is RegExp => p instanceof RegExp)
    return {
      ...(f.minLength !== null && f.minLength > 0 ? { minLength: f.minLength } : {}),
      ...(f.maxLength !== null ? { maxLength: f.maxLength } : {}),
      ...(pattern ? { pattern: pattern.source } : {}),
    }
  }
  if (f instanceof z.ZodNumber)
    return {
      ...(Number.isFinite(f.minValue) ? { min: f.minValue ?? undefined } : {}),
      ...(Number.isFinite(f.maxValue) ? { max: f.maxValue ?? undefined } : {}),
    }
  return {}
}

describe('field rules', () => {
  it.each(CLIENT_WRITABLE_TABLE_NAMES)(
    '%s: CHECK enums, lengths, ranges and patterns are the zod rules',
    async (table) => {
      const sql = rulesFromChecks(await checks(table))
      const shape = shapeOf(table)
      const differences: string[] = []
      for (const [col, fromSql] of sql) {
        const field = shape[col]
        if (!field) continue
        const fromZod = rulesFromZod(field)
        for (const key of Object.keys(fromSql) as (keyof ColumnRule)[]) {
          const a = JSON.stringify(fromSql[key])
          const b = JSON.stringify(fromZod[key])
          if (a !== b) differences.push(`${col}.${key}: SQL ${a}, zod ${b ?? 'none'}`)
        }
      }
      expect(differences).toEqual([])
    },
  )
})

/** A valid row of each table, as a device would hold it, taken from the seed. */
async function baseRow(table: ClientWritableTable): Promise<Record<string, unknown>> {
  const { rows } = await db.pool.query<{ row: Record<string, unknown> }>(
    `select to_jsonb(t) - 'txid' as row from business.${table} t
     where deleted_at is null ${table === 'energy_production' ? "and source <> 'adjustment'" : ''}
     order by id limit 1`,
  )
  const row = rows[0]?.row
  if (!row) throw new Error(`no seeded ${table}`)
  // numeric columns arrive from to_jsonb as numbers already; dates stay strings.
  return row
}

/** Boundary values for a column, from both sides' rules. */
function boundaries(rule: ColumnRule): unknown[] {
  const values: unknown[] = [null]
  if (rule.enum) values.push(...rule.enum, 'not-a-value')
  if (rule.minLength !== undefined || rule.maxLength !== undefined) {
    values.push('', ' ', 'x')
    if (rule.maxLength !== undefined)
      values.push('x'.repeat(rule.maxLength), 'x'.repeat(rule.maxLength + 1))
  }
  if (rule.min !== undefined) values.push(rule.min, rule.min - 0.5)
  if (rule.max !== undefined) values.push(rule.max, rule.max + 0.5)
  return values
}

describe('the same verdict on both sides', () => {
  it.each(CLIENT_WRITABLE_TABLE_NAMES)(
    '%s: every boundary value is accepted by validateRow exactly when PostgreSQL stores it',
    async (table) => {
      const base = await baseRow(table)
      const shape = shapeOf(table)
      const sqlRules = rulesFromChecks(await checks(table))
      const disagreements: string[] = []
      const client = await db.pool.connect()
      try {
        await client.query('begin')
        for (const col of Object.keys(shape)) {
          if ((SERVER_COLUMNS as readonly string[]).includes(col) || col === 'organization_id')
            continue
          const rule = { ...rulesFromZod(shape[col] as z.ZodType), ...sqlRules.get(col) }
          for (const value of boundaries(rule)) {
            const row = { ...base, [col]: value }
            const ts = validateRow(table, row).ok
            await client.query('savepoint v')
            let stored = true
            try {
              await client.query(
                `update business.${table} set ${pg.escapeIdentifier(col)} = $1 where id = $2`,
                [
                  value !== null && typeof value === 'object' ? JSON.stringify(value) : value,
                  base.id,
                ],
              )
            } catch {
              stored = false
            }
            await client.query('rollback to savepoint v')
            if (ts !== stored)
              disagreements.push(
                `${col} = ${JSON.stringify(value)}: validateRow ${ts ? 'accepts' : 'refuses'}, PostgreSQL ${stored ? 'stores it' : 'refuses'}`,
              )
          }
        }
      } finally {
        await client.query('rollback')
        client.release()
      }
      expect(disagreements).toEqual([])
    },
  )
})

describe('refusal codes', () => {
  it('the codes the server’s functions can answer are PUSH_ERROR_CODES, less the client’s own', async () => {
    const { rows } = await db.pool.query<{ name: string; src: string }>(
      `select p.proname as name, p.prosrc as src from pg_proc p
       where p.pronamespace in ('business'::regnamespace, 'business_private'::regnamespace)`,
    )
    const answerable = new Set<string>()
    const add = (src: string, re: RegExp) => {
      for (const m of src.matchAll(re)) if (m[1]) answerable.add(m[1])
    }
    for (const { name, src } of rows) {
      add(src, /reject\('([a-z_]+)'/g) // business_private.reject(code, message)
      add(src, /hint = '([a-z_]+)'/g) // raise … using hint = code (the period-close trigger)
      add(src, /'code', '([a-z_]+)'/g) // a code written into a result directly
      // business_private.error_code: the SQLSTATE → code map, its fallback included.
      if (name === 'error_code') add(src, /(?:then|else) '([a-z_]+)'/g)
    }
    // Set only by the client, for a batch the server refused for its size before reading it.
    const clientOnly = ['too_large']
    expect([...answerable].sort()).toEqual(
      PUSH_ERROR_CODES.filter((c) => !clientOnly.includes(c)).sort(),
    )
  })
})
