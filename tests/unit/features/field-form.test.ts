import { describe, expect, it } from 'vitest'
import {
  definitionFrom,
  emptyFieldForm,
  keyFromLabel,
} from '../../../src/renderer/src/features/custom-fields/field-form'

const base = {
  id: '64000000-0000-4000-8000-000000000099',
  organization_id: '10000000-0000-4000-8000-000000000001',
}

describe('the field definition form', () => {
  it('derives a key the table accepts from a label', () => {
    expect(keyFromLabel('Nominal hashrate (TH/s)')).toBe('nominal_hashrate_th_s')
    expect(keyFromLabel('Öl-Typ')).toBe('ol_typ')
    expect(keyFromLabel('2nd meter')).toBe('f_2nd_meter')
    expect(keyFromLabel('  ')).toBe('')
    expect(keyFromLabel('x'.repeat(60))).toHaveLength(40)
  })

  it('makes a definition with only what its type keeps', () => {
    const made = definitionFrom(
      {
        ...emptyFieldForm(),
        equipment_kind: 'generator',
        label: ' Fuel ',
        key: 'fuel',
        type: 'choice',
        unit: 'kW',
        choices: 'flare gas\n\n diesel \n',
        position: '5',
      },
      base,
    )
    expect(made).toEqual({
      ok: true,
      def: expect.objectContaining({
        label: 'Fuel',
        equipment_kind: 'generator',
        unit: null,
        choices: ['flare gas', 'diesel'],
        position: 5,
      }),
    })
    const site = definitionFrom(
      {
        ...emptyFieldForm(),
        applies_to: 'site',
        equipment_kind: 'miner',
        label: 'Lease',
        key: 'lease',
      },
      base,
    )
    expect(site.ok && site.def.equipment_kind).toBeNull()
  })

  it('says what is wrong at each field', () => {
    const made = definitionFrom(
      {
        ...emptyFieldForm(),
        label: '',
        key: 'Bad Key',
        type: 'choice',
        choices: 'a\na',
        position: 'x',
      },
      base,
    )
    expect(made).toEqual({
      ok: false,
      errors: {
        choices: 'Each choice once',
        label: 'Label is required',
        key: 'Key: a lowercase letter, then lowercase letters, digits and _, up to 40',
        position: 'Order: a whole number from 0 to 10,000',
      },
    })
  })
})
