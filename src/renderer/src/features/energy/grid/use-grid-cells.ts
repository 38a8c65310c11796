import { useMemo, useRef } from 'react'
import type { GridCell, GridInput } from './grid-model'
import { buildGrid, changedMeters, keepUnchanged } from './grid-model'

type Cells = readonly (readonly GridCell[])[]

/**
 * The grid's cells for `input` (memoise it and its parts). A change of drafts or readings
 * recomputes only the columns of the meters it touches (a value typed, saved, refused, read
 * back), and every cell that shows what it showed before is kept as the same object, so only
 * the cells a change touches re-render (bench/readings-grid.ts).
 */
export function useGridCells(input: GridInput | undefined): Cells | undefined {
  const last = useRef<{ input: GridInput; cells: Cells } | undefined>(undefined)
  return useMemo(() => {
    if (!input) return undefined
    const prev = last.current
    const meters = prev ? changedMeters(prev.input, input) : null
    const built =
      prev && meters ? buildGrid(input, { previous: prev.cells, meters }) : buildGrid(input)
    const cells = keepUnchanged(prev?.cells, built)
    last.current = { input, cells }
    return cells
  }, [input])
}
