import { useLiveQuery } from 'dexie-react-hooks'
import { explainRejection } from '../../sync/explain-rejection'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href, navigate } from '../../app/router'
import { deleteRow, updateRow } from '../../store/writes'
import { TextField } from '../../ui/Field'
import { formatDateTime } from '../../ui/format'
import { NUMBER_MAX_LENGTH, maxLengthOf } from '../../ui/limits'
import { inputText, userLocale } from '../../ui/numbers'
import { RowMark } from '../../ui/RowMark'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import type { EntryField, EntryValues } from './entry-logic'
import { ENTRY_FIELDS, readValues } from './entry-logic'

/** One reading: fix it (e.g. after the server refused it), delete it, see its history. */
export function ReadingPage({ id, userId }: { id: string; userId: string }) {
  const { db } = useServices()
  const reading = useLiveQuery(() => db.energy_production.get(id), [db, id])
  const site = useLiveQuery(
    async () => (reading ? db.sites.get(reading.site_id) : undefined),
    [db, reading],
  )
  const failure = useLiveQuery(
    async () =>
      (await db.outbox.where('row_id').equals(id).toArray()).find((m) => m.state === 'failed'),
    [db, id],
  )
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  // Only what the user typed: a save sends those fields and nothing else, so a field another
  // device changed meanwhile is not overwritten with this form's stale copy.
  const [edits, setEdits] = useState<Partial<EntryValues>>({})
  const [saved, setSaved] = useState<string | null>(null)
  const locale = userLocale()
  if (reading === undefined) return <p>Loading…</p>
  if (!reading) return <p role="alert">This reading is not on this laptop.</p>
  const initial: EntryValues = {
    energy_kwh: inputText(reading.energy_kwh, locale),
    gas_volume_mcf: inputText(reading.gas_volume_mcf, locale),
    runtime_hours: inputText(reading.runtime_hours, locale),
    notes: reading.notes ?? '',
  }
  const values = { ...initial, ...edits }
  const edit = (field: EntryField) => (value: string) => setEdits((e) => ({ ...e, [field]: value }))
  async function save() {
    const changed = ENTRY_FIELDS.filter(
      (f) => edits[f] !== undefined && edits[f].trim() !== initial[f].trim(),
    )
    if (changed.length === 0) {
      setSaved('Nothing changed.')
      return
    }
    const read = readValues(values, changed, locale)
    if (!read.ok) {
      setErrors(read.errors)
      return
    }
    const result = await run((ctx) => updateRow(ctx, 'energy_production', id, read.patch))
    if (result) {
      setEdits({})
      setSaved('Saved.')
    }
  }
  return (
    <section aria-labelledby="reading-title">
      <h1 id="reading-title">
        Reading: {site?.name ?? 'a site no longer on this laptop'},{' '}
        {formatDateTime(reading.period_start)} <RowMark state={reading._state} />
      </h1>
      <p>
        {formatDateTime(reading.period_start)} to {formatDateTime(reading.period_end)} · source{' '}
        {reading.source} ·{' '}
        <a href={href('energy', 'entry', reading.site_id)}>daily entry for this site</a>
      </p>
      {failure ? (
        <p role="alert" className="field-error">
          The server refused the last edit. {explainRejection(failure.error)} Fix it below, or
          discard it in the Sync center.
        </p>
      ) : null}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <TextField
          label="Energy (kWh)"
          error={errors.energy_kwh}
          inputMode="decimal"
          maxLength={NUMBER_MAX_LENGTH}
          value={values.energy_kwh}
          onChange={edit('energy_kwh')}
        />
        <TextField
          label="Gas volume (mcf)"
          error={errors.gas_volume_mcf}
          inputMode="decimal"
          maxLength={NUMBER_MAX_LENGTH}
          value={values.gas_volume_mcf}
          onChange={edit('gas_volume_mcf')}
        />
        <TextField
          label="Runtime (hours)"
          error={errors.runtime_hours}
          inputMode="decimal"
          maxLength={NUMBER_MAX_LENGTH}
          value={values.runtime_hours}
          onChange={edit('runtime_hours')}
        />
        <TextField
          label="Notes"
          error={errors.notes ?? errors.period_start}
          maxLength={maxLengthOf('energy_production', 'notes')}
          value={values.notes}
          onChange={edit('notes')}
        />
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        {saved ? <p role="status">{saved}</p> : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={saving}>
            Save
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              if (window.confirm('Delete this reading?')) {
                void run((ctx) => deleteRow(ctx, 'energy_production', id)).then(() =>
                  navigate(href('energy')),
                )
              }
            }}
          >
            Delete
          </button>
        </div>
      </form>
      <RecordHistory table="energy_production" rowId={id} />
    </section>
  )
}
