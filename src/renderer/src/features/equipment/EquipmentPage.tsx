import { useLiveQuery } from 'dexie-react-hooks'
import { requiredNumber } from '../../ui/numbers'
import { explainRejection } from '../../sync/explain-rejection'
import { useEffect, useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { updateRow } from '../../store/writes'
import { Field, TextField } from '../../ui/Field'
import { formatDateTime } from '../../ui/format'
import { RowMark } from '../../ui/RowMark'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import { StatusButtons } from './EquipmentList'

export function EquipmentPage({ id, userId }: { id: string; userId: string }) {
  const { db } = useServices()
  const item = useLiveQuery(() => db.equipment.get(id), [db, id])
  const logs = useLiveQuery(
    async () =>
      (await db.maintenance_logs.where('equipment_id').equals(id).toArray())
        .filter((l) => !l.deleted_at)
        .sort((a, b) => b.performed_at.localeCompare(a.performed_at)),
    [db, id],
    [],
  )
  const failure = useLiveQuery(
    async () =>
      (await db.outbox.where('row_id').equals(id).toArray()).find((m) => m.state === 'failed'),
    [db, id],
  )
  const { run, errors, error, saving } = useWrite(userId)
  const [runtime, setRuntime] = useState('')
  const [notes, setNotes] = useState('')
  useEffect(() => {
    if (item) {
      setRuntime(String(item.runtime_hours))
      setNotes(item.notes ?? '')
    }
  }, [item])
  if (item === undefined) return <p>Loading…</p>
  if (!item) return <p role="alert">This equipment is not on this laptop.</p>
  return (
    <section aria-labelledby="equipment-page-title">
      <h1 id="equipment-page-title">
        {item.name} <RowMark state={item._state} />
      </h1>
      <p>
        {item.kind} · {item.make} {item.model} · serial {item.serial_number ?? '—'} · tag{' '}
        {item.asset_tag ?? '—'} · <a href={href('sites', item.site_id)}>site</a>
      </p>
      <LostValueNotice userId={userId} table="equipment" rowId={id} row={item} />
      {failure ? (
        <p role="alert" className="field-error">
          The server refused the last edit. {explainRejection(failure.error)} Fix it below, or
          discard it in the Sync center.
        </p>
      ) : null}
      {item._outOfScope ? (
        <p role="alert" className="unsynced-warning">
          This site is no longer assigned to you; your unsynced edit is kept until you or the office
          decide.
        </p>
      ) : null}
      <h2>Status</h2>
      <StatusButtons id={id} status={item.status} userId={userId} />
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          const hours = requiredNumber(runtime)
          void run((ctx) =>
            updateRow(ctx, 'equipment', id, { runtime_hours: hours, notes: notes.trim() || null }),
          )
        }}
      >
        <TextField
          label="Runtime hours"
          error={errors.runtime_hours}
          inputMode="decimal"
          value={runtime}
          onChange={setRuntime}
        />
        <Field label="Notes" error={errors.notes}>
          {(p) => (
            <textarea {...p} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />
          )}
        </Field>
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={saving}>
          Save
        </button>
      </form>
      <h2>Maintenance</h2>
      <a
        className="button"
        href={`${href('maintenance', 'new')}?site=${item.site_id}&equipment=${id}`}
      >
        Log maintenance
      </a>
      <ul>
        {logs.map((l) => (
          <li key={l.id}>
            <a href={href('maintenance', l.id)}>{formatDateTime(l.performed_at)}</a> — {l.kind}:{' '}
            {l.summary} <RowMark state={l._state} />
          </li>
        ))}
      </ul>
      <RecordHistory table="equipment" rowId={id} />
    </section>
  )
}
