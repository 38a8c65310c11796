// The one thing a device does to the pull cursor besides storing it. The cursor is the
// server's (docs/sync-protocol.md), but it holds a position per table, and an app that did not
// know a table yet stepped over that table's rows: it received them and dropped them. When an
// upgrade teaches the app new tables, their positions are forgotten, so the next pull reads
// those tables from the start (sync_pull treats a table without a position as one it has not
// begun) while every other table carries on where it was.
import type { PullCursor } from './protocol'

function withoutKeys(value: unknown, keys: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)))
}

export function forgetTables(
  cursor: PullCursor | null,
  tables: readonly string[],
): PullCursor | null {
  if (!cursor) return cursor
  const next: PullCursor = { ...cursor, tables: withoutKeys(cursor.tables, tables) }
  const backfill = cursor.backfill
  if (backfill && typeof backfill === 'object' && !Array.isArray(backfill)) {
    const b = backfill as Record<string, unknown>
    next.backfill = {
      ...b,
      tables: withoutKeys(b.tables, tables),
      ...(Array.isArray(b.done) ? { done: b.done.filter((t) => !tables.includes(String(t))) } : {}),
    }
  }
  if (cursor.tables === undefined) delete next.tables
  return next
}
