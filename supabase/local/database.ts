import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { RecordedMigration } from './migration-drift'
import { migrationDrift } from './migration-drift'

const here = path.dirname(fileURLToPath(import.meta.url))
export const SUPABASE_DIR = path.resolve(here, '..')
export const MIGRATIONS_DIR = path.join(SUPABASE_DIR, 'migrations')
const PLATFORM_SQL = path.join(here, 'sql', 'supabase-platform.sql')
const DEMO_SEED_SQL = path.join(SUPABASE_DIR, 'seed.sql')
const LARGE_SEED_SQL = path.join(here, 'sql', 'seed-large.sql')

export type SeedKind = 'demo' | 'large' | 'none'

export interface LargeSeedOptions {
  sites: number
  /** Daily readings per site. */
  readings: number
}

export interface Migration {
  version: string
  name: string
  file: string
}

/** Migrations in the Supabase CLI's naming, `YYYYMMDDHHMMSS_name.sql`, in version order. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{14}_.+\.sql$/.test(f)).sort()
  return files.map((file) => ({
    version: file.slice(0, 14),
    name: file.slice(15, -4),
    file: path.join(dir, file),
  }))
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** What a hosted project has before any migration: roles, privileges, auth, extensions. */
export async function applyPlatform(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(await readFile(PLATFORM_SQL, 'utf8'))
  })
}

/**
 * Applies the platform stand-in and every migration not yet recorded, each in its own
 * transaction, bookkept like the Supabase CLI (`supabase_migrations.schema_migrations`).
 * Refuses to run when an applied migration's file was edited or removed since.
 */
export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<Migration[]> {
  await applyPlatform(url)
  return withClient(url, async (client) => {
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text)`)
    const recorded = (
      await client.query<RecordedMigration>(
        'select version, name, statements from supabase_migrations.schema_migrations order by version',
      )
    ).rows
    const migrations = await listMigrations(dir)
    const files = await Promise.all(
      migrations.map(async (m) => ({ ...m, sql: await readFile(m.file, 'utf8') })),
    )
    const drift = migrationDrift(recorded, files)
    if (drift.length > 0)
      throw new Error(
        `${drift.join('\n')}\nA change to a landed migration goes in a new migration file. ` +
          'To rebuild a local database from the files instead: npm run backend -- --fresh',
      )
    const done = new Set(recorded.map((r) => r.version))
    const applied: Migration[] = []
    for (const { sql, ...migration } of files) {
      if (done.has(migration.version)) continue
      await client.query('begin')
      try {
        await client.query(sql)
        await client.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [migration.version, migration.name, [sql]],
        )
        await client.query('commit')
      } catch (error) {
        await client.query('rollback')
        throw new Error(
          `migration ${path.basename(migration.file)} failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        )
      }
      applied.push(migration)
    }
    return applied
  })
}

export async function seed(url: string, kind: SeedKind, large?: LargeSeedOptions): Promise<void> {
  if (kind === 'none') return
  await withClient(url, async (client) => {
    await client.query(await readFile(DEMO_SEED_SQL, 'utf8'))
    if (kind === 'large') {
      const options = large ?? { sites: 50, readings: 2000 }
      await client.query(await readFile(LARGE_SEED_SQL, 'utf8'))
      await client.query('select business_seed.generate_large($1, $2)', [
        options.sites,
        options.readings,
      ])
    }
  })
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name])
    return rowCount === 1
  })
}

export async function createDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const ident = (s: string) => client.escapeIdentifier(s)
    await client.query(
      `create database ${ident(name)}${template ? ` template ${ident(template)}` : ''}`,
    )
  })
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) =>
    client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`),
  )
}
