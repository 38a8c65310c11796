// A landed migration is never edited: a database that applied it never sees the edit. Like
// migration tools that keep a checksum per migration, the local runner compares what each
// database recorded with the files and refuses to go on when they differ; and, as
// `supabase db push` does, it refuses a new migration that sorts before one already applied.
// Pure.
import { createHash } from 'node:crypto'

export interface RecordedMigration {
  version: string
  name: string | null
  /** What the runner recorded when it applied the migration: the file's text, whole. */
  statements: string[] | null
}

export interface MigrationFile {
  version: string
  name: string
  sql: string
}

export const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex')

/**
 * One sentence per applied migration whose file is gone or no longer what was applied, and per
 * pending migration that sorts before one already applied.
 */
export function migrationDrift(
  recorded: readonly RecordedMigration[],
  files: readonly MigrationFile[],
): string[] {
  const byVersion = new Map(files.map((f) => [f.version, f]))
  const problems: string[] = []
  for (const r of recorded) {
    const file = byVersion.get(r.version)
    const label = `${r.version}_${r.name ?? ''}.sql`
    if (!file) {
      problems.push(`${label} was applied to this database but is no longer in supabase/migrations`)
      continue
    }
    const applied = r.statements?.join('') ?? null
    if (applied !== null && checksum(applied) !== checksum(file.sql))
      problems.push(
        `${label} was edited after this database applied it (sha256 ${checksum(applied).slice(0, 12)} applied, ${checksum(file.sql).slice(0, 12)} on disk)`,
      )
  }
  const newest = recorded.reduce((max, r) => (r.version > max ? r.version : max), '')
  const applied = new Set(recorded.map((r) => r.version))
  for (const f of files)
    if (!applied.has(f.version) && f.version < newest)
      problems.push(
        `${f.version}_${f.name}.sql is older than ${newest}, the newest migration this database applied: supabase db push refuses a migration inserted before it, so give it a later version`,
      )
  return problems
}
