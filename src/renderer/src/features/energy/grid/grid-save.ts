// Saving one grid cell through the daily-entry form's write path: its reading of the typed
// text (entry-logic's readValues, ui/numbers' parseNumber), then store/writes' createRow or
// updateRow, which validate the whole row and refuse closed months. A cell whose meter
// already has the day's reading on this laptop updates that row; it never inserts a second.
import type { EnergyReadingRow } from '../../../../../shared/schema/tables'
import { addDays, startOfSiteDay } from '../../../../../shared/site-time'
import type { WriteContext } from '../../../store/writes'
import { StorageFullError, ValidationError, createRow, updateRow } from '../../../store/writes'
import type { Meter } from '../entry-logic'
import { EMPTY_VALUES, readValues } from '../entry-logic'
import { sameSlotOnDevice } from '../queries'
import type { CellLock } from './grid-model'

export interface CellTarget {
  siteId: string
  organizationId: string
  timeZone: string
  meter: Meter
  day: string
  /** The reading the cell shows, if any. */
  readingId: string | undefined
  lock: CellLock | null
}

export type SaveOutcome =
  | { kind: 'saved'; id: string; kwh: number; created: boolean }
  | { kind: 'unchanged' }
  | { kind: 'refused'; message: string }

/** The message of a refusal that speaks of the value first, then of the day. */
function firstMessage(errors: Record<string, string>): string {
  return (
    errors.energy_kwh ??
    errors.period_start ??
    errors.period_end ??
    Object.values(errors)[0] ??
    'This value cannot be saved.'
  )
}

export async function saveCell(
  ctx: WriteContext,
  target: CellTarget,
  text: string,
  locale: string,
): Promise<SaveOutcome> {
  // A day that has not happened yet is refused as the form refuses it (before any write);
  // a closed month is left to the write path, which refuses it in its own words.
  if (target.lock?.kind === 'future') return { kind: 'refused', message: target.lock.message }
  const read = readValues({ ...EMPTY_VALUES, energy_kwh: text }, ['energy_kwh'], locale)
  if (!read.ok) return { kind: 'refused', message: firstMessage(read.errors) }
  const kwh = read.patch.energy_kwh!
  const periodStart = startOfSiteDay(target.day, target.timeZone)
  const equipmentId = target.meter || null
  const shown = target.readingId ? await ctx.db.energy_production.get(target.readingId) : undefined
  // The grid may not show yet a reading saved a moment ago (or pulled meanwhile): the slot on
  // this laptop decides, as for a CSV import.
  const existing =
    shown && !shown.deleted_at
      ? shown
      : await sameSlotOnDevice(ctx.db, target.siteId, equipmentId, periodStart, 'manual')
  try {
    if (existing) {
      if (existing.energy_kwh === kwh) return { kind: 'unchanged' }
      const patch: Partial<EnergyReadingRow> = { energy_kwh: kwh }
      const row = await updateRow(ctx, 'energy_production', existing.id, patch)
      return { kind: 'saved', id: row.id, kwh: row.energy_kwh, created: false }
    }
    const row = await createRow(ctx, 'energy_production', {
      site_id: target.siteId,
      equipment_id: equipmentId,
      period_start: periodStart,
      period_end: startOfSiteDay(addDays(target.day, 1), target.timeZone),
      energy_kwh: kwh,
      organization_id: target.organizationId,
      source: 'manual',
    })
    return { kind: 'saved', id: row.id, kwh: row.energy_kwh, created: true }
  } catch (e) {
    if (e instanceof ValidationError) return { kind: 'refused', message: firstMessage(e.errors) }
    if (e instanceof StorageFullError) return { kind: 'refused', message: e.message }
    return { kind: 'refused', message: e instanceof Error ? e.message : String(e) }
  }
}
