import { describe, expect, it } from 'vitest'
import type { MaintenanceScheduleRow } from '../../../src/shared/schema/tables'
import {
  intervalText,
  scheduleInputs,
  scheduleValues,
} from '../../../src/renderer/src/features/schedules/schedule-form'

const row = {
  site_id: 's1',
  equipment_id: null,
  equipment_kind: 'compressor',
  title: 'Valve inspection',
  description: null,
  every_hours: null,
  start_hours: 0,
  every_days: 90,
  starts_on: '2026-09-05',
  lead: 14,
  priority: 'high',
  template_id: null,
  active: false,
} as unknown as MaintenanceScheduleRow

describe('the schedule form', () => {
  it('shows a days schedule for a kind as such, and reads it back unchanged', () => {
    const inputs = scheduleInputs(row, '', 'en-US')
    expect(inputs).toMatchObject({ target: 'kind', every: 'days', every_days: '90', active: 'no' })
    expect(scheduleValues(inputs, 'en-US')).toEqual({
      ok: true,
      values: {
        site_id: 's1',
        equipment_id: null,
        equipment_kind: 'compressor',
        title: 'Valve inspection',
        description: null,
        every_hours: null,
        start_hours: 0,
        every_days: 90,
        starts_on: '2026-09-05',
        lead: 14,
        priority: 'high',
        template_id: null,
        active: false,
      },
    })
  })

  it('keeps only the chosen side: switching to hours drops the days and the kind', () => {
    const inputs = {
      ...scheduleInputs(row, '', 'de-DE'),
      target: 'unit' as const,
      equipment_id: 'u1',
      every: 'hours' as const,
      every_hours: '1.500',
      start_hours: '250,5',
    }
    const parsed = scheduleValues(inputs, 'de-DE')
    expect(parsed).toMatchObject({
      ok: true,
      values: {
        equipment_id: 'u1',
        equipment_kind: null,
        every_hours: 1500,
        start_hours: 250.5,
        every_days: null,
        starts_on: null,
      },
    })
  })

  it('refuses text that is no number, an empty interval and a missing unit at their fields', () => {
    const parsed = scheduleValues(
      { ...scheduleInputs(null, 's1', 'en-US'), every_hours: 'fast', lead: '' },
      'en-US',
    )
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors.every_hours).toMatch(/"fast" is not a number/)
    expect(parsed.errors.lead).toBe('Enter how early it shows as due')
    expect(parsed.errors.equipment_id).toBe('Choose the unit')
    expect(
      scheduleValues({ ...scheduleInputs(null, '', 'en-US'), target: 'kind' }, 'en-US'),
    ).toMatchObject({
      ok: false,
      errors: { site_id: 'Choose the site', equipment_kind: 'Choose the kind of unit' },
    })
  })

  it('says the interval in words', () => {
    expect(intervalText(row, 'en-US')).toBe('every 90 days from 2026-09-05, shown 14 days ahead')
    expect(
      intervalText(
        { ...row, every_hours: 2000, start_hours: 0, every_days: null, lead: 200 },
        'en-US',
      ),
    ).toBe('every 2,000 h from 0 h, shown 200 h ahead')
    expect(intervalText({ ...row, every_days: 1, lead: 1 }, 'en-US')).toBe(
      'every 1 day from 2026-09-05, shown 1 day ahead',
    )
  })
})
