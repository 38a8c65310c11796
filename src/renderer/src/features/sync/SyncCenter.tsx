import { useLiveQuery } from 'dexie-react-hooks'
import { explainRejection } from '../../sync/explain-rejection'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { discardMutation, retryMutation } from '../../store/writes'
import { formatDateTime } from '../../ui/format'
import type { OutboxEntry } from '../../../../shared/sync/outbox'

const TABLE_LABEL: Record<string, string> = {
  sites: 'Site',
  equipment: 'Equipment',
  maintenance_logs: 'Maintenance log',
  energy_production: 'Energy reading',
}

const OP_LABEL = { insert: 'New', update: 'Change', delete: 'Delete' } as const

function recordHref(entry: OutboxEntry): string {
  if (entry.table === 'equipment') return href('equipment', entry.row_id)
  if (entry.table === 'maintenance_logs') return href('maintenance', entry.row_id)
  if (entry.table === 'sites') return href('sites', entry.row_id)
  return href('energy', 'reading', entry.row_id)
}

/** The outbox: every edit not yet on the server, failed ones with the server's reason. */
export function SyncCenter({ userId }: { userId: string }) {
  const { db, engine } = useServices()
  const outbox = useLiveQuery(() => db.outbox.orderBy('seq').toArray(), [db], [])
  const failed = outbox.filter((e) => e.state === 'failed')

  async function retry(entry: OutboxEntry) {
    await retryMutation(db, entry.seq!)
    await engine.sync()
  }

  async function discard(entry: OutboxEntry) {
    const what = `${OP_LABEL[entry.op]} ${TABLE_LABEL[entry.table] ?? entry.table}`
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
      <p>
        {outbox.length === 0
          ? 'Everything on this laptop is on the server.'
          : `${outbox.length} edit${outbox.length === 1 ? '' : 's'} waiting, ${failed.length} refused by the server.`}
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
            {outbox.map((entry) => (
              <tr key={entry.id} data-testid="outbox-row" data-state={entry.state}>
                <td>
                  <a href={recordHref(entry)}>{TABLE_LABEL[entry.table] ?? entry.table}</a>
                </td>
                <td>
                  {OP_LABEL[entry.op]}
                  {entry.op === 'update' ? `: ${Object.keys(entry.data).join(', ')}` : ''}
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
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}
