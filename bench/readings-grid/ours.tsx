// Our readings grid (src/…/grid/ReadingsGridTable.tsx, imported, not copied) in the app's
// Mantine theme, fed as ReadingsGridPage feeds it: the cells come from the real buildGrid, the
// active cell and the edit in progress are held the page's way, and a commit goes through the
// draft lifecycle of use-grid-edits / use-readings-grid (draft "Saving…" → saved → the live
// query returns the changed reading → the draft is spent), each step a rebuild of the whole
// grid, as in the app. Only IndexedDB is left out (a macrotask stands in for each of its
// round trips).
import '@mantine/core/styles.css'
import { MantineProvider } from '@mantine/core'
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { CellDraft, GridReading } from '../../src/renderer/src/features/energy/grid/grid-model'
import { spentDrafts } from '../../src/renderer/src/features/energy/grid/grid-model'
import { useGridCells } from '../../src/renderer/src/features/energy/grid/use-grid-cells'
import type { CellPos } from '../../src/renderer/src/features/energy/grid/grid-paste'
import type {
  CellEdit,
  Editing,
} from '../../src/renderer/src/features/energy/grid/ReadingsGridTable'
import { ReadingsGridTable } from '../../src/renderer/src/features/energy/grid/ReadingsGridTable'
import { inputText, parseNumber } from '../../src/renderer/src/ui/numbers'
import { cssVariablesResolver, theme } from '../../src/renderer/src/ui/theme'
import { LOCALE, benchData } from './data'
import { installBench, mountTimed } from './probe'

const data = benchData()
const GRID = '[data-testid="readings-grid"]'
/** An IndexedDB round trip, minus IndexedDB. */
const later = (fn: () => void) => setTimeout(fn, 0)
/**
 * `?direct`: a commit changes the reading at once (one rebuild per edit) instead of going
 * through the draft lifecycle: the grid component's own share of an edit.
 */
const DIRECT = new URLSearchParams(location.search).has('direct')

function OursPage() {
  const locale = LOCALE
  const { input } = data
  const [readings, setReadings] = useState<GridReading[]>(data.readings)
  const [drafts, setDrafts] = useState<Map<string, CellDraft>>(() => new Map())
  const [active, setActive] = useState<CellPos>({ row: -1, col: 0 })
  const [editing, setEditing] = useState<Editing | null>(null)
  const [status, setStatus] = useState('')
  const formatter = useMemo(
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }),
    [locale],
  )
  const format = useCallback((n: number) => formatter.format(n), [formatter])
  // As use-readings-grid: what the live query brings is deferred, the drafts are not, and
  // unchanged cells keep their objects (use-grid-cells).
  const readingsShown = useDeferredValue(readings)
  const gridInput = useMemo(
    () => ({ ...input, readings: readingsShown, drafts }),
    [input, readingsShown, drafts],
  )
  const cells = useGridCells(gridInput)!

  const update = (fn: (next: Map<string, CellDraft>) => void) =>
    setDrafts((current) => {
      const next = new Map(current)
      fn(next)
      return next
    })

  // use-readings-grid: a saved value is spent once its cell shows the reading it became.
  useEffect(() => {
    const spent = spentDrafts(cells, input.days, input.meters, drafts)
    if (spent.length > 0)
      update((d) => {
        for (const k of spent) d.delete(k)
      })
  }, [cells])

  function commit(list: CellEdit[]): void {
    const edits = list.flatMap((e) => {
      const cell = cells[e.row]?.[e.col]
      return cell ? [{ cell, text: e.text.trim() }] : []
    })
    const parse = () => {
      const saved = new Map<string, number>()
      for (const e of edits) {
        const parsed = parseNumber(e.text, locale)
        if (parsed.ok && parsed.value !== null && e.cell.reading)
          saved.set(e.cell.reading.id, parsed.value)
      }
      return saved
    }
    const store = (saved: ReadonlyMap<string, number>) =>
      setReadings((current) =>
        current.map((r) => {
          const kwh = saved.get(r.id)
          return kwh === undefined ? r : { ...r, energy_kwh: kwh, _state: 'unsynced' }
        }),
      )
    if (DIRECT) {
      store(parse())
      return
    }
    // use-grid-edits: the typed values become drafts ("Saving…") at once…
    update((d) => {
      for (const e of edits) d.set(e.cell.key, { text: e.text, error: null })
    })
    later(() => {
      // …the write path parses and stores each (store/writes; here only the parse)…
      const saved = parse()
      update((d) => {
        for (const e of edits) {
          const kwh = e.cell.reading ? saved.get(e.cell.reading.id) : undefined
          if (kwh !== undefined) d.set(e.cell.key, { text: e.text, error: null, saved: { kwh } })
          else d.set(e.cell.key, { text: e.text, error: 'not a number' })
        }
      })
      setStatus('Saved on this laptop; it syncs with the next sync.')
      // …and the live query returns the changed readings.
      later(() => store(saved))
    })
  }

  const size = { rows: input.days.length, cols: input.meters.length }
  const at: CellPos = {
    row: active.row < 0 || active.row >= size.rows ? size.rows - 1 : active.row,
    col: Math.min(active.col, size.cols - 1),
  }
  // The page's own per-render work around the grid.
  const refused = cells.flat().filter((c) => c.error !== null).length
  const pending = cells.flat().filter((c) => c.mark === 'unsynced').length

  return (
    <div style={{ padding: 16 }}>
      <div style={{ fontSize: 14, marginBottom: 8 }}>
        {input.meters.length} meters · {pending} pending sync · {refused} not saved
      </div>
      <ReadingsGridTable
        label="Daily kWh at Bench site"
        days={input.days}
        meters={input.meters}
        cells={cells}
        today={input.today}
        format={format}
        editText={(n: number) => inputText(n, locale)}
        active={at}
        onActive={(pos) => {
          setActive(pos)
          setStatus('')
        }}
        editing={editing}
        onEditing={setEditing}
        onCommit={commit}
        onClear={(pos) => {
          const cell = cells[pos.row]?.[pos.col]
          if (cell) update((d) => d.delete(cell.key))
        }}
        onPaste={() => undefined}
        onLocked={(c) => setStatus(`Read-only: ${c.lock?.message ?? ''}`)}
        maxHeight={600}
      />
      <div role="status" style={{ fontSize: 14, minHeight: 20 }}>
        {status}
      </div>
    </div>
  )
}

const cellSelector = (row: number, col: number) =>
  `${GRID} [role="gridcell"][data-row="${row}"][data-col="${col}"]`

installBench({
  gridSelector: GRID,
  cellSelector,
  cellText: (row, col) => {
    const cell = document.querySelector(cellSelector(row, col))
    if (!cell) return null
    return cell.querySelector('span > span:not([style])')?.textContent ?? ''
  },
  scrollers: () => [document.querySelector<HTMLElement>(GRID)],
})

mountTimed(
  () =>
    createRoot(document.getElementById('root')!).render(
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        defaultColorScheme="light"
      >
        <OursPage />
      </MantineProvider>,
    ),
  () => document.querySelectorAll(`${GRID} [role="gridcell"]`).length > 0,
)
