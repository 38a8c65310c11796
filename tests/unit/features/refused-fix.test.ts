import { describe, expect, it } from 'vitest'
import { correctionDeltas, readingFix } from '../../../src/renderer/src/features/energy/refused-fix'

describe('fixing a refused reading in place', () => {
  it('moves a reading the server never had, adjusts one of a closed month, edits the rest', () => {
    expect(readingFix({ onServer: false, monthClosed: true })).toBe('move')
    expect(readingFix({ onServer: false, monthClosed: false })).toBe('move')
    expect(readingFix({ onServer: true, monthClosed: true })).toBe('adjust')
    expect(readingFix({ onServer: true, monthClosed: false })).toBe('edit')
  })

  it('an adjustment carries the differences only, rounded as the database stores them', () => {
    const server = { energy_kwh: 20000.1, gas_volume_mcf: 170, runtime_hours: null }
    expect(
      correctionDeltas(server, { energy_kwh: 20000.3, gas_volume_mcf: 170, runtime_hours: null }),
    ).toEqual({ energy_kwh: 0.2, gas_volume_mcf: null, runtime_hours: null })
    expect(
      correctionDeltas(server, { energy_kwh: 19700.1, gas_volume_mcf: 175.5, runtime_hours: 2 }),
    ).toEqual({ energy_kwh: -300, gas_volume_mcf: 5.5, runtime_hours: 2 })
    expect(
      correctionDeltas(server, { energy_kwh: 20000.1, gas_volume_mcf: 172, runtime_hours: null }),
    ).toEqual({ energy_kwh: 0, gas_volume_mcf: 2, runtime_hours: null })
    expect(correctionDeltas(server, { ...server })).toBeNull()
  })
})
