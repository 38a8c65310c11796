// Property test of the daily-entry logic: random rounds over several meters and days, checked
// against a plain reference model of what the form must propose, show and save.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type {
  EntryAction,
  EntryField,
  EntryReading,
  EntryState,
  Meter,
  Round,
} from '../../../src/renderer/src/features/energy/entry-logic'
import {
  ENTRY_FIELDS,
  changedFields,
  entryReducer,
  initialEntryState,
  initialValues,
  nextStop,
  proposedDay,
  readingOn,
  shownValues,
  visibleMessage,
} from '../../../src/renderer/src/features/energy/entry-logic'
import { addDays, siteDay, startOfSiteDay } from '../../../src/shared/site-time'

const METERS: Meter[] = ['', 'gen-a', 'gen-b']
const TODAY = '2026-12-02'
const format = (n: number | null) => (n === null ? '' : String(n))

type Seed = {
  meter: number
  ago: number
  kwh: number
  gas: number | null
  runtime: number | null
  notes: string | null
  source: 'manual' | 'adjustment'
  deleted: boolean
}

const seedArb: fc.Arbitrary<Seed> = fc.record({
  meter: fc.integer({ min: 0, max: METERS.length - 1 }),
  // Far beyond the 30 readings the old form looked at.
  ago: fc.integer({ min: 0, max: 120 }),
  kwh: fc.integer({ min: 0, max: 40_000 }),
  gas: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
  runtime: fc.option(fc.integer({ min: 0, max: 24 }), { nil: null }),
  notes: fc.option(fc.constantFrom('oil change', 'flare pilot out', 'ok'), { nil: null }),
  source: fc.constantFrom('manual', 'manual', 'manual', 'adjustment'),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
})

type Step =
  | { kind: 'meter'; meter: number }
  | { kind: 'day'; ago: number }
  | { kind: 'adjustment'; on: boolean }
  | { kind: 'edit'; field: EntryField; value: string }
  | { kind: 'save' }
  | { kind: 'round'; round: Round }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('meter' as const), meter: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('day' as const), ago: fc.integer({ min: -3, max: 130 }) }),
  fc.record({ kind: fc.constant('adjustment' as const), on: fc.boolean() }),
  fc.record({
    kind: fc.constant('edit' as const),
    field: fc.constantFrom(...ENTRY_FIELDS),
    value: fc.oneof(
      fc.integer({ min: -500, max: 40_000 }).map(String),
      fc.constantFrom('', 'meter reset'),
    ),
  }),
  fc.constant({ kind: 'save' as const }),
  fc.constant({ kind: 'save' as const }),
  fc.record({ kind: fc.constant('round' as const), round: fc.constantFrom('meters', 'days') }),
)

/** Reference: the meter's live daily readings, straight from the list. */
function daily(readings: readonly EntryReading[], meter: Meter): EntryReading[] {
  return readings.filter(
    (r) => !r.deleted_at && r.source !== 'adjustment' && (r.equipment_id ?? '') === meter,
  )
}

function refDay(r: EntryReading, tz: string) {
  return siteDay(r.period_start, tz)
}

function refProposed(readings: readonly EntryReading[], meter: Meter, tz: string): string {
  const days = daily(readings, meter).map((r) => refDay(r, tz))
  if (days.length === 0) return TODAY
  const next = addDays(days.sort().at(-1)!, 1)
  return next > TODAY ? TODAY : next
}

function makeReading(meter: Meter, day: string, tz: string, over: Partial<EntryReading>) {
  return {
    id: crypto.randomUUID(),
    equipment_id: meter || null,
    period_start: startOfSiteDay(day, tz),
    period_end: startOfSiteDay(addDays(day, 1), tz),
    energy_kwh: 0,
    gas_volume_mcf: null,
    runtime_hours: null,
    notes: null,
    source: 'manual',
    deleted_at: null,
    ...over,
  } satisfies EntryReading
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s))

describe('daily entry logic over random rounds of meters and days', () => {
  it('proposes, shows, carries and saves per meter', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'America/Chicago'),
        fc.array(seedArb, { maxLength: 60 }),
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        (tz, seeds, steps) => {
          // One daily reading per meter and day, as the database's unique index keeps it.
          const readings: EntryReading[] = []
          const slots = new Set<string>()
          for (const s of seeds) {
            const meter = METERS[s.meter]!
            const day = addDays(TODAY, -s.ago)
            const slot = `${meter}|${day}`
            if (s.source !== 'adjustment' && !s.deleted) {
              if (slots.has(slot)) continue
              slots.add(slot)
            }
            readings.push(
              makeReading(meter, day, tz, {
                energy_kwh: s.source === 'adjustment' ? -s.kwh : s.kwh,
                gas_volume_mcf: s.gas,
                runtime_hours: s.runtime,
                notes: s.source === 'adjustment' ? 'meter over-read' : s.notes,
                source: s.source,
                deleted_at: s.deleted ? '2026-11-01T00:00:00Z' : null,
              }),
            )
          }
          let state: EntryState = initialEntryState
          let round: Round = 'meters'
          const apply = (a: EntryAction) => (state = entryReducer(state, a))

          for (const step of steps) {
            let justChangedMeter = false
            const meter = state.meter
            const proposed = proposedDay(readings, meter, tz, TODAY)
            // The proposed day is the selected meter's own, whatever was saved before.
            expect(proposed).toBe(refProposed(readings, meter, tz))
            expect(proposedDay(daily(readings, meter), meter, tz, TODAY)).toBe(proposed)
            const day = state.day ?? proposed
            expect(day <= TODAY || state.day !== null).toBe(true)

            // Existing day: that day's reading of this meter, however old.
            const existing = state.adjustment ? undefined : readingOn(readings, meter, day, tz)
            const expected = daily(readings, meter).find((r) => refDay(r, tz) === day)
            if (!state.adjustment) expect(existing?.id).toBe(expected?.id)

            const previous = daily(readings, meter)
              .filter((r) => refDay(r, tz) < day)
              .sort((a, b) => a.period_start.localeCompare(b.period_start))
              .at(-1)
            const initial = initialValues(
              { existing, previous, adjustment: state.adjustment },
              format,
            )
            if (state.adjustment) {
              // A correction carries nothing.
              expect(Object.values(initial).every((v) => v === '')).toBe(true)
            } else if (existing) {
              expect(initial).toEqual({
                energy_kwh: format(existing.energy_kwh),
                gas_volume_mcf: format(existing.gas_volume_mcf),
                runtime_hours: format(existing.runtime_hours),
                notes: existing.notes ?? '',
              })
            } else {
              expect(initial.energy_kwh).toBe('')
              expect(initial.gas_volume_mcf).toBe(format(previous?.gas_volume_mcf ?? null))
              expect(initial.runtime_hours).toBe(format(previous?.runtime_hours ?? null))
              expect(initial.notes).toBe('')
            }

            switch (step.kind) {
              case 'meter':
                apply({ type: 'meter', meter: METERS[step.meter]! })
                justChangedMeter = METERS[step.meter]! !== meter
                break
              case 'day':
                apply({ type: 'day', day: addDays(TODAY, -step.ago) })
                break
              case 'adjustment':
                apply({ type: 'adjustment', on: step.on })
                break
              case 'edit':
                apply({ type: 'edit', field: step.field, value: step.value })
                break
              case 'round':
                round = step.round
                break
              case 'save': {
                const values = shownValues(state, initial)
                const kwh = num(values.energy_kwh)
                // What the form refuses (future day, no kWh, negative daily value) saves nothing.
                if (day > TODAY || kwh === null || (!state.adjustment && kwh < 0)) break
                if (existing) {
                  const fields = changedFields(state, initial)
                  const before = { ...existing }
                  const index = readings.findIndex((r) => r.id === existing.id)
                  const next = { ...existing }
                  for (const f of fields) {
                    if (f === 'notes') next.notes = values.notes.trim() || null
                    else next[f] = num(values[f]) as number
                  }
                  readings[index] = next
                  // Only the fields the user changed differ from the stored reading.
                  for (const f of ENTRY_FIELDS) {
                    if (!fields.includes(f)) expect(next[f]).toEqual(before[f])
                    else expect(state.edits[f]).toBeDefined()
                  }
                } else {
                  readings.push(
                    makeReading(meter, day, tz, {
                      energy_kwh: kwh,
                      gas_volume_mcf: num(values.gas_volume_mcf),
                      runtime_hours: num(values.runtime_hours),
                      notes: values.notes.trim() || null,
                      source: state.adjustment ? 'adjustment' : 'manual',
                    }),
                  )
                  if (state.adjustment) {
                    // Gas and runtime of an adjustment are only what was typed.
                    const added = readings.at(-1)!
                    expect(added.gas_volume_mcf).toBe(num(state.edits.gas_volume_mcf ?? ''))
                    expect(added.runtime_hours).toBe(num(state.edits.runtime_hours ?? ''))
                  }
                }
                const stop = nextStop({
                  round,
                  meters: METERS,
                  meter,
                  day,
                  today: TODAY,
                  has: (m, d) => daily(readings, m).some((r) => refDay(r, tz) === d),
                })
                expect(stop.day <= TODAY || stop.day === day).toBe(true)
                const hasDay = (m: Meter) => daily(readings, m).some((r) => refDay(r, tz) === day)
                if (round === 'days') expect(stop.meter).toBe(meter)
                else if (stop.day === day && stop.meter !== meter)
                  expect(hasDay(stop.meter)).toBe(false)
                // Done only when nothing is left up to today.
                if (stop.done) {
                  expect(addDays(day, 1) > TODAY).toBe(true)
                  if (round === 'meters') expect(METERS.every(hasDay)).toBe(true)
                }
                apply({
                  type: 'saved',
                  message: { meter: stop.meter, day, text: `Saved ${meter || 'site'} ${day}` },
                  next: { meter: stop.meter, day: stop.day },
                })
                expect(visibleMessage(state)).toBe(`Saved ${meter || 'site'} ${day}`)
                break
              }
            }
            // A message never outlives a change of meter.
            if (justChangedMeter) expect(visibleMessage(state)).toBeNull()
            const shown = state.message
            if (visibleMessage(state) !== null) expect(shown?.meter).toBe(state.meter)
          }
        },
      ),
      { numRuns: 200 },
    )
    // Intl date formatting dominates; a loaded 2-core machine needs the margin.
  }, 60_000)

  it('finds an existing day 200 days back, and refuses to propose a future day', () => {
    const tz = 'America/Chicago'
    const old = makeReading('gen-a', addDays(TODAY, -200), tz, { energy_kwh: 21_000, notes: 'n' })
    const todayReading = makeReading('gen-b', TODAY, tz, { energy_kwh: 1 })
    const rows = [old, todayReading]
    expect(readingOn(rows, 'gen-a', addDays(TODAY, -200), tz)?.id).toBe(old.id)
    expect(proposedDay(rows, 'gen-b', tz, TODAY)).toBe(TODAY)
    expect(proposedDay(rows, 'gen-a', tz, TODAY)).toBe(addDays(TODAY, -199))
    expect(proposedDay(rows, '', tz, TODAY)).toBe(TODAY)
  })
})
