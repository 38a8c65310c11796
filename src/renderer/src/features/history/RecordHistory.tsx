import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { fieldLabel } from '../../ui/field-labels'
import { displayValue as show, formatDateTime } from '../../ui/format'
import { usePeople } from '../../ui/people'
import type { Cached } from '../../ui/server-cache'
import type { JournalEntry } from '../../net/server'
import { readCache, writeCache } from '../../ui/server-cache'
import { historyReason } from './history-reason'

/**
 * Who changed what, when and from which device: the server's journal. Offline it says so at
 * once and shows the copy this device last fetched, with its time.
 */
export function RecordHistory({ table, rowId }: { table: string; rowId: string }) {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const people = usePeople()
  const key = `history.${table}.${rowId}`
  const [cached, setCached] = useState<Cached<JournalEntry[]> | null>(() => readCache(key))
  const [fresh, setFresh] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setFresh(false)
    setCached(readCache<JournalEntry[]>(key))
    if (!online) {
      setError('History is kept on the server, and this device is offline.')
      return
    }
    setError(null)
    let cancelled = false
    void (async () => {
      try {
        const data = await server.recordHistory(table, rowId)
        if (cancelled) return
        setCached(writeCache(key, data))
        setFresh(true)
      } catch (e) {
        if (cancelled) return
        const message = e instanceof Error ? e.message : String(e)
        setError(
          /failed to fetch|network/i.test(message)
            ? 'History is kept on the server, which cannot be reached.'
            : `History could not be loaded: ${message}`,
        )
      }
    })()
    return () => {
      cancelled = true
    }
  }, [server, table, rowId, online, key])
  const entries = cached?.data ?? null
  return (
    <section aria-labelledby={`history-${rowId}`}>
      <h2 id={`history-${rowId}`}>History</h2>
      {error ? (
        <p className="offline-note" role="status" data-testid="history-note">
          {error}{' '}
          {cached
            ? `Showing what this device last fetched, ${formatDateTime(cached.fetchedAt)}.`
            : 'This device has no copy of it yet.'}
        </p>
      ) : null}
      {entries === null && !error ? <p>Loading history…</p> : null}
      {!fresh && !error && entries !== null ? (
        <p className="muted">Loading… showing this device&apos;s copy meanwhile.</p>
      ) : null}
      {entries?.length === 0 ? <p>No recorded changes.</p> : null}
      {entries && entries.length > 0 ? (
        <ol className="history">
          {entries.map((e) => (
            <li key={e.id} data-testid="history-entry">
              <strong>{formatDateTime(e.at)}</strong> ·{' '}
              {e.actor_id ? people.name(e.actor_id) : 'system'} · {e.op}
              {e.device_id ? (
                <span className="muted"> · device {e.device_id.slice(0, 8)}</span>
              ) : null}
              {e.reason ? <span> · {historyReason(e.reason)}</span> : null}
              {e.op === 'update' || e.op === 'delete' || e.op === 'restore' ? (
                <ul>
                  {e.changed.map((field) => (
                    <li key={field}>
                      {fieldLabel(field)}: {show(e.before?.[field])} → {show(e.after?.[field])}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}
