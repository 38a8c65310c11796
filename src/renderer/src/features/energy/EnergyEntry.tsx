import { useCacheQuery } from '../../ui/use-cache-query'
import { useEffect, useReducer, useRef, useState } from 'react'
import type { FieldErrors } from '../../../../shared/schema/validate'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { createRow, updateRow } from '../../store/writes'
import { Field, TextField } from '../../ui/Field'
import { NUMBER_MAX_LENGTH, maxLengthOf } from '../../ui/limits'
import { inputText, parseNumber, userLocale } from '../../ui/numbers'
import { RowMark } from '../../ui/RowMark'
import { useWrite } from '../useWrite'
import { plausibilityWarnings } from './energy-math'
import type { EntryField, Meter, Round } from './entry-logic'
import {
  changedFields,
  entryReducer,
  initialEntryState,
  initialValues,
  isDailyReading,
  meterOf,
  nextStop,
  proposedDay,
  readValues,
  readingOn,
  shownValues,
  visibleMessage,
} from './entry-logic'
import { meterReadings, readingsOnDay } from './queries'
import { addDays, dayLabel, siteDay, startOfSiteDay, siteToday } from '../../../../shared/site-time'
import { getSite, listEquipment } from '../../store/queries'

const NOTES_MAX = maxLengthOf('energy_production', 'notes')

const NUMBER_FIELDS: { field: Exclude<EntryField, 'notes'>; label: string }[] = [
  { field: 'energy_kwh', label: 'Energy (kWh)' },
  { field: 'gas_volume_mcf', label: 'Gas volume (mcf)' },
  { field: 'runtime_hours', label: 'Runtime (hours)' },
]

/**
 * Daily readings for one site, keyboard first. Each meter has its own proposed day (the one
 * after its last reading, never after the site's today); an existing day shows that day's
 * reading and a save changes only what was typed; after Enter saves, the round moves on to
 * the next meter or day with the cursor in its kWh field. Implausible values are flagged,
 * never blocked.
 */
export function EnergyEntry({ siteId, userId }: { siteId: string; userId: string }) {
  const { db } = useServices()
  const locale = userLocale()
  const site = useCacheQuery(() => getSite(db, siteId), [db, siteId])
  const units = useCacheQuery(() => listEquipment(db, { siteId, kind: 'generator' }), [db, siteId])
  const [state, dispatch] = useReducer(entryReducer, initialEntryState)
  const [round, setRound] = useState<Round>('meters')
  // A period other than one site-local day (e.g. a meter read across a shutdown).
  const [customPeriod, setCustomPeriod] = useState(false)
  const [customStart, setCustomStart] = useState('')
  const [customEnd, setCustomEnd] = useState('')
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  const form = useRef<HTMLFormElement>(null)
  const [focusTick, setFocusTick] = useState(0)

  const tz = site?.timezone ?? 'UTC'
  const today = siteToday(tz)
  const meter = state.meter
  const recent = useCacheQuery(
    () => meterReadings(db, siteId, meter, tz, 10),
    [db, siteId, meter, tz],
  )
  const proposed = recent ? proposedDay(recent, meter, tz, today) : null
  const day = state.day ?? proposed
  const onDay = useCacheQuery(
    async () => (day ? readingsOnDay(db, siteId, day, tz) : []),
    [db, siteId, day, tz],
  )
  const before = useCacheQuery(
    async () => (day ? (await meterReadings(db, siteId, meter, tz, 14, day)).reverse() : []),
    [db, siteId, meter, day, tz],
  )

  useEffect(() => {
    if (focusTick === 0) return
    const kwh = form.current?.elements.namedItem('energy_kwh')
    if (kwh instanceof HTMLInputElement) {
      kwh.focus()
      kwh.select()
    }
  }, [focusTick])

  if (!site || !units || !recent || day === null || !onDay || !before) return <p>Loading…</p>

  const meters: Meter[] = ['', ...units.map((u) => u.id)]
  const unit = units.find((u) => u.id === meter)
  const meterName = (m: Meter) => units.find((u) => u.id === m)?.name ?? 'Site meter'
  const billingMeter: Meter = site.billing_meter_id ?? ''
  const adjustment = state.adjustment
  const existing = adjustment || customPeriod ? undefined : readingOn(onDay, meter, day, tz)
  const previous = before.at(-1)
  const format = (n: number | null) => inputText(n, locale)
  const initial = initialValues({ existing, previous, adjustment }, format)
  const values = shownValues(state, initial)
  const message = visibleMessage(state)
  const future = day !== '' && day > today

  const periodHours =
    day === '' || future
      ? 24
      : (Date.parse(startOfSiteDay(addDays(day, 1), tz)) - Date.parse(startOfSiteDay(day, tz))) /
        3_600_000
  const typedKwh = parseNumber(values.energy_kwh, locale)
  const warnings =
    adjustment || customPeriod || !typedKwh.ok || typedKwh.value === null
      ? []
      : plausibilityWarnings({
          kwh: typedKwh.value,
          hours: periodHours,
          ratedKw: unit ? unit.rated_power_kw : site.capacity_kw,
          meterName: meterName(meter),
          history: before.map((r) => r.energy_kwh),
        })

  async function save() {
    if (!site) return
    const fieldErrors: FieldErrors = {}
    if (!customPeriod) {
      if (day === '' || day === null)
        fieldErrors.period_start = 'Enter the whole date of the reading'
      else if (day > today)
        fieldErrors.period_start = `${dayLabel(day)} has not happened yet at ${site.name} (today there is ${dayLabel(today)}).`
    }
    const fields = existing ? changedFields(state, initial) : undefined
    const read = readValues(
      values,
      fields ?? ['energy_kwh', 'gas_volume_mcf', 'runtime_hours', 'notes'],
      locale,
    )
    if (!read.ok) Object.assign(fieldErrors, read.errors)
    const toIso = (local: string) =>
      local && !Number.isNaN(Date.parse(local)) ? new Date(local).toISOString() : ''
    if (customPeriod && toIso(customEnd) && Date.parse(toIso(customEnd)) > Date.now())
      fieldErrors.period_end = 'The period cannot end in the future'
    if (Object.keys(fieldErrors).length > 0 || !read.ok) {
      setErrors(fieldErrors)
      return
    }
    const savedDay = day as string
    const name = meterName(meter)
    if (existing && fields && fields.length === 0) {
      setErrors({})
      dispatch({
        type: 'saved',
        message: {
          meter,
          day: savedDay,
          text: `Nothing changed for ${name}, ${dayLabel(savedDay)}.`,
        },
        next: { meter, day: savedDay },
      })
      setFocusTick((t) => t + 1)
      return
    }
    const result = await run((ctx) =>
      existing
        ? updateRow(ctx, 'energy_production', existing.id, read.patch)
        : createRow(ctx, 'energy_production', {
            site_id: siteId,
            equipment_id: meter || null,
            period_start: customPeriod ? toIso(customStart) : startOfSiteDay(savedDay, tz),
            period_end: customPeriod ? toIso(customEnd) : startOfSiteDay(addDays(savedDay, 1), tz),
            ...read.patch,
            organization_id: site.organization_id,
            source: adjustment ? 'adjustment' : 'manual',
          }),
    )
    if (!result) return
    const kwh = result.energy_kwh.toLocaleString('en-US')
    const what = adjustment ? 'correction' : existing ? 'changes' : ''
    let text = `Saved ${what ? `${what} ` : ''}${name}, ${dayLabel(savedDay)}: ${kwh} kWh.`
    let next: { meter: Meter; day: string | null } = { meter, day: savedDay }
    if (!adjustment && !customPeriod) {
      const taken = new Set(
        (await readingsOnDay(db, siteId, savedDay, tz)).filter(isDailyReading).map(meterOf),
      )
      const stop = nextStop({
        round,
        meters,
        meter,
        day: savedDay,
        today,
        has: (m, d) => d === savedDay && taken.has(m),
      })
      next = { meter: stop.meter, day: stop.day }
      text += stop.done
        ? round === 'meters'
          ? ' Every meter is entered up to today.'
          : ` ${name} is entered up to today.`
        : ` Next: ${meterName(stop.meter)}, ${dayLabel(stop.day)}.`
    }
    dispatch({ type: 'saved', message: { meter: next.meter, day: savedDay, text }, next })
    setFocusTick((t) => t + 1)
  }

  const dayHint = existing
    ? `${meterName(meter)} already has a reading for ${dayLabel(day)}: saving changes only the fields you edit.`
    : adjustment
      ? 'A correction is added to this day as a signed kWh delta; it carries no other values.'
      : undefined

  return (
    <section aria-labelledby="entry-title">
      <h1 id="entry-title">Daily readings: {site.name}</h1>
      <form
        ref={form}
        id="entry-form"
        className="form entry-grid"
        aria-label="Enter a reading"
        // The app's own messages replace the browser's (a future day is explained, not blocked silently).
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Field
          label="Meter"
          hint={
            meter === billingMeter
              ? 'The billing meter: invoices and credits are checked against it.'
              : `A sub-meter: set against the billing meter (${meterName(billingMeter)}), not billed.`
          }
        >
          {(p) => (
            <select
              {...p}
              value={meter}
              onChange={(e) => {
                setErrors({})
                dispatch({ type: 'meter', meter: e.target.value })
              }}
            >
              {meters.map((m) => (
                <option key={m} value={m}>
                  {meterName(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="After saving, go to">
          {(p) => (
            <select {...p} value={round} onChange={(e) => setRound(e.target.value as Round)}>
              <option value="meters">the next meter, same day</option>
              <option value="days">the next day, same meter</option>
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={adjustment}
            onChange={(e) => dispatch({ type: 'adjustment', on: e.target.checked })}
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
            hint={dayHint}
            type="date"
            max={today}
            value={day}
            onChange={(d) => {
              setErrors({})
              dispatch({ type: 'day', day: d })
            }}
          />
        )}
        {NUMBER_FIELDS.map(({ field, label }) => (
          <TextField
            key={field}
            label={label}
            name={field}
            error={errors[field]}
            inputMode="decimal"
            autoComplete="off"
            maxLength={NUMBER_MAX_LENGTH}
            placeholder={
              field === 'energy_kwh' && previous && !existing && !adjustment
                ? `previous: ${format(previous.energy_kwh)}`
                : undefined
            }
            value={values[field]}
            onChange={(v) => dispatch({ type: 'edit', field, value: v })}
            autoFocus={field === 'energy_kwh'}
          />
        ))}
        <TextField
          label={adjustment ? 'Reason for the correction' : 'Notes'}
          name="notes"
          error={errors.notes}
          maxLength={NOTES_MAX}
          value={values.notes}
          onChange={(v) => dispatch({ type: 'edit', field: 'notes', value: v })}
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
        {message ? (
          <p role="status" data-testid="entry-message">
            {message}
          </p>
        ) : null}
      </form>
      <h2>Last readings: {meterName(meter)}</h2>
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
          {recent.map((r) => (
            <tr key={r.id} data-testid="reading-row">
              <td>
                <a href={href('energy', 'reading', r.id)}>{siteDay(r.period_start, tz)}</a>{' '}
                <RowMark state={r._state} />
              </td>
              <td>{r.energy_kwh.toLocaleString('en-US')}</td>
              <td>{r.gas_volume_mcf ?? '—'}</td>
              <td>{r.runtime_hours ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
