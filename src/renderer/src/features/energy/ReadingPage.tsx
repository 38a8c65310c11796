import { useCacheQuery } from '../../ui/use-cache-query'
import { explainRejection } from '../../sync/explain-rejection'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href, navigate } from '../../app/router'
import { serverVersionOf } from '../../../../shared/sync/local-row'
import { createRow, deleteRow, discardMutation, retryMutation, updateRow } from '../../store/writes'
import { Field, TextField } from '../../ui/Field'
import { formatDateTime } from '../../ui/format'
import { NUMBER_MAX_LENGTH, maxLengthOf } from '../../ui/limits'
import { inputText, userLocale } from '../../ui/numbers'
import { recordTitle } from '../../ui/record-names'
import { ChangedUnderneath } from '../../ui/ChangedUnderneath'
import { fieldLabel } from '../../ui/field-labels'
import { RowMark } from '../../ui/RowMark'
import { useDraft } from '../../ui/use-draft'
import { useNaming } from '../../ui/use-naming'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import type { EntryField, EntryValues } from './entry-logic'
import { ENTRY_FIELDS, readValues } from './entry-logic'
import { correctionDeltas, readingFix } from './refused-fix'
import { addDays, siteDay, startOfSiteDay, siteToday } from '../../../../shared/site-time'
import { failedEditOf, getSite, isMonthClosed, listEquipment } from '../../store/queries'
import { getReading } from './queries'

/** One reading: fix it (e.g. after the server refused it), delete it, see its history. */
export function ReadingPage({ id, userId }: { id: string; userId: string }) {
  const { db, engine } = useServices()
  const naming = useNaming()
  const reading = useCacheQuery(() => getReading(db, id), [db, id])
  const site = useCacheQuery(
    async () => (reading ? getSite(db, reading.site_id) : undefined),
    [db, reading],
  )
  const failure = useCacheQuery(() => failedEditOf(db, id), [db, id])
  const monthClosed = useCacheQuery(
    async () => {
      if (!reading) return false
      return isMonthClosed(
        db,
        reading.site_id,
        serverVersionOf(reading)?.period_month ?? reading.period_month,
      )
    },
    [db, reading],
    false,
  )
  const units = useCacheQuery(
    async () => (reading ? listEquipment(db, { siteId: reading.site_id }) : []),
    [db, reading?.site_id],
    [],
  )
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  const adjusting = useWrite(userId)
  const [day, setDay] = useState<string | null>(null)
  const [meter, setMeter] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const locale = userLocale()
  const initial: EntryValues = {
    energy_kwh: inputText(reading?.energy_kwh, locale),
    gas_volume_mcf: inputText(reading?.gas_volume_mcf, locale),
    runtime_hours: inputText(reading?.runtime_hours, locale),
    notes: reading?.notes ?? '',
  }
  // Only what the user typed: a save sends those fields and nothing else, so a field another
  // device changed meanwhile is not overwritten with this form's stale copy, and a sync that
  // rewrites the reading while they type leaves their input alone.
  const draft = useDraft(initial)
  if (reading === undefined) return <p>Loading…</p>
  if (!reading) return <p role="alert">This reading is not on this laptop.</p>
  const values = draft.values
  const tz = site?.timezone ?? 'UTC'
  const serverVersion = serverVersionOf(reading)
  const fix = readingFix({ onServer: serverVersion !== null, monthClosed })
  const savedDay = siteDay(reading.period_start, tz)
  const today = siteToday(tz)
  const dayValue = day ?? savedDay
  const savedMeter = reading.equipment_id ?? ''
  const meterValue = meter ?? savedMeter
  const edit = (field: EntryField) => draft.set(field)
  async function save() {
    const changed = ENTRY_FIELDS.filter(
      (f) => draft.changed.includes(f) && values[f].trim() !== initial[f].trim(),
    )
    const moved = fix === 'move' && dayValue !== savedDay
    const remetered = fix === 'move' && meterValue !== savedMeter
    if (moved && (dayValue === '' || dayValue > today)) {
      setErrors({
        period_start:
          dayValue === ''
            ? 'Enter the whole date of the reading'
            : `That day has not happened yet at ${site?.name ?? 'the site'}.`,
      })
      return
    }
    if (changed.length === 0 && !moved && !remetered) {
      setSaved('Nothing changed.')
      return
    }
    const read = readValues(values, changed, locale)
    if (!read.ok) {
      setErrors(read.errors)
      return
    }
    const patch = {
      ...read.patch,
      ...(moved
        ? {
            period_start: startOfSiteDay(dayValue, tz),
            period_end: startOfSiteDay(addDays(dayValue, 1), tz),
          }
        : {}),
      ...(remetered ? { equipment_id: meterValue || null } : {}),
    }
    const result = await run((ctx) => updateRow(ctx, 'energy_production', id, patch))
    if (result) {
      draft.reset()
      setDay(null)
      setMeter(null)
      setSaved('Saved.')
    }
  }

  /** The change the closed month refused, entered as an adjustment; the refused edit goes. */
  async function enterAsAdjustment() {
    if (!reading || !serverVersion || !failure?.seq) return
    const deltas = correctionDeltas(serverVersion, reading)
    if (!deltas) {
      setSaved('Your change equals what the server has; discard it in the Sync center.')
      return
    }
    const created = await adjusting.run((ctx) =>
      createRow(ctx, 'energy_production', {
        organization_id: reading.organization_id,
        site_id: reading.site_id,
        equipment_id: reading.equipment_id,
        period_start: reading.period_start,
        period_end: reading.period_end,
        source: 'adjustment',
        ...deltas,
        notes: reason.trim(),
      }),
    )
    if (!created) return
    await discardMutation(db, failure.seq)
    await engine.refreshCounts()
    setReason('')
    setSaved(
      `Entered as an adjustment of ${created.energy_kwh.toLocaleString('en-US')} kWh; the refused change was discarded.`,
    )
  }

  async function sendAgain() {
    if (!failure?.seq) return
    await retryMutation(db, failure.seq)
    await engine.sync()
  }
  return (
    <section aria-labelledby="reading-title">
      <h1 id="reading-title">
        Reading: {recordTitle('energy_production', reading, naming)}{' '}
        <RowMark state={reading._state} />
      </h1>
      <p>
        {formatDateTime(reading.period_start)} to {formatDateTime(reading.period_end)} · source{' '}
        {reading.source} ·{' '}
        <a href={href('energy', 'entry', reading.site_id)}>daily entry for this site</a>
      </p>
      <LostValueNotice userId={userId} table="energy_production" rowId={id} row={reading} />
      {failure ? (
        <div role="alert" className="field-error">
          <p>
            The server refused the last edit. {explainRejection(failure.error)}{' '}
            {fix === 'move'
              ? 'Fix it below (the day too: move it to an open day), send it again once the cause is gone (a reopened month, a site assigned again), or discard it in the Sync center.'
              : fix === 'adjust'
                ? 'This month is closed: enter your change as an adjustment below, send it again once the office reopens the month, or discard it in the Sync center.'
                : 'Fix it below, send it again once the cause is gone, or discard it in the Sync center.'}
          </p>
          <button type="button" className="button" onClick={() => void sendAgain()}>
            Send again
          </button>
        </div>
      ) : null}
      {failure && fix === 'adjust' ? (
        <form
          className="form"
          aria-label="Enter as an adjustment"
          onSubmit={(e) => {
            e.preventDefault()
            void enterAsAdjustment()
          }}
        >
          <TextField
            label="Reason for the adjustment"
            error={adjusting.errors.notes}
            maxLength={maxLengthOf('energy_production', 'notes')}
            value={reason}
            onChange={setReason}
          />
          {adjusting.error ? (
            <p role="alert" className="field-error">
              {adjusting.error}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={adjusting.saving}>
            Enter as adjustment
          </button>
        </form>
      ) : null}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        {fix === 'move' ? (
          <Field label="Meter" error={errors.equipment_id}>
            {(p) => (
              <select {...p} value={meterValue} onChange={(e) => setMeter(e.target.value)}>
                <option value="">Site meter</option>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {fix === 'move' ? (
          <TextField
            label="Day"
            error={errors.period_start ?? errors.period_end}
            type="date"
            max={today}
            value={dayValue}
            onChange={setDay}
          />
        ) : null}
        <ChangedUnderneath changes={draft.underneath} label={fieldLabel} onTake={draft.take} />
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
          error={errors.notes ?? (fix === 'move' ? undefined : errors.period_start)}
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
