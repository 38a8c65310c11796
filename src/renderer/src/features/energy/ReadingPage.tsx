import { useLiveQuery } from 'dexie-react-hooks'
import { numberText as text, optionalNumber as num, requiredNumber } from '../../ui/numbers'
import { explainRejection } from '../../sync/explain-rejection'
import { useEffect, useState } from 'react'
import { useServices } from '../../app/context'
import { href, navigate } from '../../app/router'
import { deleteRow, updateRow } from '../../store/writes'
import { TextField } from '../../ui/Field'
import { formatDateTime } from '../../ui/format'
import { RowMark } from '../../ui/RowMark'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'

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
  const { run, errors, error, saving } = useWrite(userId)
  const [kwh, setKwh] = useState('')
  const [gas, setGas] = useState('')
  const [runtime, setRuntime] = useState('')
  const [notes, setNotes] = useState('')
  useEffect(() => {
    if (!reading) return
    setKwh(String(reading.energy_kwh))
    setGas(text(reading.gas_volume_mcf))
    setRuntime(text(reading.runtime_hours))
    setNotes(reading.notes ?? '')
  }, [reading])
  if (reading === undefined) return <p>Loading…</p>
  if (!reading) return <p role="alert">This reading is not on this laptop.</p>
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
          void run((ctx) =>
            updateRow(ctx, 'energy_production', id, {
              energy_kwh: requiredNumber(kwh),
              gas_volume_mcf: num(gas),
              runtime_hours: num(runtime),
              notes: notes.trim() || null,
            }),
          )
        }}
      >
        <TextField
          label="Energy (kWh)"
          error={errors.energy_kwh}
          inputMode="decimal"
          value={kwh}
          onChange={setKwh}
        />
        <TextField
          label="Gas volume (mcf)"
          error={errors.gas_volume_mcf}
          inputMode="decimal"
          value={gas}
          onChange={setGas}
        />
        <TextField
          label="Runtime (hours)"
          error={errors.runtime_hours}
          inputMode="decimal"
          value={runtime}
          onChange={setRuntime}
        />
        <TextField
          label="Notes"
          error={errors.notes ?? errors.period_start}
          value={notes}
          onChange={setNotes}
        />
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
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
