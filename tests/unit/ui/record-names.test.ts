import { describe, expect, it } from 'vitest'
import type { Naming } from '../../../src/renderer/src/ui/record-names'
import {
  editValues,
  fieldValue,
  recordName,
  recordTitle,
} from '../../../src/renderer/src/ui/record-names'

const naming: Naming = {
  sites: new Map([['s1', { id: 's1', name: 'Mesa Verde 14-2', timezone: 'America/Chicago' }]]),
  equipment: new Map([['g1', { id: 'g1', name: 'Generator A', site_id: 's1' }]]),
}

// 06:00 UTC on Dec 2 is still Dec 2 at midnight in Chicago; 05:00 UTC is Dec 1, 11 pm.
const reading = {
  site_id: 's1',
  equipment_id: 'g1',
  period_start: '2026-12-01T06:00:00Z',
  energy_kwh: 23000,
  source: 'manual',
}

describe('naming records and values', () => {
  it("names a reading by its meter and the site's local day", () => {
    expect(recordName('energy_production', reading, naming)).toEqual({
      noun: 'Energy reading',
      name: 'Generator A, Dec 1, 2026',
      site: 'Mesa Verde 14-2',
    })
    expect(
      recordTitle(
        'energy_production',
        { ...reading, period_start: '2026-12-02T05:00:00Z', equipment_id: null },
        naming,
      ),
    ).toBe('Site meter, Dec 1, 2026 · Mesa Verde 14-2')
    expect(recordName('energy_production', { ...reading, source: 'adjustment' }, naming).name).toBe(
      'Generator A, Dec 1, 2026 (adjustment)',
    )
    expect(recordName('equipment', { name: 'Generator A', site_id: 'gone' }, naming)).toEqual({
      noun: 'Equipment',
      name: 'Generator A',
      site: 'a site no longer on this laptop',
    })
    expect(recordName('maintenance_logs', undefined, naming).name).toBe(
      'a record no longer on this laptop',
    )
  })

  it('shows values with units, names and local times, and says when a value is not known', () => {
    expect(fieldValue('energy_production', 'energy_kwh', 23558, naming)).toBe('23,558 kWh')
    expect(fieldValue('energy_production', 'energy_kwh', '23558.500', naming)).toBe('23,558.5 kWh')
    expect(fieldValue('energy_production', 'equipment_id', null, naming)).toBe('Site meter')
    expect(fieldValue('maintenance_logs', 'equipment_id', 'g1', naming)).toBe('Generator A')
    expect(fieldValue('equipment', 'deleted_at', '2026-12-01T00:00:00Z', naming)).toBe('deleted')
    expect(fieldValue('equipment', 'notes', undefined, naming)).toBe('not known')
    expect(fieldValue('equipment', 'notes', null, naming)).toBe('—')
    expect(
      fieldValue(
        'energy_production',
        'period_start',
        '2026-12-01T06:00:00Z',
        naming,
        'America/Chicago',
      ),
    ).toBe('Dec 1, 2026, 12:00 AM')
    expect(
      fieldValue('maintenance_logs', 'parts', [{ name: 'Oil filter', quantity: 2 }], naming),
    ).toBe('Oil filter ×2')
  })

  it('says what a queued edit carries', () => {
    expect(
      editValues(
        {
          table: 'energy_production',
          op: 'insert',
          data: {
            ...reading,
            energy_kwh: 23558,
            gas_volume_mcf: 162,
            runtime_hours: null,
            notes: '',
          },
          base: {},
        },
        undefined,
        naming,
      ),
    ).toBe('23,558 kWh, 162 mcf')
    expect(
      editValues(
        {
          table: 'energy_production',
          op: 'update',
          data: { energy_kwh: 23558 },
          base: { energy_kwh: 23000 },
        },
        reading,
        naming,
      ),
    ).toBe('Energy (kWh) 23,558 kWh (was 23,000 kWh)')
    expect(
      editValues({ table: 'equipment', op: 'delete', data: {}, base: {} }, undefined, naming),
    ).toBe('delete')
  })
})
