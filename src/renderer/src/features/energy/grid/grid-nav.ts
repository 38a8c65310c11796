// Keyboard navigation of the readings grid, as in a spreadsheet. Pure: a key press (and
// whether a cell is being edited) to what the grid does, and a move to the cell it reaches.
import type { CellPos } from './grid-paste'

export interface GridSize {
  rows: number
  cols: number
}

export type Move =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  /** Tab: the next cell of the row, then the first of the next row. */
  | 'next'
  /** Shift+Tab: the mirror of `next`. */
  | 'prev'
  | 'rowStart'
  | 'rowEnd'
  /** Ctrl+Up/Down: the first or last day, same meter. */
  | 'top'
  | 'bottom'
  /** Ctrl+Home/End: the first or last cell of the grid. */
  | 'first'
  | 'last'
  | 'pageUp'
  | 'pageDown'

/**
 * How a cell is being edited. 'enter': typing replaced the value, so arrow keys finish the
 * edit and move (a figure typed cell after cell); 'edit': F2 or a double click opened the
 * value, so left and right move the caret in it.
 */
export type EditMode = 'enter' | 'edit'

export type KeyIntent =
  | { kind: 'move'; move: Move }
  /** Save what is typed, then move (null: stay). */
  | { kind: 'commit'; then: Move | null }
  /** Escape: throw away what is typed in this edit. */
  | { kind: 'cancel' }
  /** Start editing: `text` replaces the value (a typed character), null keeps it (F2). */
  | { kind: 'edit'; text: string | null }
  /** Delete: forget the cell's unsaved or refused value. */
  | { kind: 'clear' }
  /** Not the grid's: the browser (or the cell's input) handles it. */
  | { kind: 'none' }

export interface KeyLike {
  key: string
  shiftKey?: boolean
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
}

const ARROWS: Record<string, Move> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
}

export function keyIntent(e: KeyLike, editing: EditMode | null): KeyIntent {
  const command = Boolean(e.ctrlKey || e.metaKey)
  const shift = Boolean(e.shiftKey)
  if (editing) {
    switch (e.key) {
      case 'Enter':
        return { kind: 'commit', then: shift ? 'up' : 'down' }
      case 'Tab':
        return { kind: 'commit', then: shift ? 'prev' : 'next' }
      case 'Escape':
        return { kind: 'cancel' }
      case 'ArrowUp':
      case 'ArrowDown':
        return { kind: 'commit', then: ARROWS[e.key]! }
      case 'ArrowLeft':
      case 'ArrowRight':
        return editing === 'enter' && !command && !shift
          ? { kind: 'commit', then: ARROWS[e.key]! }
          : { kind: 'none' }
      default:
        return { kind: 'none' }
    }
  }
  if (e.key in ARROWS) {
    if (command) {
      const edge: Record<string, Move> = {
        ArrowUp: 'top',
        ArrowDown: 'bottom',
        ArrowLeft: 'rowStart',
        ArrowRight: 'rowEnd',
      }
      return { kind: 'move', move: edge[e.key]! }
    }
    return { kind: 'move', move: ARROWS[e.key]! }
  }
  switch (e.key) {
    case 'Tab':
      return { kind: 'move', move: shift ? 'prev' : 'next' }
    case 'Enter':
      return { kind: 'move', move: shift ? 'up' : 'down' }
    case 'Home':
      return { kind: 'move', move: command ? 'first' : 'rowStart' }
    case 'End':
      return { kind: 'move', move: command ? 'last' : 'rowEnd' }
    case 'PageUp':
      return { kind: 'move', move: 'pageUp' }
    case 'PageDown':
      return { kind: 'move', move: 'pageDown' }
    case 'F2':
      return { kind: 'edit', text: null }
    case 'Delete':
      return { kind: 'clear' }
    case 'Backspace':
      return { kind: 'edit', text: '' }
    default:
      // A printable character starts editing with it; shortcuts (Ctrl+C, Ctrl+V) are the browser's.
      if (e.key.length === 1 && !command && !e.altKey) return { kind: 'edit', text: e.key }
      return { kind: 'none' }
  }
}

const clamp = (n: number, max: number) => Math.max(0, Math.min(max, n))

/**
 * The cell a move reaches, never outside the grid; null when Tab goes past the last cell (or
 * Shift+Tab before the first): the focus then leaves the grid, as the browser moves it.
 */
export function moveTo(
  pos: CellPos,
  move: Move,
  size: GridSize,
  opts: { page?: number } = {},
): CellPos | null {
  const lastRow = size.rows - 1
  const lastCol = size.cols - 1
  if (size.rows === 0 || size.cols === 0) return null
  const at = { row: clamp(pos.row, lastRow), col: clamp(pos.col, lastCol) }
  const page = opts.page ?? 10
  switch (move) {
    case 'up':
      return { ...at, row: clamp(at.row - 1, lastRow) }
    case 'down':
      return { ...at, row: clamp(at.row + 1, lastRow) }
    case 'left':
      return { ...at, col: clamp(at.col - 1, lastCol) }
    case 'right':
      return { ...at, col: clamp(at.col + 1, lastCol) }
    case 'next':
      if (at.col < lastCol) return { ...at, col: at.col + 1 }
      return at.row < lastRow ? { row: at.row + 1, col: 0 } : null
    case 'prev':
      if (at.col > 0) return { ...at, col: at.col - 1 }
      return at.row > 0 ? { row: at.row - 1, col: lastCol } : null
    case 'rowStart':
      return { ...at, col: 0 }
    case 'rowEnd':
      return { ...at, col: lastCol }
    case 'top':
      return { ...at, row: 0 }
    case 'bottom':
      return { ...at, row: lastRow }
    case 'first':
      return { row: 0, col: 0 }
    case 'last':
      return { row: lastRow, col: lastCol }
    case 'pageUp':
      return { ...at, row: clamp(at.row - page, lastRow) }
    case 'pageDown':
      return { ...at, row: clamp(at.row + page, lastRow) }
  }
}
