// How a refused reading can be fixed where it is, whatever the refusal. Pure.
import type { EnergyReadingRow } from '../../../../shared/schema/tables'

export type ReadingFix =
  /** Never reached the server: every field, the day included, may still change. */
  | 'move'
  /** On the server in a month now closed: the change goes in as an adjustment. */
  | 'adjust'
  /** On the server in an open month: edit the values (or send it again as it is). */
  | 'edit'

export function readingFix(opts: { onServer: boolean; monthClosed: boolean }): ReadingFix {
  if (!opts.onServer) return 'move'
  return opts.monthClosed ? 'adjust' : 'edit'
}

type Quantities = Pick<EnergyReadingRow, 'energy_kwh' | 'gas_volume_mcf' | 'runtime_hours'>

export interface CorrectionDeltas {
  energy_kwh: number
  gas_volume_mcf: number | null
  runtime_hours: number | null
}

/** Rounded to the database's 3 decimals, so 0.1 + 0.2 never leaves a 0.30000000000000004 delta. */
const round3 = (n: number) => {
  const r = Math.round(n * 1000) / 1000
  return Object.is(r, -0) ? 0 : r
}

function delta(mine: number | null, server: number | null): number | null {
  if (mine === server) return null
  const d = round3((mine ?? 0) - (server ?? 0))
  return d === 0 ? null : d
}

/**
 * The adjustment that carries a refused change of a closed month's reading: the differences
 * between the values the user wanted and the server's, and nothing else (an adjustment is a
 * delta; a quantity the user left alone stays empty). Null when nothing would change.
 */
export function correctionDeltas(server: Quantities, mine: Quantities): CorrectionDeltas | null {
  const energy = delta(mine.energy_kwh, server.energy_kwh)
  const gas = delta(mine.gas_volume_mcf, server.gas_volume_mcf)
  const runtime = delta(mine.runtime_hours, server.runtime_hours)
  if (energy === null && gas === null && runtime === null) return null
  return { energy_kwh: energy ?? 0, gas_volume_mcf: gas, runtime_hours: runtime }
}
