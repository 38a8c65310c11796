// The Dexie side of the sync planners (src/shared/sync/plan-*.ts): load the rows a plan
// reads, write back what it decided. Called inside the caller's transaction.
import type { ClientWritableTable } from '../../../shared/schema/tables'
import type { CacheChanges, CacheSnapshot } from '../../../shared/sync/cache-draft'
import type { OutboxEntry } from '../../../shared/sync/outbox'
import type { LocalRow } from '../../../shared/sync/local-row'
import type { OutpostDB } from '../store/db'

type Rows = Map<ClientWritableTable, LocalRow<{ id: string }>[]>

/** Every outbox entry of the given rows, in one index query. */
export async function entriesOf(
  db: OutpostDB,
  ids: ReadonlyMap<ClientWritableTable, Iterable<string>>,
): Promise<OutboxEntry[]> {
  const wanted = new Map([...ids].map(([table, set]) => [table, new Set(set)]))
  const all = [...wanted.values()].flatMap((set) => [...set])
  if (all.length === 0) return []
  return db.outbox
    .where('row_id')
    .anyOf(all)
    .filter((e) => wanted.get(e.table)?.has(e.row_id) ?? false)
    .toArray()
}

export async function rowsById(
  db: OutpostDB,
  ids: ReadonlyMap<ClientWritableTable, Iterable<string>>,
  into: Rows = new Map(),
): Promise<Rows> {
  for (const [table, set] of ids) {
    const found = (await db.rows(table).bulkGet([...set])).flatMap((r) => (r ? [r] : []))
    into.set(table, [...(into.get(table) ?? []), ...found])
  }
  return into
}

/** The rows and outbox entries of the given ids. */
export async function loadSnapshot(
  db: OutpostDB,
  ids: ReadonlyMap<ClientWritableTable, Iterable<string>>,
): Promise<CacheSnapshot> {
  return { rows: await rowsById(db, ids), outbox: await entriesOf(db, ids) }
}

export async function writeChanges(db: OutpostDB, changes: CacheChanges): Promise<void> {
  if (changes.outbox.delete.length > 0) await db.outbox.bulkDelete(changes.outbox.delete)
  if (changes.outbox.put.length > 0) await db.outbox.bulkPut(changes.outbox.put)
  for (const [table, { put, delete: ids }] of changes.rows) {
    const rows = db.rows(table)
    if (ids.length > 0) await rows.bulkDelete(ids)
    if (put.length > 0) await rows.bulkPut(put as never[])
  }
}
