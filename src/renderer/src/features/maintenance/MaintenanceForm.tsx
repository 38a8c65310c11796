import { useCacheQuery } from '../../ui/use-cache-query'
import { requiredNumber } from '../../ui/numbers'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href, navigate } from '../../app/router'
import { MAINTENANCE_KINDS } from '../../../../shared/schema/tables'
import type { MaintenanceKind, Part } from '../../../../shared/schema/tables'
import type { LocalRowOf } from '../../store/db'
import { createRow, deleteRow, updateRow } from '../../store/writes'
import { ChangedUnderneath, shownValue } from '../../ui/ChangedUnderneath'
import { Field, TextField } from '../../ui/Field'
import { fieldLabel } from '../../ui/field-labels'
import { useDraft } from '../../ui/use-draft'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import { getMaintenanceLog, listEquipment, listSites } from '../../store/queries'

/** `datetime-local` value for an instant, in the browser's zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

interface Props {
  userId: string
  existing?: LocalRowOf<'maintenance_logs'>
  siteId?: string | null
  equipmentId?: string | null
}

export function MaintenanceForm({ userId, existing, siteId, equipmentId }: Props) {
  const { db } = useServices()
  const sites = useCacheQuery(() => listSites(db), [db], [])
  // Stable for a new log: the time the form opened, not the time of each render.
  const [openedAt] = useState(() => new Date().toISOString())
  // The log as saved (live: a sync can rewrite it), and the person's edits on top: a save
  // sends only what they changed, so a field another device changed is not overwritten with
  // this form's stale copy, and a sync while they type leaves their input alone.
  const draft = useDraft({
    site_id: existing?.site_id ?? siteId ?? '',
    equipment_id: existing?.equipment_id ?? equipmentId ?? '',
    kind: existing?.kind ?? 'preventive',
    performed_at: toLocalInput(existing?.performed_at ?? openedAt),
    summary: existing?.summary ?? '',
    details: existing?.details ?? '',
    downtime_hours: String(existing?.downtime_hours ?? 0),
    parts: existing?.parts ?? ([] as Part[]),
  })
  const {
    site_id: site,
    equipment_id: equipmentChoice,
    kind,
    summary,
    details,
    parts,
  } = draft.values
  const performedAt = draft.values.performed_at
  const downtime = draft.values.downtime_hours
  const setSite = draft.set('site_id')
  const setEquipment = draft.set('equipment_id')
  const setKind = draft.set('kind')
  const setPerformedAt = draft.set('performed_at')
  const setSummary = draft.set('summary')
  const setDetails = draft.set('details')
  const setDowntime = draft.set('downtime_hours')
  const setParts = draft.set('parts')
  const equipment = useCacheQuery(
    async () => (site ? listEquipment(db, { siteId: site }) : []),
    [db, site],
    [],
  )
  const { run, errors, error, saving, setErrors } = useWrite(userId)

  async function submit() {
    const organization = sites.find((s) => s.id === site)?.organization_id
    if (!site || !organization) {
      setErrors({ site_id: 'Choose the site' })
      return
    }
    if (!equipmentChoice) {
      setErrors({ equipment_id: 'Choose the equipment worked on' })
      return
    }
    const values = {
      site_id: site,
      equipment_id: equipmentChoice,
      kind,
      performed_at: performedAt ? new Date(performedAt).toISOString() : '',
      summary,
      details: details.trim() || null,
      downtime_hours: requiredNumber(downtime),
      parts,
    }
    if (existing && draft.changed.length === 0) {
      navigate(href('maintenance', existing.id))
      return
    }
    const saved = await run((ctx) =>
      existing
        ? updateRow(
            ctx,
            'maintenance_logs',
            existing.id,
            Object.fromEntries(draft.changed.map((f) => [f, values[f]])),
          )
        : createRow(ctx, 'maintenance_logs', { ...values, organization_id: organization }),
    )
    if (saved) navigate(href('maintenance', saved.id))
  }

  return (
    <form
      className="form"
      aria-labelledby="maintenance-form-title"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h1 id="maintenance-form-title">
        {existing ? 'Edit maintenance log' : 'New maintenance log'}
      </h1>
      <ChangedUnderneath
        changes={draft.underneath}
        label={fieldLabel}
        show={(v, f) => (f === 'parts' ? `${(v as Part[]).length} part(s)` : shownValue(v))}
        onTake={draft.take}
      />
      {existing ? (
        <LostValueNotice
          userId={userId}
          table="maintenance_logs"
          rowId={existing.id}
          row={existing}
        />
      ) : null}
      <Field label="Site" error={errors.site_id}>
        {(p) => (
          <select {...p} value={site} onChange={(e) => setSite(e.target.value)}>
            <option value="">Choose…</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Equipment" error={errors.equipment_id}>
        {(p) => (
          <select {...p} value={equipmentChoice} onChange={(e) => setEquipment(e.target.value)}>
            <option value="">Choose…</option>
            {equipment.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Kind of work" error={errors.kind}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as MaintenanceKind)}>
            {MAINTENANCE_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label="Performed at"
        error={errors.performed_at}
        type="datetime-local"
        value={performedAt}
        onChange={setPerformedAt}
      />
      <TextField
        label="Summary"
        error={errors.summary}
        value={summary}
        onChange={setSummary}
        maxLength={500}
      />
      <Field label="Details" error={errors.details}>
        {(p) => (
          <textarea {...p} rows={4} value={details} onChange={(e) => setDetails(e.target.value)} />
        )}
      </Field>
      <TextField
        label="Downtime (hours)"
        error={errors.downtime_hours}
        inputMode="decimal"
        value={downtime}
        onChange={setDowntime}
      />
      <fieldset>
        <legend>Parts used</legend>
        {parts.map((part, i) => (
          <div key={i} className="part-row">
            <Field label={`Part ${i + 1} name`} error={errors[`parts.${i}.name`]}>
              {(p) => (
                <input
                  {...p}
                  value={part.name}
                  onChange={(e) =>
                    setParts(parts.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                  }
                />
              )}
            </Field>
            <Field label="Part number">
              {(p) => (
                <input
                  {...p}
                  value={part.part_number ?? ''}
                  onChange={(e) =>
                    setParts(
                      parts.map((x, j) =>
                        j === i ? { ...x, part_number: e.target.value || null } : x,
                      ),
                    )
                  }
                />
              )}
            </Field>
            <Field label="Quantity" error={errors[`parts.${i}.quantity`]}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={String(part.quantity)}
                  onChange={(e) =>
                    setParts(
                      parts.map((x, j) =>
                        j === i ? { ...x, quantity: Number(e.target.value) } : x,
                      ),
                    )
                  }
                />
              )}
            </Field>
            <button
              type="button"
              className="button"
              onClick={() => setParts(parts.filter((_, j) => j !== i))}
            >
              Remove part {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() => setParts([...parts, { name: '', part_number: null, quantity: 1 }])}
        >
          Add part
        </button>
      </fieldset>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          Save
        </button>
        {existing ? (
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              if (window.confirm('Delete this maintenance log?')) {
                void run((ctx) => deleteRow(ctx, 'maintenance_logs', existing.id)).then(() =>
                  navigate(href('maintenance')),
                )
              }
            }}
          >
            Delete
          </button>
        ) : null}
      </div>
      {existing ? <RecordHistory table="maintenance_logs" rowId={existing.id} /> : null}
    </form>
  )
}

export function MaintenanceRoute({
  id,
  userId,
  query,
}: {
  id: string
  userId: string
  query: URLSearchParams
}) {
  const { db } = useServices()
  const existing = useCacheQuery(
    async () => (id === 'new' ? null : getMaintenanceLog(db, id)),
    [db, id],
  )
  if (existing === undefined) return <p>Loading…</p>
  if (id !== 'new' && !existing)
    return <p role="alert">This maintenance log is not on this laptop.</p>
  return (
    <MaintenanceForm
      key={id}
      userId={userId}
      existing={existing ?? undefined}
      siteId={query.get('site')}
      equipmentId={query.get('equipment')}
    />
  )
}
