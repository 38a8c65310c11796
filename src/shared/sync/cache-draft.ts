// An in-memory working copy of the part of the device cache one sync step touches. The
// planners change it step by step, exactly as the old transaction did row by row, and then
// hand the executor only the end state: which rows and outbox entries to put or delete.
import type { ClientWritableTable } from '../schema/tables'
import type { LocalRow } from './local-row'
import type { OutboxEntry } from './outbox'

type AnyLocalRow = LocalRow<{ id: string }>

export interface CacheSnapshot {
  /** Local rows the step may read, by table. A row absent here is treated as absent locally. */
  rows: ReadonlyMap<ClientWritableTable, readonly AnyLocalRow[]>
  /** Every outbox entry of the rows the step touches (entries of other rows may be included). */
  outbox: readonly OutboxEntry[]
}

/** What to write back: per table the rows to put and the ids to delete; outbox likewise. */
export interface CacheChanges {
  rows: Map<ClientWritableTable, { put: AnyLocalRow[]; delete: string[] }>
  outbox: { put: OutboxEntry[]; delete: number[] }
}

const key = (table: ClientWritableTable, id: string) => `${table}\u0000${id}`

export class CacheDraft {
  private readonly rows = new Map<
    string,
    { table: ClientWritableTable; id: string; row: AnyLocalRow | null }
  >()
  private readonly dirtyRows = new Set<string>()
  private readonly entries = new Map<number, OutboxEntry>()
  private readonly byRow = new Map<string, Set<number>>()
  private readonly dirtyEntries = new Set<number>()
  private readonly deletedEntries = new Set<number>()

  constructor(snapshot: CacheSnapshot) {
    for (const [table, rows] of snapshot.rows)
      for (const row of rows) this.rows.set(key(table, row.id), { table, id: row.id, row })
    for (const entry of snapshot.outbox) {
      if (entry.seq === undefined) throw new Error('an outbox entry from the database has a seq')
      this.entries.set(entry.seq, entry)
      this.index(entry)
    }
  }

  private index(entry: OutboxEntry): void {
    const k = key(entry.table, entry.row_id)
    const set = this.byRow.get(k) ?? new Set<number>()
    set.add(entry.seq!)
    this.byRow.set(k, set)
  }

  row(table: ClientWritableTable, id: string): AnyLocalRow | undefined {
    return this.rows.get(key(table, id))?.row ?? undefined
  }

  /** Every row the draft holds (loaded or written), with its table. */
  *allRows(): Generator<{ table: ClientWritableTable; row: AnyLocalRow }> {
    for (const { table, row } of this.rows.values()) if (row) yield { table, row }
  }

  /** Every outbox entry the draft holds, in no particular order. */
  allEntries(): OutboxEntry[] {
    return [...this.entries.values()]
  }

  putRow(table: ClientWritableTable, row: AnyLocalRow): void {
    const k = key(table, row.id)
    this.rows.set(k, { table, id: row.id, row })
    this.dirtyRows.add(k)
  }

  deleteRow(table: ClientWritableTable, id: string): void {
    const k = key(table, id)
    this.rows.set(k, { table, id, row: null })
    this.dirtyRows.add(k)
  }

  /** The row's outbox entries in the order they were made. */
  pending(table: ClientWritableTable, id: string): OutboxEntry[] {
    return [...(this.byRow.get(key(table, id)) ?? [])]
      .sort((a, b) => a - b)
      .map((seq) => this.entries.get(seq)!)
  }

  hasPending(table: ClientWritableTable, id: string): boolean {
    return (this.byRow.get(key(table, id))?.size ?? 0) > 0
  }

  updateEntry(seq: number, patch: Partial<OutboxEntry>): void {
    const current = this.entries.get(seq)
    if (!current) return
    const next = { ...current, ...patch }
    if (next.row_id !== current.row_id || next.table !== current.table) {
      this.byRow.get(key(current.table, current.row_id))?.delete(seq)
      this.index(next)
    }
    this.entries.set(seq, next)
    this.dirtyEntries.add(seq)
  }

  deleteEntry(seq: number): void {
    const current = this.entries.get(seq)
    if (!current) return
    this.byRow.get(key(current.table, current.row_id))?.delete(seq)
    this.entries.delete(seq)
    this.dirtyEntries.delete(seq)
    this.deletedEntries.add(seq)
  }

  changes(): CacheChanges {
    const rows: CacheChanges['rows'] = new Map()
    for (const k of this.dirtyRows) {
      const { table, id, row } = this.rows.get(k)!
      const forTable = rows.get(table) ?? { put: [], delete: [] }
      if (row) forTable.put.push(row)
      else forTable.delete.push(id)
      rows.set(table, forTable)
    }
    return {
      rows,
      outbox: {
        put: [...this.dirtyEntries].map((seq) => this.entries.get(seq)!),
        delete: [...this.deletedEntries],
      },
    }
  }
}
