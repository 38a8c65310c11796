import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Database } from '../../../src/shared/database.types'
import type { RowOf, SyncedTable } from '../../../src/shared/schema/tables'
import { SYNCED_TABLE_NAMES } from '../../../src/shared/schema/tables'
import { validateRow } from '../../../src/shared/schema/validate'

type ServerRow<T extends SyncedTable> = Omit<Database['business']['Tables'][T]['Row'], 'txid'>

describe('table definitions', () => {
  it('have exactly the columns of the generated database types, with compatible types', () => {
    expectTypeOf<keyof RowOf['sites']>().toEqualTypeOf<keyof ServerRow<'sites'>>()
    expectTypeOf<keyof RowOf['equipment']>().toEqualTypeOf<keyof ServerRow<'equipment'>>()
    expectTypeOf<keyof RowOf['maintenance_logs']>().toEqualTypeOf<
      keyof ServerRow<'maintenance_logs'>
    >()
    expectTypeOf<keyof RowOf['energy_production']>().toEqualTypeOf<
      keyof ServerRow<'energy_production'>
    >()
    expectTypeOf<keyof RowOf['sync_conflicts']>().toEqualTypeOf<keyof ServerRow<'sync_conflicts'>>()
    expectTypeOf<keyof RowOf['period_closes']>().toEqualTypeOf<keyof ServerRow<'period_closes'>>()
    expectTypeOf<RowOf['sites']>().toExtend<ServerRow<'sites'>>()
    expectTypeOf<RowOf['equipment']>().toExtend<ServerRow<'equipment'>>()
    expectTypeOf<RowOf['energy_production']>().toExtend<ServerRow<'energy_production'>>()
    expectTypeOf<keyof RowOf['work_orders']>().toEqualTypeOf<keyof ServerRow<'work_orders'>>()
    expectTypeOf<keyof RowOf['work_order_steps']>().toEqualTypeOf<
      keyof ServerRow<'work_order_steps'>
    >()
    expectTypeOf<RowOf['work_orders']>().toExtend<ServerRow<'work_orders'>>()
    expectTypeOf<keyof RowOf['maintenance_schedules']>().toEqualTypeOf<
      keyof ServerRow<'maintenance_schedules'>
    >()
    expectTypeOf<RowOf['maintenance_schedules']>().toExtend<ServerRow<'maintenance_schedules'>>()
    expect(SYNCED_TABLE_NAMES).toEqual([
      'sites',
      'equipment',
      'maintenance_logs',
      'energy_production',
      'sync_conflicts',
      'period_closes',
      'work_orders',
      'work_order_steps',
      'maintenance_schedules',
    ])
  })
})

const reading = (over: Record<string, unknown> = {}) => ({
  id: '5b0f3d0e-1c1a-4d4b-9f6e-0d5d2b1a0c01',
  organization_id: '10000000-0000-4000-8000-000000000001',
  site_id: '30000000-0000-4000-8000-000000000001',
  equipment_id: null,
  created_at: 'x',
  created_by: null,
  updated_at: 'x',
  updated_by: null,
  deleted_at: null,
  period_start: '2026-03-08T06:00:00Z',
  period_end: '2026-03-09T05:00:00Z',
  period_month: '2026-03-01',
  energy_kwh: 100,
  gas_volume_mcf: null,
  runtime_hours: 23,
  source: 'manual',
  notes: null,
  ...over,
})

describe('validateRow mirrors the database CHECKs with messages a technician understands', () => {
  it('accepts a valid reading', () => {
    expect(validateRow('energy_production', reading()).ok).toBe(true)
  })
  it.each([
    [{ energy_kwh: -1 }, 'energy_kwh', 'Energy cannot be negative'],
    [{ period_end: '2026-03-08T05:00:00Z' }, 'period_end', 'The period must end after it starts'],
    [{ period_end: '2026-05-08T05:00:00Z' }, 'period_end', 'A reading can cover at most 31 days'],
    [{ runtime_hours: 23.5 }, 'runtime_hours', 'Runtime cannot be more than the period (23 h)'],
    [{ energy_kwh: 'lots' }, 'energy_kwh', 'Energy must be a number of kWh'],
    [{ source: 'guess' }, 'source', expect.any(String)],
    [{ source: 'adjustment', energy_kwh: -10 }, 'notes', 'An adjustment needs a reason'],
  ])('rejects %j', (over, field, message) => {
    const result = validateRow('energy_production', reading(over))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[field]).toEqual(message)
  })
})
