import { downloadFile } from '../../ui/download'
import type { OutpostDB } from '../../store/db'

/** Saves every unsynced edit, with the rows they change, to a JSON file the user keeps. */
export async function exportOutbox(db: OutpostDB): Promise<void> {
  const outbox = await db.outbox.toArray()
  const rows = await Promise.all(
    outbox.map(async (m) => ({
      mutation: m,
      row: await db.rows(m.table).get(m.row_id),
    })),
  )
  downloadFile(
    `outpost-unsynced-${new Date().toISOString().slice(0, 10)}.json`,
    JSON.stringify({ exported_at: new Date().toISOString(), edits: rows }, null, 2),
    'application/json',
  )
}
