import { describe, expect, it } from 'vitest'
import type { FieldDefinition } from '../../../src/shared/schema/custom-fields'
import {
  customFieldErrors,
  fieldDefinitionSchema,
  fieldText,
  fieldsFor,
} from '../../../src/shared/schema/custom-fields'

const ORG = '10000000-0000-4000-8000-000000000001'
const OTHER = '10000000-0000-4000-8000-000000000002'
let n = 0
const def = (over: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id: `64000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  organization_id: ORG,
  applies_to: 'equipment',
  equipment_kind: null,
  key: 'k',
  label: 'K',
  type: 'text',
  unit: null,
  required: false,
  choices: null,
  position: 0,
  deleted_at: null,
  ...over,
})

describe('fieldsFor', () => {
  it('gives a unit its kind’s and every unit’s live fields of its organization, in order', () => {
    const defs = [
      def({ key: 'fuel', label: 'Fuel', equipment_kind: 'generator' }),
      def({ key: 'warranty', label: 'Warranty', position: 90 }),
      def({ key: 'hashrate', label: 'Hashrate', equipment_kind: 'miner', position: 10 }),
      def({ key: 'firmware', label: 'Firmware', equipment_kind: 'miner', position: 10 }),
      def({ key: 'gone', equipment_kind: 'miner', deleted_at: '2026-12-01' }),
      def({ key: 'theirs', organization_id: OTHER }),
      def({ key: 'lease', applies_to: 'site' }),
    ]
    expect(fieldsFor(defs, ORG, { target: 'equipment', kind: 'miner' }).map((d) => d.key)).toEqual([
      'firmware',
      'hashrate',
      'warranty',
    ])
    expect(fieldsFor(defs, ORG, { target: 'site' }).map((d) => d.key)).toEqual(['lease'])
  })
})

describe('customFieldErrors', () => {
  const fields = [
    def({ key: 'hashrate', label: 'Hashrate', type: 'number', unit: 'TH/s' }),
    def({ key: 'worker', label: 'Pool worker', required: true }),
  ]
  it('judges what the edit adds or changes and asks for required fields', () => {
    expect(customFieldErrors(fields, { hashrate: 'fast' }, {})).toEqual({
      hashrate: 'Hashrate must be a number',
      worker: 'Pool worker is required',
    })
    expect(customFieldErrors(fields, { hashrate: 1, worker: 'w' }, {})).toEqual({})
  })
  it('leaves stored values the edit did not touch, and names keys of removed fields it did', () => {
    expect(customFieldErrors(fields, { worker: 'w', old: 1 }, { old: 1 })).toEqual({})
    expect(customFieldErrors(fields, { worker: 'w', old: 2 }, { old: 1 })).toEqual({
      old: 'There is no field "old" here any more',
    })
  })
})

describe('fieldDefinitionSchema', () => {
  it('holds the cross-field rules of the table', () => {
    const issues = (over: Partial<FieldDefinition>) => {
      const r = fieldDefinitionSchema.safeParse(def(over))
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'))
    }
    expect(issues({})).toEqual([])
    expect(issues({ applies_to: 'site', equipment_kind: 'miner' })).toEqual(['equipment_kind'])
    expect(issues({ unit: 'kW' })).toEqual(['unit'])
    expect(issues({ type: 'choice' })).toEqual(['choices'])
    expect(issues({ type: 'choice', choices: ['a'] })).toEqual([])
    expect(issues({ choices: ['a'] })).toEqual(['choices'])
    expect(issues({ key: 'Hash rate' })).toEqual(['key'])
  })
})

describe('fieldText', () => {
  it('reads values as a person does', () => {
    expect(fieldText({ unit: 'TH/s' }, 335)).toBe('335 TH/s')
    expect(fieldText({ unit: null }, false)).toBe('no')
    expect(fieldText({ unit: null }, undefined)).toBe('')
  })
})
