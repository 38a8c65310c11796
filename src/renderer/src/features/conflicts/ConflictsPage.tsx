import { useLiveQuery } from 'dexie-react-hooks'
import { useState } from 'react'
import { useServices } from '../../app/context'
import type { LocalConflict } from '../../store/db'
import { displayValue as show, formatDateTime } from '../../ui/format'

function ConflictCard({ conflict, canResolve }: { conflict: LocalConflict; canResolve: boolean }) {
  const { supabase, engine } = useServices()
  const [custom, setCustom] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function resolve(choice: 'server' | 'client' | 'custom') {
    setBusy(true)
    setError(null)
    const values =
      choice === 'custom'
        ? Object.fromEntries(conflict.fields.map((f) => [f, custom[f] ?? show(conflict.server[f])]))
        : undefined
    const { error: err } = await supabase.schema('business').rpc('resolve_conflict', {
      p_conflict_id: conflict.id,
      p_resolution: values ? { choice, values } : { choice },
    })
    setBusy(false)
    if (err) setError(navigator.onLine ? err.message : 'Resolving needs a connection.')
    else await engine.sync()
  }

  return (
    <article
      className="card conflict"
      data-testid="conflict"
      aria-label={`Conflict on ${conflict.table_name}`}
    >
      <h2>
        {conflict.table_name.replace('_', ' ')} · {conflict.op} · {conflict.status}
      </h2>
      <p className="muted">
        Device edit {formatDateTime(conflict.client_changed_at)}; decided automatically for the{' '}
        {conflict.winner === 'client' ? 'device' : 'server'}
        {conflict._stub ? ' (details arrive with the next sync)' : ''}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before both edits</th>
            <th scope="col">Server</th>
            <th scope="col">Device</th>
            {canResolve && conflict.status === 'open' ? <th scope="col">Your value</th> : null}
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => (
            <tr key={f}>
              <th scope="row">{f}</th>
              <td>{show(conflict.base[f])}</td>
              <td className={conflict.winner === 'server' ? 'winner' : ''}>
                {show(conflict.server[f])}
              </td>
              <td className={conflict.winner === 'client' ? 'winner' : ''}>
                {show(conflict.client[f])}
              </td>
              {canResolve && conflict.status === 'open' ? (
                <td>
                  <input
                    aria-label={`Value for ${f}`}
                    value={custom[f] ?? show(conflict.server[f])}
                    onChange={(e) => setCustom({ ...custom, [f]: e.target.value })}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {conflict.status === 'resolved' ? (
        <p>
          Resolved {formatDateTime(conflict.resolved_at)}: kept {show(conflict.resolution?.choice)}
        </p>
      ) : canResolve ? (
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void resolve('server')}
          >
            Keep server value
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void resolve('client')}
          >
            Keep device value
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void resolve('custom')}
          >
            Save my values
          </button>
        </div>
      ) : (
        <p className="muted">The office reviews this conflict.</p>
      )}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </article>
  )
}

export function ConflictsPage({ canResolve }: { canResolve: boolean }) {
  const { db } = useServices()
  const conflicts = useLiveQuery(() => db.conflicts.toArray(), [db], [])
  const open = conflicts.filter((c) => c.status === 'open')
  const resolved = conflicts
    .filter((c) => c.status === 'resolved')
    .sort((a, b) => (b.resolved_at ?? '').localeCompare(a.resolved_at ?? ''))
  return (
    <section aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">Conflicts</h1>
      <p>
        {open.length === 0
          ? 'No open conflicts.'
          : `${open.length} open conflict${open.length === 1 ? '' : 's'}.`}
      </p>
      {open.map((c) => (
        <ConflictCard key={c.id} conflict={c} canResolve={canResolve} />
      ))}
      <h2>History</h2>
      {resolved.map((c) => (
        <ConflictCard key={c.id} conflict={c} canResolve={false} />
      ))}
    </section>
  )
}
