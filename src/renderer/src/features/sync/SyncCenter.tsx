import { useCacheQuery } from '../../ui/use-cache-query'
import { explainRejection } from '../../sync/explain-rejection'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { discardMutation, retryMutation } from '../../store/writes'
import { formatDateTime } from '../../ui/format'
import type { Naming } from '../../ui/record-names'
import { TABLE_NOUN, editValues, recordName } from '../../ui/record-names'
import { useNaming } from '../../ui/use-naming'
import type { OutboxEntry } from '../../../../shared/sync/outbox'
import { outboxCounts } from '../../../../shared/sync/outbox-counts'
import type { JsonObject } from '../../../../shared/sync/protocol'
import { outboxWithRows } from '../../store/queries'

const OP_LABEL = { insert: 'New', update: 'Change', delete: 'Delete' } as const

function recordHref(entry: OutboxEntry): string {
  if (entry.table === 'equipment') return href('equipment', entry.row_id)
  if (entry.table === 'maintenance_logs') return href('maintenance', entry.row_id)
  if (entry.table === 'sites') return href('sites', entry.row_id)
  return href('energy', 'reading', entry.row_id)
}

/** "Generator A PB-MV14, Dec 1, 2026: 23,558 kWh" and the site it is at. */
function describe(entry: OutboxEntry, row: JsonObject | undefined, naming: Naming) {
  const named = recordName(entry.table, { ...row, ...entry.data }, naming)
  return {
    record: `${named.name}${named.site ? ` · ${named.site}` : ''}`,
    edit: `${named.name}: ${editValues(entry, row, naming)}`,
  }
}

/** The outbox: every edit not yet on the server, failed ones with the server's reason. */
export function SyncCenter({ userId }: { userId: string }) {
  const { db, engine } = useServices()
  const naming = useNaming()
  const queued = useCacheQuery(() => outboxWithRows(db), [db], [])
  const outbox = queued.map((q) => q.entry)
  const counts = outboxCounts(outbox, userId)

  async function retry(entry: OutboxEntry) {
    await retryMutation(db, entry.seq!)
    await engine.sync()
  }

  async function discard(entry: OutboxEntry) {
    const what = describe(entry, queued.find((q) => q.entry.seq === entry.seq)?.row, naming).edit
    if (
      !window.confirm(
        `Discard "${what}"? The record goes back to what the server has. This cannot be undone.`,
      )
    )
      return
    await discardMutation(db, entry.seq!)
    await engine.refreshCounts()
  }

  return (
    <section aria-labelledby="sync-center-title">
      <h1 id="sync-center-title">Sync center</h1>
      <p data-testid="sync-center-counts">
        {outbox.length === 0
          ? 'Everything on this laptop is on the server.'
          : [
              `${counts.unsynced} pending`,
              `${counts.failed} refused by the server`,
              ...(counts.heldForOtherUser > 0
                ? [`${counts.heldForOtherUser} waiting for another user to sign in`]
                : []),
            ].join(', ') + '.'}
      </p>
      {outbox.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Edit</th>
              <th scope="col">Made</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {queued.map(({ entry, row }) => {
              const named = describe(entry, row, naming)
              return (
                <tr key={entry.id} data-testid="outbox-row" data-state={entry.state}>
                  <td>
                    {TABLE_NOUN[entry.table] ?? entry.table}:{' '}
                    <a href={recordHref(entry)}>{named.record}</a>
                  </td>
                  <td data-testid="outbox-edit">
                    {OP_LABEL[entry.op]}: {named.edit}
                  </td>
                  <td>{formatDateTime(entry.changed_at)}</td>
                  <td>
                    {entry.user_id !== userId ? (
                      <span className="mark">Waiting for the user who made it to sign in</span>
                    ) : entry.state === 'failed' ? (
                      <span className="mark mark-failed" role="alert">
                        Refused: {explainRejection(entry.error)}
                      </span>
                    ) : entry.state === 'sending' ? (
                      'Sending…'
                    ) : entry.attempts > 0 ? (
                      `Waiting (tried ${entry.attempts}×)`
                    ) : (
                      'Waiting'
                    )}
                  </td>
                  <td className="actions">
                    {entry.state === 'failed' ? (
                      <>
                        <a className="button" href={recordHref(entry)}>
                          Fix
                        </a>
                        <button type="button" className="button" onClick={() => void retry(entry)}>
                          Retry
                        </button>
                      </>
                    ) : null}
                    {entry.state !== 'sending' ? (
                      <button
                        type="button"
                        className="button button-danger"
                        onClick={() => void discard(entry)}
                      >
                        Discard
                      </button>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}
