import { useCacheQuery } from '../../ui/use-cache-query'
import { requiredNumber } from '../../ui/numbers'
import { explainRejection } from '../../sync/explain-rejection'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { updateRow } from '../../store/writes'
import { Field, TextField } from '../../ui/Field'
import { formatDateTime } from '../../ui/format'
import { ChangedUnderneath } from '../../ui/ChangedUnderneath'
import { fieldLabel } from '../../ui/field-labels'
import { RowMark } from '../../ui/RowMark'
import { useDraft } from '../../ui/use-draft'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import { StatusButtons } from './EquipmentList'
import { failedEditOf, getEquipment, listMaintenance } from '../../store/queries'

export function EquipmentPage({ id, userId }: { id: string; userId: string }) {
  const { db } = useServices()
  const item = useCacheQuery(() => getEquipment(db, id), [db, id])
  const logs = useCacheQuery(() => listMaintenance(db, { equipmentId: id }), [db, id], [])
  const failure = useCacheQuery(() => failedEditOf(db, id), [db, id])
  const { run, errors, error, saving } = useWrite(userId)
  // The form shows the record as it is now and only what the person typed on top, so a sync
  // that rewrites the record neither wipes their typing nor lets a save resend stale fields.
  const draft = useDraft({
    runtime_hours: item ? String(item.runtime_hours) : '',
    notes: item?.notes ?? '',
  })
  const [saved, setSaved] = useState<string | null>(null)
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
          const { values, changed } = draft
          if (changed.length === 0) {
            setSaved('Nothing changed.')
            return
          }
          const patch = {
            ...(changed.includes('runtime_hours')
              ? { runtime_hours: requiredNumber(values.runtime_hours) }
              : {}),
            ...(changed.includes('notes') ? { notes: values.notes.trim() || null } : {}),
          }
          setSaved(null)
          void run((ctx) => updateRow(ctx, 'equipment', id, patch)).then((done) => {
            if (done) {
              draft.reset()
              setSaved('Saved.')
            }
          })
        }}
      >
        <ChangedUnderneath changes={draft.underneath} label={fieldLabel} onTake={draft.take} />
        <TextField
          label="Runtime hours"
          error={errors.runtime_hours}
          inputMode="decimal"
          value={draft.values.runtime_hours}
          onChange={draft.set('runtime_hours')}
        />
        <Field label="Notes" error={errors.notes}>
          {(p) => (
            <textarea
              {...p}
              value={draft.values.notes}
              onChange={(e) => draft.set('notes')(e.target.value)}
              rows={3}
            />
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
        {saved ? <p role="status">{saved}</p> : null}
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
