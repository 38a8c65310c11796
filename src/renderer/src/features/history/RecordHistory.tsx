import { useEffect, useState } from 'react'
import { useServices } from '../../app/context'
import { displayValue as show, formatDateTime } from '../../ui/format'

interface JournalEntry {
  id: number
  op: string
  actor_id: string | null
  device_id: string | null
  at: string
  changed: string[]
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  reason: string | null
}

/** Who changed what, when and from which device: the server's journal (needs a connection). */
export function RecordHistory({ table, rowId }: { table: string; rowId: string }) {
  const { supabase } = useServices()
  const [entries, setEntries] = useState<JournalEntry[] | null>(null)
  const [names, setNames] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    void (async () => {
      const { data, error: err } = await supabase
        .schema('business')
        .from('journal')
        .select('id, op, actor_id, device_id, at, changed, before, after, reason')
        .eq('table_name', table)
        .eq('row_id', rowId)
        .order('at', { ascending: false })
        .limit(50)
      if (cancelled) return
      if (err) {
        setError(
          navigator.onLine
            ? `History could not be loaded: ${err.message}`
            : 'History needs a connection.',
        )
        return
      }
      const list = data as JournalEntry[]
      setEntries(list)
      const ids = [...new Set(list.map((e) => e.actor_id).filter((x): x is string => Boolean(x)))]
      if (ids.length > 0) {
        const { data: profiles } = await supabase
          .from('profiles')
          .select('id, display_name, email')
          .in('id', ids)
        if (!cancelled && profiles)
          setNames(
            Object.fromEntries(profiles.map((p) => [p.id, p.display_name ?? p.email ?? p.id])),
          )
      }
    })()
    return () => {
      cancelled = true
    }
  }, [supabase, table, rowId])
  return (
    <section aria-labelledby={`history-${rowId}`}>
      <h2 id={`history-${rowId}`}>History</h2>
      {error ? <p className="muted">{error}</p> : null}
      {entries === null && !error ? <p>Loading history…</p> : null}
      {entries?.length === 0 ? <p>No recorded changes.</p> : null}
      {entries && entries.length > 0 ? (
        <ol className="history">
          {entries.map((e) => (
            <li key={e.id} data-testid="history-entry">
              <strong>{formatDateTime(e.at)}</strong> ·{' '}
              {e.actor_id ? (names[e.actor_id] ?? 'a user') : 'system'} · {e.op}
              {e.device_id ? (
                <span className="muted"> · device {e.device_id.slice(0, 8)}</span>
              ) : null}
              {e.reason ? <span> · reason: {e.reason}</span> : null}
              {e.op === 'update' || e.op === 'delete' || e.op === 'restore' ? (
                <ul>
                  {e.changed.map((field) => (
                    <li key={field}>
                      {field}: {show(e.before?.[field])} → {show(e.after?.[field])}
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
