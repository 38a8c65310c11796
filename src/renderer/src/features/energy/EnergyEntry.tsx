import { useLiveQuery } from 'dexie-react-hooks'
import { optionalNumber as num, requiredNumber } from '../../ui/numbers'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { createRow, updateRow } from '../../store/writes'
import { Field, TextField } from '../../ui/Field'
import { localDate } from '../../ui/format'
import { RowMark } from '../../ui/RowMark'
import { useWrite } from '../useWrite'
import { entryWarnings, startOfLocalDay } from './energy-math'

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/**
 * Daily readings for one site, keyboard first: the next day to enter is proposed, the last
 * reading's values are carried forward, and values far from the recent ones are flagged
 * (without blocking: a real shutdown or spike is entered as is).
 */
export function EnergyEntry({ siteId, userId }: { siteId: string; userId: string }) {
  const { db } = useServices()
  const site = useLiveQuery(() => db.sites.get(siteId), [db, siteId])
  const equipment = useLiveQuery(
    async () =>
      (await db.equipment.where('site_id').equals(siteId).toArray()).filter(
        (e) => !e.deleted_at && e.kind === 'generator',
      ),
    [db, siteId],
    [],
  )
  const [unit, setUnit] = useState('')
  const recent = useLiveQuery(
    async () =>
      (
        await db.energy_production
          .where('[site_id+period_start]')
          .between([siteId, ''], [siteId, '\uffff'])
          .reverse()
          .limit(200)
          .toArray()
      )
        .filter(
          (r) => !r.deleted_at && r.source !== 'adjustment' && (r.equipment_id ?? '') === unit,
        )
        .slice(0, 30),
    [db, siteId, unit],
  )
  const tz = site?.timezone ?? 'UTC'
  const last = recent?.[0]
  const nextDay = last
    ? addDays(localDate(last.period_start, tz), 1)
    : localDate(new Date().toISOString(), tz)
  const [day, setDay] = useState<string | null>(null)
  const [kwh, setKwh] = useState<string | null>(null)
  const [gas, setGas] = useState<string | null>(null)
  const [runtime, setRuntime] = useState<string | null>(null)
  const [notes, setNotes] = useState('')
  // A period other than one site-local day (e.g. a meter read across a shutdown).
  const [customPeriod, setCustomPeriod] = useState(false)
  // A correction to a closed month: a signed kWh delta with a reason, never an edit in place.
  const [adjustment, setAdjustment] = useState(false)
  const [customStart, setCustomStart] = useState('')
  const [customEnd, setCustomEnd] = useState('')
  const { run, errors, error, saving } = useWrite(userId)
  const [saved, setSaved] = useState<string | null>(null)

  if (!site || !recent) return <p>Loading…</p>
  // Carried forward until the user types something of their own.
  const dayValue = day ?? nextDay
  const kwhValue = kwh ?? (last && !adjustment ? String(last.energy_kwh) : '')
  const gasValue =
    gas ??
    (last?.gas_volume_mcf !== null && last?.gas_volume_mcf !== undefined
      ? String(last.gas_volume_mcf)
      : '')
  const runtimeValue =
    runtime ??
    (last?.runtime_hours !== null && last?.runtime_hours !== undefined
      ? String(last.runtime_hours)
      : '')
  const warnings =
    adjustment || kwhValue.trim() === ''
      ? []
      : entryWarnings(
          Number(kwhValue),
          [...recent].reverse().map((r) => r.energy_kwh),
        )
  const existing =
    customPeriod || adjustment
      ? undefined
      : recent.find((r) => localDate(r.period_start, tz) === dayValue)

  async function save() {
    const toIso = (local: string) => (local ? new Date(local).toISOString() : '')
    const values = {
      site_id: siteId,
      equipment_id: unit || null,
      period_start: customPeriod ? toIso(customStart) : startOfLocalDay(dayValue, tz),
      period_end: customPeriod ? toIso(customEnd) : startOfLocalDay(addDays(dayValue, 1), tz),
      energy_kwh: requiredNumber(kwhValue),
      gas_volume_mcf: num(gasValue),
      runtime_hours: num(runtimeValue),
      notes: notes.trim() || null,
    }
    const result = await run((ctx) =>
      existing
        ? updateRow(ctx, 'energy_production', existing.id, values)
        : createRow(ctx, 'energy_production', {
            ...values,
            organization_id: site!.organization_id,
            source: adjustment ? 'adjustment' : 'manual',
          }),
    )
    if (result) {
      setSaved(`Saved ${dayValue}: ${Number(kwhValue).toLocaleString()} kWh`)
      setDay(addDays(dayValue, 1))
      setKwh(null)
      setGas(null)
      setRuntime(null)
      setNotes('')
    }
  }

  return (
    <section aria-labelledby="entry-title">
      <h1 id="entry-title">Daily readings: {site.name}</h1>
      <form
        className="form entry-grid"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field label="Meter">
          {(p) => (
            <select {...p} value={unit} onChange={(e) => setUnit(e.target.value)}>
              <option value="">Site meter</option>
              {equipment.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={adjustment}
            onChange={(e) => setAdjustment(e.target.checked)}
          />{' '}
          Correction (adjustment with a reason)
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={customPeriod}
            onChange={(e) => setCustomPeriod(e.target.checked)}
          />{' '}
          Custom period
        </label>
        {customPeriod ? (
          <>
            <TextField
              label="Period start"
              error={errors.period_start}
              type="datetime-local"
              value={customStart}
              onChange={setCustomStart}
            />
            <TextField
              label="Period end"
              error={errors.period_end}
              type="datetime-local"
              value={customEnd}
              onChange={setCustomEnd}
            />
          </>
        ) : (
          <TextField
            label="Day"
            error={errors.period_start ?? errors.period_end}
            hint={existing ? 'A reading exists for this day: saving changes it.' : undefined}
            type="date"
            value={dayValue}
            onChange={setDay}
          />
        )}
        <TextField
          label="Energy (kWh)"
          error={errors.energy_kwh}
          inputMode="decimal"
          value={kwhValue}
          onChange={setKwh}
          autoFocus
        />
        <TextField
          label="Gas volume (mcf)"
          error={errors.gas_volume_mcf}
          inputMode="decimal"
          value={gasValue}
          onChange={setGas}
        />
        <TextField
          label="Runtime (hours)"
          error={errors.runtime_hours}
          inputMode="decimal"
          value={runtimeValue}
          onChange={setRuntime}
        />
        <TextField
          label={adjustment ? 'Reason for the correction' : 'Notes'}
          error={errors.notes}
          value={notes}
          onChange={setNotes}
        />
        {warnings.map((w) => (
          <p key={w.kind} className="entry-warning" role="status">
            Check: {w.message}
          </p>
        ))}
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={saving}>
          Save reading
        </button>
        {saved ? <p role="status">{saved}</p> : null}
      </form>
      <h2>Last readings</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">kWh</th>
            <th scope="col">Gas mcf</th>
            <th scope="col">Runtime h</th>
          </tr>
        </thead>
        <tbody>
          {recent.slice(0, 10).map((r) => (
            <tr key={r.id} data-testid="reading-row">
              <td>
                <a href={href('energy', 'reading', r.id)}>{localDate(r.period_start, tz)}</a>{' '}
                <RowMark state={r._state} />
              </td>
              <td>{r.energy_kwh.toLocaleString()}</td>
              <td>{r.gas_volume_mcf ?? '—'}</td>
              <td>{r.runtime_hours ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
