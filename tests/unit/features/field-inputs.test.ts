import { describe, expect, it } from 'vitest'
import type { FieldDefinition } from '../../../src/shared/schema/custom-fields'
import {
  customFieldsPatch,
  inputsOf,
  readInput,
} from '../../../src/renderer/src/features/custom-fields/field-inputs'

const def = (key: string, over: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id: '64000000-0000-4000-8000-000000000001',
  organization_id: '10000000-0000-4000-8000-000000000001',
  applies_to: 'equipment',
  equipment_kind: null,
  key,
  label: key,
  type: 'text',
  unit: null,
  required: false,
  choices: null,
  position: 0,
  deleted_at: null,
  ...over,
})

const hashrate = def('hashrate', { label: 'Hashrate', type: 'number', unit: 'TH/s' })
const cooled = def('cooled', { label: 'Hydro', type: 'boolean' })
const fuel = def('fuel', { label: 'Fuel', type: 'choice', choices: ['flare gas', 'diesel'] })
const fields = [hashrate, cooled, fuel]

describe('custom fields in a form', () => {
  it('shows stored values as their inputs do, in the person’s locale', () => {
    expect(inputsOf(fields, { hashrate: 335.5, cooled: true }, 'de-DE')).toEqual({
      'cf.hashrate': '335,5',
      'cf.cooled': 'yes',
      'cf.fuel': '',
    })
  })

  it('reads numbers in the locale and refuses what it cannot read, naming the field', () => {
    expect(readInput(hashrate, '335,5', 'de-DE')).toEqual({ ok: true, value: 335.5 })
    expect(readInput(hashrate, '1,5', 'en-US')).toMatchObject({ ok: false })
    expect(readInput(hashrate, '1,5', 'en-US')).toMatchObject({
      message: expect.stringMatching(/^Hashrate: /),
    })
    expect(readInput(cooled, 'no')).toEqual({ ok: true, value: false })
  })

  it('patches only when a field input changed; empty leaves the field out', () => {
    const stored = { hashrate: 335, fuel: 'diesel', retired_key: 'x' }
    expect(customFieldsPatch(fields, stored, {}, ['notes'])).toEqual({ ok: true, patch: {} })
    expect(
      customFieldsPatch(
        fields,
        stored,
        { 'cf.hashrate': '340', 'cf.fuel': '' },
        ['cf.hashrate', 'cf.fuel'],
        'en-US',
      ),
    ).toEqual({ ok: true, patch: { custom_fields: { hashrate: 340, retired_key: 'x' } } })
  })

  it('keys each error by its input, required ones too', () => {
    const required = def('worker', { label: 'Pool worker', required: true })
    expect(
      customFieldsPatch(
        [hashrate, required],
        {},
        { 'cf.hashrate': 'fast' },
        ['cf.hashrate'],
        'en-US',
      ),
    ).toEqual({
      ok: false,
      errors: {
        'cf.hashrate': expect.stringMatching(/^Hashrate: "fast" is not a number/),
        'cf.worker': 'Pool worker is required',
      },
    })
  })
})
