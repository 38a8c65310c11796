import { describe, expect, it } from 'vitest'
import type { ConflictRow } from '../../../src/shared/schema/tables'
import {
  lostValuesOf,
  sameFieldValue,
} from '../../../src/renderer/src/features/conflicts/lost-values'

const TECH = 'tech'
const OFFICE = 'office'

function conflict(over: Partial<ConflictRow> = {}): ConflictRow {
  return {
    id: 'c1',
    organization_id: 'org',
    site_id: 'site',
    table_name: 'energy_production',
    row_id: 'r1',
    mutation_id: null,
    device_id: null,
    op: 'update',
    fields: ['energy_kwh'],
    base: { energy_kwh: 23000 },
    server: { energy_kwh: 23558 },
    client: { energy_kwh: 23500 },
    winner: 'client',
    client_changed_at: '2026-12-02T14:00:00Z',
    server_updated_at: '2026-12-02T13:59:00Z',
    server_updated_by: TECH,
    status: 'open',
    resolution: null,
    resolved_by: null,
    resolved_at: null,
    created_at: '2026-12-02T14:01:00Z',
    created_by: OFFICE,
    updated_at: '2026-12-02T14:01:00Z',
    updated_by: OFFICE,
    deleted_at: null,
    ...over,
  }
}

describe('values a conflict replaced', () => {
  it("tells the server side's author when a later device edit won, and nobody else", () => {
    expect(lostValuesOf(conflict(), TECH)).toEqual([
      {
        conflictId: 'c1',
        field: 'energy_kwh',
        mine: 23558,
        now: 23500,
        by: OFFICE,
        at: '2026-12-02T14:01:00Z',
        resolved: false,
        note: null,
      },
    ])
    expect(lostValuesOf(conflict(), OFFICE)).toEqual([])
    expect(lostValuesOf(conflict(), 'a third person')).toEqual([])
  })

  it('tells the device side when the server kept its value', () => {
    const c = conflict({ winner: 'server', created_by: TECH, server_updated_by: OFFICE })
    expect(lostValuesOf(c, TECH)).toMatchObject([{ mine: 23500, now: 23558, by: OFFICE }])
    expect(lostValuesOf(c, OFFICE)).toEqual([])
  })

  it('after a resolution: the final values against each side, with who chose them and the note', () => {
    const resolved = conflict({
      status: 'resolved',
      resolution: { choice: 'custom', values: { energy_kwh: '23520' }, note: 'Photo checked' },
      resolved_by: 'admin',
      resolved_at: '2026-12-02T15:00:00Z',
    })
    expect(lostValuesOf(resolved, TECH)).toMatchObject([
      {
        mine: 23558,
        now: '23520',
        by: 'admin',
        at: '2026-12-02T15:00:00Z',
        resolved: true,
        note: 'Photo checked',
      },
    ])
    expect(lostValuesOf(resolved, OFFICE)).toMatchObject([{ mine: 23500, now: '23520' }])
    const keptTech = conflict({
      status: 'resolved',
      resolution: { choice: 'server', values: { energy_kwh: 23558 }, note: null },
      resolved_by: 'admin',
      resolved_at: '2026-12-02T15:00:00Z',
    })
    expect(lostValuesOf(keptTech, TECH)).toEqual([])
    expect(lostValuesOf(keptTech, OFFICE)).toMatchObject([{ mine: 23500, now: 23558, note: null }])
  })

  it('someone on both sides (two of their own devices) lost nothing to anyone', () => {
    expect(lostValuesOf(conflict({ created_by: TECH }), TECH)).toEqual([])
  })

  it('compares numbers as numbers', () => {
    expect(sameFieldValue(23520, '23520.000')).toBe(true)
    expect(sameFieldValue(null, undefined)).toBe(true)
    expect(sameFieldValue('down', 'maintenance')).toBe(false)
    expect(sameFieldValue('', 0)).toBe(false)
  })
})
