import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { useServices } from '../../../app/context'
import { getSite, listEquipment } from '../../../store/queries'
import { inputText } from '../../../ui/numbers'
import { useCacheQuery } from '../../../ui/use-cache-query'
import { siteToday } from '../../../../../shared/site-time'
import type { GridCell, GridInput } from './grid-model'
import { gridDays, gridMeters, spentDrafts } from './grid-model'
import { useGridCells } from './use-grid-cells'
import type { CellPos } from './grid-paste'
import { planPaste } from './grid-paste'
import type { Refusal } from './grid-queries'
import {
  closedMonthsOf,
  historyBefore,
  readingsInRange,
  refusalsAndConflicts,
} from './grid-queries'
import type { CellTarget } from './grid-save'
import type { CommitSummary } from './use-grid-edits'
import { useGridEdits } from './use-grid-edits'

/** `value`, or the earlier value with the same `key`: what a memo compares by identity. */
function useSame<T>(value: T, key: (v: T) => string): T {
  const kept = useRef<{ key: string; value: T } | undefined>(undefined)
  const k = key(value)
  if (!kept.current || kept.current.key !== k) kept.current = { key: k, value }
  return kept.current.value
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`

export function describeCommit(s: CommitSummary, what = 'value'): string {
  const parts: string[] = []
  if (s.saved > 0) parts.push(`${plural(s.saved, what)} saved on this laptop`)
  if (s.unchanged > 0) parts.push(`${plural(s.unchanged, what)} unchanged`)
  if (s.refused > 0) parts.push(`${plural(s.refused, what)} refused: the reason is in the cell`)
  return parts.length > 0 ? `${parts.join('; ')}.` : 'Nothing to save.'
}

/**
 * Everything the readings grid shows and does, apart from how it is drawn: the site's days and
 * meters, each cell's reading, mark, warnings and refusal, and saving typed or pasted values.
 */
export function useReadingsGrid(opts: {
  siteId: string
  userId: string
  locale: string
  /** The last day shown (site-local); null: the site's today. */
  lastDay: string | null
  count: number
}) {
  const { siteId, userId, locale, count } = opts
  const { db } = useServices()
  const site = useCacheQuery(() => getSite(db, siteId), [db, siteId])
  const units = useCacheQuery(() => listEquipment(db, { siteId }), [db, siteId])
  const tz = site?.timezone
  const [today, setToday] = useState(() => (tz ? siteToday(tz) : ''))
  // The site's day turns over while the screen is open (a night shift).
  useEffect(() => {
    if (!tz) return
    const tick = () => setToday(siteToday(tz))
    tick()
    const timer = setInterval(tick, 60_000)
    return () => clearInterval(timer)
  }, [tz])
  const to = opts.lastDay ?? today
  const days = useMemo(() => (to ? gridDays(to, count) : []), [to, count])
  const from = days[0] ?? ''
  const readings = useCacheQuery(
    async () => (tz && from ? readingsInRange(db, siteId, from, to, tz) : undefined),
    [db, siteId, from, to, tz],
  )
  // The same meters, the same refusals, the same conflicts are the same objects from one live
  // query answer to the next, so a save rebuilds only its meter's column (use-grid-cells).
  const meters = useSame(
    useMemo(
      () => (site && units && readings ? gridMeters(site, units, readings) : undefined),
      [site, units, readings],
    ),
    (m) => JSON.stringify(m),
  )
  const meterIds = meters?.map((m) => m.id).join(',')
  const history = useCacheQuery(
    async () =>
      tz && from && meters
        ? historyBefore(
            db,
            siteId,
            meters.map((m) => m.id),
            from,
            tz,
          )
        : [],
    [db, siteId, meterIds, from, tz],
  )
  const closedMonths = useCacheQuery(
    () => closedMonthsOf(db, siteId, days),
    [db, siteId, from, to],
    new Set<string>(),
  )
  const marks = useCacheQuery(() => refusalsAndConflicts(db), [db], {
    refusals: new Map<string, Refusal>(),
    conflicts: new Set<string>(),
  })
  const edits = useGridEdits({ userId, siteId, locale })

  const marksShown = useDeferredValue(marks)
  const failures = useSame(
    useMemo(
      () => new Map([...marksShown.refusals].map(([id, r]) => [id, r.message])),
      [marksShown.refusals],
    ),
    (f) => JSON.stringify([...f]),
  )
  const conflicts = useSame(marksShown.conflicts, (c) => [...c].sort().join(','))
  // What the live queries bring (another save's reading, a sync) is drawn in a render React may
  // interrupt, so the keyboard never waits for it; what the person typed (the drafts) is not.
  const readingsShown = useDeferredValue(readings)
  const historyShown = useDeferredValue(history)
  const allReadings = useMemo(
    () => (readingsShown && historyShown ? [...historyShown, ...readingsShown] : undefined),
    [readingsShown, historyShown],
  )
  const input = useMemo(
    (): GridInput | undefined =>
      site && tz && meters && allReadings
        ? {
            days,
            meters,
            readings: allReadings,
            timeZone: tz,
            today,
            siteName: site.name,
            closedMonths,
            drafts: edits.drafts,
            failures,
            conflicts,
            locale,
          }
        : undefined,
    [
      site,
      tz,
      meters,
      allReadings,
      days,
      today,
      closedMonths,
      edits.drafts,
      failures,
      conflicts,
      locale,
    ],
  )
  const cells = useGridCells(input)

  // A saved value is spent once its cell shows the reading it became.
  useEffect(() => {
    if (!cells || !meters) return
    edits.discard(spentDrafts(cells, days, meters, edits.drafts))
    // edits.discard is stable in effect (it only calls setState).
  }, [cells])

  function targetOf(cell: GridCell): CellTarget {
    return {
      siteId,
      organizationId: site!.organization_id,
      timeZone: tz!,
      meter: cell.meter,
      day: cell.day,
      readingId: cell.reading?.id,
      lock: cell.lock,
    }
  }

  function commit(list: readonly (CellPos & { text: string })[]): Promise<CommitSummary> {
    const grid = cells
    if (!grid || !site) return Promise.resolve({ saved: 0, unchanged: 0, refused: 0 })
    return edits.commit(
      list.flatMap((e) => {
        const cell = grid[e.row]?.[e.col]
        return cell ? [{ key: cell.key, text: e.text.trim(), target: targetOf(cell) }] : []
      }),
    )
  }

  /** A block from the clipboard at `anchor`; resolves to what happened, in words. */
  async function paste(block: string[][], anchor: CellPos): Promise<string> {
    const plan = planPaste(block, anchor, { rows: days.length, cols: meters?.length ?? 0 })
    const summary = await commit(plan.edits)
    const notes: string[] = []
    if (plan.outside > 0)
      notes.push(`${plural(plan.outside, 'value')} past the edge of the grid not entered`)
    if (plan.blank > 0) notes.push(`${plural(plan.blank, 'empty cell')} left as they were`)
    return `Pasted ${block.length}×${Math.max(...block.map((r) => r.length))}: ${describeCommit(summary)}${notes.length > 0 ? ` ${notes.join('; ')}.` : ''}`
  }

  function clear(pos: CellPos): void {
    const cell = cells?.[pos.row]?.[pos.col]
    if (cell) edits.discard([cell.key])
  }

  return {
    site,
    loading: !cells,
    today,
    days,
    meters: meters ?? [],
    cells: cells ?? [],
    refusals: marks.refusals,
    commit,
    paste,
    clear,
    /** kWh as the editor starts with it. */
    editText: (n: number) => inputText(n, locale),
  }
}
