import { downloadFile } from '../../ui/download'
import type { OutpostDB } from '../../store/db'
import { outboxWithRows } from '../../store/queries'

/** Saves every unsynced edit, with the rows they change, to a JSON file the user keeps. */
export async function exportOutbox(db: OutpostDB): Promise<void> {
  const rows = (await outboxWithRows(db)).map(({ entry, row }) => ({ mutation: entry, row }))
  downloadFile(
    `outpost-unsynced-${new Date().toISOString().slice(0, 10)}.json`,
    JSON.stringify({ exported_at: new Date().toISOString(), edits: rows }, null, 2),
    'application/json',
  )
}
