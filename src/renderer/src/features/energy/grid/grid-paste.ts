// A block pasted from a spreadsheet into the readings grid. Pure: the text on the clipboard
// to rows of cells, and those cells to the grid cells they land on.

/**
 * Clipboard text from Excel, LibreOffice or Google Sheets as rows of cells: lines end with
 * CRLF, LF or CR, cells are separated by tabs, and a cell holding a tab, a line break or a
 * quote is quoted ("a ""b"""). The line break after the last row is not a row.
 */
export function parseClipboard(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  let atCellStart = true
  const endCell = () => {
    row.push(cell)
    cell = ''
    atCellStart = true
  }
  const endRow = () => {
    endCell()
    rows.push(row)
    row = []
  }
  while (i < text.length) {
    const c = text[i]!
    if (atCellStart && c === '"') {
      // A quoted cell: up to the quote that is not doubled.
      let j = i + 1
      let value = ''
      let closed = false
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"'
            j += 2
            continue
          }
          closed = true
          j++
          break
        }
        value += text[j]
        j++
      }
      const next = text[j]
      if (closed && (next === undefined || next === '\t' || next === '\n' || next === '\r')) {
        cell = value
        atCellStart = false
        i = j
        continue
      }
      // Not a quoted cell after all (a quote at the start of plain text): read it as text.
    }
    atCellStart = false
    if (c === '\t') endCell()
    else if (c === '\r' || c === '\n') {
      endRow()
      if (c === '\r' && text[i + 1] === '\n') i++
    } else cell += c
    i++
  }
  // The last line, unless the text ended with a line break (or was empty).
  if (!atCellStart || row.length > 0) endRow()
  return rows
}

export interface CellPos {
  /** A day: the grid's row. */
  row: number
  /** A meter: the grid's column (the day column is not a cell). */
  col: number
}

export interface PasteEdit extends CellPos {
  text: string
}

export interface PastePlan {
  /** The cells the block writes, row by row, each with its text (trimmed). */
  edits: PasteEdit[]
  /** Values that fell outside the grid (past the last day or meter shown): not entered. */
  outside: number
  /** Empty cells of the block: they leave the cell under them as it is. */
  blank: number
}

/**
 * Where a pasted block lands: its top-left value on the active cell, the rest to the right
 * and down, as far as the grid goes. Empty values change nothing (a spreadsheet's empty cell
 * is not "delete this reading").
 */
export function planPaste(
  block: readonly (readonly string[])[],
  anchor: CellPos,
  size: { rows: number; cols: number },
): PastePlan {
  const edits: PasteEdit[] = []
  let outside = 0
  let blank = 0
  block.forEach((line, r) =>
    line.forEach((raw, c) => {
      const text = raw.trim()
      const row = anchor.row + r
      const col = anchor.col + c
      if (text === '') blank++
      else if (row >= size.rows || col >= size.cols || row < 0 || col < 0) outside++
      else edits.push({ row, col, text })
    }),
  )
  return { edits, outside, blank }
}

/** Whether a paste is one value for the cell being edited (the editor takes it as typing). */
export const isSingleValue = (block: readonly (readonly string[])[]): boolean =>
  block.length <= 1 && (block[0]?.length ?? 0) <= 1
