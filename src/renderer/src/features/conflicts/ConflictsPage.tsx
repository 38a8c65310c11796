import { useCacheQuery } from '../../ui/use-cache-query'
import { useState } from 'react'
import type { Json } from '../../../../shared/database.types'
import { useServices } from '../../app/context'
import type { LocalConflict } from '../../store/db'
import { fieldLabel } from '../../ui/field-labels'
import { formatDateTime } from '../../ui/format'
import { inputText, parseNumber, userLocale } from '../../ui/numbers'
import { usePeople } from '../../ui/people'
import type { Naming } from '../../ui/record-names'
import { fieldValue, recordName, timeZoneOf } from '../../ui/record-names'
import { serverProblemInWords } from '../../ui/server-cache'
import { useNaming } from '../../ui/use-naming'
import { noteOf, resolutionValues } from './lost-values'
import { getRecord, listConflicts } from '../../store/queries'

const NOTE_MAX = 2000

/** Whether a conflicting field holds a number, so the resolver's text is read as one. */
const numeric = (c: LocalConflict, f: string) =>
  typeof c.server[f] === 'number' || typeof c.client[f] === 'number'

function startText(c: LocalConflict, f: string, locale: string): string {
  const v = c.winner === 'client' ? c.client[f] : c.server[f]
  if (typeof v === 'number') return inputText(v, locale)
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)
}

function ConflictCard({
  conflict,
  canResolve,
  naming,
}: {
  conflict: LocalConflict
  canResolve: boolean
  naming: Naming
}) {
  const { db, server, engine } = useServices()
  const people = usePeople()
  const locale = userLocale()
  const [custom, setCustom] = useState<Record<string, string>>({})
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const table = conflict.table_name
  const row = useCacheQuery(
    () => getRecord(db, table, conflict.row_id),
    [db, table, conflict.row_id],
  )
  const record = recordName(table, row, naming)
  const zone = timeZoneOf(table, row, naming)
  const show = (f: string, v: unknown) => fieldValue(table, f, v, naming, zone)
  const open = conflict.status === 'open'
  const resolving = canResolve && open
  const serverBy = conflict.server_updated_by ? people.name(conflict.server_updated_by) : null
  const deviceBy = conflict.created_by ? people.name(conflict.created_by) : null
  const serverSide = `${serverBy ?? 'Someone'} (on the server)`
  const deviceSide = `${deviceBy ?? 'Someone'} (from a device)`
  const baseKnown = conflict.fields.every((f) => Object.hasOwn(conflict.base, f))
  const final = resolutionValues(conflict)
  const resolvedNote = noteOf(conflict)
  const choice = conflict.resolution?.choice
  const kept =
    choice === 'server'
      ? `${serverBy ?? 'the server'}’s value`
      : choice === 'client'
        ? `${deviceBy ?? 'the device'}’s value`
        : 'values the resolver entered'

  async function resolve(choice: 'server' | 'client' | 'custom') {
    setError(null)
    let values: { [field: string]: Json } | undefined
    if (choice === 'custom') {
      values = {}
      for (const f of conflict.fields) {
        const typed = custom[f] ?? startText(conflict, f, locale)
        if (numeric(conflict, f)) {
          const n = parseNumber(typed, locale)
          if (!n.ok) {
            setError(`${fieldLabel(f)}: ${n.message}`)
            return
          }
          values[f] = n.value
        } else values[f] = typed === '' ? null : typed
      }
    }
    setBusy(true)
    const resolution: { [key: string]: Json } = values ? { choice, values } : { choice }
    if (note.trim() !== '') resolution.note = note.trim()
    try {
      await server.resolveConflict(conflict.id, resolution)
      await engine.sync()
    } catch (e) {
      setError(
        navigator.onLine
          ? serverProblemInWords(e instanceof Error ? e.message : String(e))
          : 'Resolving needs a connection.',
      )
    } finally {
      setBusy(false)
    }
  }

  const title = `${record.noun}: ${record.name}${record.site ? ` · ${record.site}` : ''}`
  return (
    <article className="card conflict" data-testid="conflict" aria-label={`Conflict: ${title}`}>
      <h2>{title}</h2>
      <p className="muted">
        {open ? 'Open' : 'Resolved'} · edited in two places
        {conflict.op === 'delete' ? ' (one side deleted it)' : ''}
      </p>
      <ul className="conflict-sides">
        <li>
          {serverSide}: {formatDateTime(conflict.server_updated_at)}
        </li>
        <li>
          {deviceSide}: edited {formatDateTime(conflict.client_changed_at)}, reached the server{' '}
          {formatDateTime(conflict.created_at)}
        </li>
        <li>
          Decided automatically for the later edit:{' '}
          {conflict.winner === 'client' ? deviceSide : serverSide}
        </li>
      </ul>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before both edits</th>
            <th scope="col">{serverSide}</th>
            <th scope="col">{deviceSide}</th>
            {open ? null : <th scope="col">Final</th>}
            {resolving ? <th scope="col">Value to keep</th> : null}
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((f) => (
            <tr key={f}>
              <th scope="row">{fieldLabel(f)}</th>
              <td>{show(f, Object.hasOwn(conflict.base, f) ? conflict.base[f] : undefined)}</td>
              <td className={conflict.winner === 'server' ? 'winner' : ''}>
                {show(f, conflict.server[f])}
                {conflict.winner === 'server' ? ' (kept automatically)' : ''}
              </td>
              <td className={conflict.winner === 'client' ? 'winner' : ''}>
                {show(f, conflict.client[f])}
                {conflict.winner === 'client' ? ' (kept automatically)' : ''}
              </td>
              {open ? null : <td>{Object.hasOwn(final, f) ? show(f, final[f]) : 'not known'}</td>}
              {resolving ? (
                <td>
                  <input
                    aria-label={`Value for ${fieldLabel(f)}`}
                    value={custom[f] ?? startText(conflict, f, locale)}
                    inputMode={numeric(conflict, f) ? 'decimal' : undefined}
                    onChange={(e) => setCustom({ ...custom, [f]: e.target.value })}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {baseKnown ? null : (
        <p className="muted">
          The value before both edits is not known: both sides entered this record as new, so the
          server holds no earlier value.
        </p>
      )}
      {open ? null : (
        <p data-testid="resolution">
          Resolved by {people.name(conflict.resolved_by)} on {formatDateTime(conflict.resolved_at)}:
          kept {kept}.{resolvedNote ? ` Note: “${resolvedNote}”` : ''}
        </p>
      )}
      {resolving ? (
        <>
          <label className="conflict-note">
            Note for the record (optional, kept with the decision)
            <textarea value={note} maxLength={NOTE_MAX} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void resolve('server')}
            >
              Keep server value ({serverBy ?? 'as it was'})
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void resolve('client')}
            >
              Keep device value ({deviceBy ?? 'as sent'})
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
        </>
      ) : open ? (
        <p className="muted">The office reviews this conflict.</p>
      ) : null}
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
  const naming = useNaming()
  const conflicts = useCacheQuery(() => listConflicts(db), [db], [])
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
        <ConflictCard key={c.id} conflict={c} canResolve={canResolve} naming={naming} />
      ))}
      <h2>History</h2>
      {resolved.map((c) => (
        <ConflictCard key={c.id} conflict={c} canResolve={false} naming={naming} />
      ))}
    </section>
  )
}
