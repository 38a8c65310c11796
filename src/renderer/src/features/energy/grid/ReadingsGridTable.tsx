// The readings grid itself: days down, meters across, entered like a spreadsheet. TanStack
// Table holds the columns and rows, TanStack Virtual renders only the days in view; the cells
// are plain DOM (role="grid", one focus stop, aria-activedescendant), so a screen reader and
// a test read every value, mark and reason. Chosen over AG Grid by measurement:
// docs/readings-grid.md.
import { Badge } from '@mantine/core'
import { IconAlertTriangle, IconLock } from '@tabler/icons-react'
import type { ColumnDef } from '@tanstack/react-table'
import { getCoreRowModel, useReactTable } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ClipboardEvent, CSSProperties, KeyboardEvent, MouseEvent } from 'react'
import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef } from 'react'
import { dayLabel } from '../../../../../shared/site-time'
import { NUMBER_MAX_LENGTH } from '../../../ui/limits'
import { SYNC_ICON } from '../../../ui/StatusBadge'
import { SYNC_COLOR } from '../../../ui/theme'
import type { CellMark, GridCell, GridMeter } from './grid-model'
import { cellText } from './grid-model'
import type { EditMode } from './grid-nav'
import { keyIntent, moveTo } from './grid-nav'
import type { CellPos } from './grid-paste'
import { isSingleValue, parseClipboard } from './grid-paste'

export const ROW_HEIGHT = 46
const HEADER_HEIGHT = 52
const DAY_WIDTH = 118
const METER_WIDTH = 124

export interface Editing extends CellPos {
  mode: EditMode
  text: string
}

export interface CellEdit extends CellPos {
  text: string
}

export const MARK_LABEL: Record<CellMark, string> = {
  synced: 'Synced',
  unsynced: 'Pending: saved on this laptop, not yet synced',
  failed: 'Failed: the server refused it',
  conflict: 'Conflict: edited in two places, the office reviews it',
}

const color = (c: string) => `var(--mantine-color-${c}-filled)`
const light = (c: string) => `var(--mantine-color-${c}-light)`

const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' })
const dayName = (day: string) => weekday.format(Date.parse(`${day}T00:00:00Z`))

/** What a cell says beyond its value, in words: for its title and for screen readers. */
export function cellWords(cell: GridCell): string {
  const words: string[] = []
  if (cell.draft && cell.draft.error === null && !cell.draft.saved) words.push('Saving')
  if (cell.error) words.push(`Not saved: ${cell.error}`)
  else if (cell.mark) words.push(MARK_LABEL[cell.mark])
  if (cell.lock) words.push(cell.lock.message)
  for (const w of cell.warnings) words.push(`Check: ${w.message}`)
  return words.join('. ')
}

const srOnly: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
}

const cellBase: CSSProperties = {
  position: 'relative',
  boxSizing: 'border-box',
  width: METER_WIDTH,
  height: ROW_HEIGHT,
  flex: 'none',
  padding: '3px 6px',
  borderRight: '1px solid var(--mantine-color-default-border)',
  borderBottom: '1px solid var(--mantine-color-default-border)',
  display: 'flex',
  flexDirection: 'column',
  justifyContent: 'center',
  overflow: 'hidden',
  cursor: 'cell',
}

const valueLine: CSSProperties = {
  display: 'flex',
  justifyContent: 'flex-end',
  alignItems: 'center',
  gap: 4,
  fontVariantNumeric: 'tabular-nums',
  lineHeight: '18px',
  minHeight: 18,
}

const subLine: CSSProperties = {
  fontSize: 11,
  lineHeight: '14px',
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  textAlign: 'right',
}

const Cell = memo(function Cell({
  cell,
  id,
  row,
  col,
  active,
  editing,
  text,
  onEditText,
}: {
  cell: GridCell
  id: string
  row: number
  col: number
  active: boolean
  editing: Editing | null
  text: string
  onEditText: (text: string) => void
}) {
  const Mark = cell.mark ? SYNC_ICON[cell.mark] : null
  const refused = cell.error !== null
  const saving = cell.draft !== undefined && cell.draft.error === null && !cell.draft.saved
  const sub = refused
    ? { text: cell.error!, color: color(SYNC_COLOR.failed) }
    : cell.lock
      ? { text: cell.lock.short, color: 'var(--mantine-color-dimmed)' }
      : cell.warnings[0]
        ? { text: `Check: ${cell.warnings[0].message}`, color: 'var(--mantine-color-orange-text)' }
        : saving
          ? { text: 'Saving…', color: 'var(--mantine-color-dimmed)' }
          : null
  const words = cellWords(cell)
  return (
    <div
      role="gridcell"
      id={id}
      aria-colindex={col + 2}
      aria-selected={active}
      aria-readonly={cell.lock ? true : undefined}
      aria-invalid={refused ? true : undefined}
      data-row={row}
      data-col={col}
      data-day={cell.day}
      data-meter={cell.meter}
      data-mark={cell.mark ?? undefined}
      title={words || undefined}
      style={{
        ...cellBase,
        background: refused
          ? light(SYNC_COLOR.failed)
          : cell.lock
            ? 'var(--mantine-color-default-hover)'
            : undefined,
        outline: active ? '2px solid var(--mantine-primary-color-filled)' : undefined,
        outlineOffset: -2,
        zIndex: active ? 1 : undefined,
      }}
    >
      {editing ? (
        <input
          aria-label={`kWh for ${cell.meter === '' ? 'the site meter' : 'this meter'}, ${dayLabel(cell.day)}`}
          autoFocus
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          maxLength={NUMBER_MAX_LENGTH}
          value={editing.text}
          onChange={(e) => onEditText(e.currentTarget.value)}
          onFocus={(e) => {
            const end = e.currentTarget.value.length
            e.currentTarget.setSelectionRange(end, end)
          }}
          style={{
            width: '100%',
            height: ROW_HEIGHT - 10,
            boxSizing: 'border-box',
            textAlign: 'right',
            font: 'inherit',
            fontVariantNumeric: 'tabular-nums',
            border: 'none',
            outline: 'none',
            background: 'var(--mantine-color-body)',
            color: 'var(--mantine-color-text)',
          }}
        />
      ) : (
        <>
          <span style={{ ...valueLine, color: refused ? color(SYNC_COLOR.failed) : undefined }}>
            {cell.lock ? (
              <IconLock size={12} aria-hidden color="var(--mantine-color-dimmed)" />
            ) : null}
            {cell.warnings.length > 0 && !refused ? (
              <IconAlertTriangle size={12} aria-hidden color={color('orange')} />
            ) : null}
            <span>{text}</span>
            {Mark && !refused ? (
              <Mark size={13} aria-hidden color={color(SYNC_COLOR[cell.mark!])} />
            ) : null}
            {refused ? (
              <SYNC_ICON.failed size={13} aria-hidden color={color(SYNC_COLOR.failed)} />
            ) : null}
          </span>
          {sub ? <span style={{ ...subLine, color: sub.color }}>{sub.text}</span> : null}
          {words ? <span style={srOnly}>{words}</span> : null}
        </>
      )}
    </div>
  )
})

const GridRow = memo(function GridRow({
  gridId,
  row,
  day,
  cells,
  top,
  activeCol,
  editing,
  format,
  onEditText,
  today,
  firstCol,
  lastCol,
}: {
  gridId: string
  row: number
  day: string
  cells: readonly GridCell[]
  top: number
  /** The meters in view (and a few either side): the only cells rendered. */
  firstCol: number
  lastCol: number
  /** The active cell's column when it is in this row, else -1. */
  activeCol: number
  /** The edit in progress when it is in this row. */
  editing: Editing | null
  format: (n: number) => string
  onEditText: (text: string) => void
  today: string
}) {
  return (
    <div
      role="row"
      aria-rowindex={row + 2}
      style={{ position: 'absolute', top, left: 0, display: 'flex', height: ROW_HEIGHT }}
    >
      <div
        role="rowheader"
        aria-colindex={1}
        style={{
          ...cellBase,
          width: DAY_WIDTH,
          cursor: 'default',
          position: 'sticky',
          left: 0,
          zIndex: 2,
          background: 'var(--mantine-color-body)',
          fontWeight: day === today ? 700 : 500,
          fontSize: 14,
        }}
      >
        <span>{dayLabel(day, { year: false })}</span>
        <span style={{ fontSize: 11, color: 'var(--mantine-color-dimmed)' }}>
          {dayName(day)}
          {day === today ? ' · today' : ''}
        </span>
      </div>
      {firstCol > 0 ? (
        <div aria-hidden style={{ width: firstCol * METER_WIDTH, flex: 'none' }} />
      ) : null}
      {cells.slice(firstCol, lastCol + 1).map((cell, i) => {
        const col = firstCol + i
        return (
          <Cell
            key={cell.key}
            cell={cell}
            id={`${gridId}-r${row}-c${col}`}
            row={row}
            col={col}
            active={col === activeCol}
            editing={editing && editing.col === col ? editing : null}
            text={cellText(cell, format)}
            onEditText={onEditText}
          />
        )
      })}
    </div>
  )
})

export interface ReadingsGridTableProps {
  label: string
  days: readonly string[]
  meters: readonly GridMeter[]
  cells: readonly (readonly GridCell[])[]
  today: string
  /** A kWh as a cell shows it (the user's locale, grouped). */
  format: (n: number) => string
  /** A kWh as the editor starts with it (no grouping). */
  editText: (n: number) => string
  active: CellPos
  onActive: (pos: CellPos) => void
  editing: Editing | null
  onEditing: (editing: Editing | null) => void
  /** Save typed values (one from the editor, several from a paste). */
  onCommit: (edits: CellEdit[]) => void
  /** Delete: forget the unsaved or refused value of a cell. */
  onClear: (pos: CellPos) => void
  onPaste: (block: string[][], anchor: CellPos) => void
  /** Typing into a read-only cell: say why it is. */
  onLocked: (cell: GridCell) => void
  maxHeight?: number | string
}

export function ReadingsGridTable(props: ReadingsGridTableProps) {
  const { days, meters, cells, active, editing, format, editText } = props
  const gridId = useId().replace(/:/g, '')
  const scroller = useRef<HTMLDivElement>(null)
  const latest = useRef(props)
  latest.current = props
  // Set while an edit closes on purpose, so the editor's blur does not save it a second time.
  const closing = useRef(false)

  type DayRow = { day: string }
  const data = useMemo(() => days.map((day) => ({ day })), [days])
  const columns = useMemo(
    (): ColumnDef<DayRow>[] => [
      { id: 'day', header: 'Day', size: DAY_WIDTH },
      ...meters.map((m, i): ColumnDef<DayRow> => ({
        id: `meter-${i}`,
        header: m.name,
        size: METER_WIDTH,
      })),
    ],
    [meters],
  )
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel() })
  const rows = table.getRowModel().rows
  const headers = table.getHeaderGroups()[0]?.headers ?? []
  const width = table.getTotalSize()

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    // Rows follow the scroll in React's next batch, not synchronously inside the scroll event:
    // a fast wheel then never stacks renders into one long task (bench/readings-grid.ts).
    useFlushSync: false,
  })
  // Meters too: a site with 20 generators shows about nine at 1366 px; the rest are not drawn.
  const meterVirtualizer = useVirtualizer({
    horizontal: true,
    count: meters.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => METER_WIDTH,
    overscan: 2,
    paddingStart: DAY_WIDTH,
    useFlushSync: false,
  })
  const size = { rows: days.length, cols: meters.length }

  // Keep the active cell in view, the sticky day column and header included.
  useLayoutEffect(() => {
    const el = scroller.current
    if (!el || size.rows === 0) return
    virtualizer.scrollToIndex(Math.min(active.row, size.rows - 1), { align: 'auto' })
    const left = DAY_WIDTH + active.col * METER_WIDTH
    if (left - DAY_WIDTH < el.scrollLeft) el.scrollLeft = left - DAY_WIDTH
    else if (left + METER_WIDTH > el.scrollLeft + el.clientWidth)
      el.scrollLeft = left + METER_WIDTH - el.clientWidth
    // virtualizer is stable; only the active cell moves the view.
  }, [active.row, active.col, size.rows])

  // Back to the grid when an edit closes, so the keyboard goes on from the cell.
  const wasEditing = useRef(false)
  useEffect(() => {
    if (wasEditing.current && !editing && scroller.current?.contains(document.activeElement))
      scroller.current.focus({ preventScroll: true })
    if (wasEditing.current && !editing && document.activeElement === document.body)
      scroller.current?.focus({ preventScroll: true })
    wasEditing.current = editing !== null
    closing.current = false
  }, [editing])

  const onEditText = useCallback((text: string) => {
    const { editing: e, onEditing } = latest.current
    if (e) onEditing({ ...e, text })
  }, [])

  /** Ends the edit in progress: saves the text when it differs from what the cell showed. */
  function finishEdit(save: boolean): void {
    const { editing: e, onEditing, onCommit } = latest.current
    if (!e) return
    closing.current = true
    onEditing(null)
    if (!save) return
    const cell = cells[e.row]?.[e.col]
    if (!cell) return
    const shown = cellText(cell, editText).trim()
    const typed = e.text.trim()
    const retry = cell.error !== null
    if (typed === shown && !retry) return
    if (typed === '' && !cell.reading && !cell.draft) return
    onCommit([{ row: e.row, col: e.col, text: e.text }])
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.nativeEvent.isComposing) return
    const intent = keyIntent(e, editing?.mode ?? null)
    const cell = cells[active.row]?.[active.col]
    switch (intent.kind) {
      case 'none':
        return
      case 'move': {
        const to = moveTo(active, intent.move, size, {
          page: Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2),
        })
        if (!to) return // Tab past the last cell: the focus leaves the grid.
        e.preventDefault()
        props.onActive(to)
        return
      }
      case 'commit': {
        e.preventDefault()
        finishEdit(true)
        const to = intent.then ? moveTo(active, intent.then, size) : null
        if (to) props.onActive(to)
        return
      }
      case 'cancel':
        e.preventDefault()
        finishEdit(false)
        return
      case 'edit': {
        if (!cell) return
        e.preventDefault()
        if (cell.lock && !cell.draft) {
          props.onLocked(cell)
          return
        }
        props.onEditing({
          row: active.row,
          col: active.col,
          mode: intent.text === null ? 'edit' : 'enter',
          text: intent.text ?? cellText(cell, editText),
        })
        return
      }
      case 'clear':
        e.preventDefault()
        if (cell?.draft) props.onClear(active)
        return
    }
  }

  function cellAt(target: EventTarget): CellPos | null {
    const el = (target as HTMLElement).closest?.('[role="gridcell"]')
    if (!(el instanceof HTMLElement)) return null
    return { row: Number(el.dataset.row), col: Number(el.dataset.col) }
  }

  function onMouseDown(e: MouseEvent<HTMLDivElement>): void {
    const pos = cellAt(e.target)
    if (!pos) return
    if (editing && (editing.row !== pos.row || editing.col !== pos.col)) finishEdit(true)
    if (!editing || editing.row !== pos.row || editing.col !== pos.col) {
      e.preventDefault()
      scroller.current?.focus({ preventScroll: true })
      props.onActive(pos)
    }
  }

  function onDoubleClick(e: MouseEvent<HTMLDivElement>): void {
    const pos = cellAt(e.target)
    const cell = pos ? cells[pos.row]?.[pos.col] : undefined
    if (!pos || !cell || editing) return
    if (cell.lock && !cell.draft) {
      props.onLocked(cell)
      return
    }
    props.onEditing({ ...pos, mode: 'edit', text: cellText(cell, editText) })
  }

  function onPaste(e: ClipboardEvent<HTMLDivElement>): void {
    const block = parseClipboard(e.clipboardData.getData('text/plain'))
    if (block.length === 0) return
    // One value into the editor is typing; a block goes cell by cell from the active one.
    if (editing && isSingleValue(block)) return
    e.preventDefault()
    if (editing) finishEdit(false)
    props.onPaste(block, active)
  }

  function onCopy(e: ClipboardEvent<HTMLDivElement>): void {
    if (editing) return
    const cell = cells[active.row]?.[active.col]
    if (!cell) return
    e.preventDefault()
    e.clipboardData.setData('text/plain', cellText(cell, editText))
  }

  const items = virtualizer.getVirtualItems()
  const colItems = meterVirtualizer.getVirtualItems()
  // The active meter is always drawn: it is the grid's aria-activedescendant.
  const firstCol = Math.min(colItems[0]?.index ?? 0, Math.max(0, active.col))
  const lastCol = Math.max(colItems.at(-1)?.index ?? meters.length - 1, active.col)
  return (
    <div
      ref={scroller}
      role="grid"
      aria-label={props.label}
      aria-rowcount={days.length + 1}
      aria-colcount={meters.length + 1}
      aria-activedescendant={editing ? undefined : `${gridId}-r${active.row}-c${active.col}`}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onDoubleClick={onDoubleClick}
      onPaste={onPaste}
      onCopy={onCopy}
      onBlur={(e) => {
        // Clicking outside the grid ends an edit the way Enter does, without moving.
        if (editing && !closing.current && !e.currentTarget.contains(e.relatedTarget))
          finishEdit(true)
      }}
      data-testid="readings-grid"
      style={{
        position: 'relative',
        overflow: 'auto',
        // As wide as its meters (a site with three has no empty grid beside them), at most the page.
        width: 'fit-content',
        maxWidth: '100%',
        maxHeight: props.maxHeight ?? 'calc(100vh - 320px)',
        minHeight: 240,
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
        outline: 'none',
        fontSize: 14,
      }}
    >
      <div style={{ position: 'relative', width, height: virtualizer.getTotalSize() }}>
        <div
          role="row"
          aria-rowindex={1}
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 3,
            display: 'flex',
            height: HEADER_HEIGHT,
            width,
            background: 'var(--mantine-color-body)',
          }}
        >
          {headers.map((h, i) => {
            const meter = i > 0 ? meters[i - 1] : undefined
            return (
              <div
                key={h.id}
                role="columnheader"
                aria-colindex={i + 1}
                style={{
                  ...cellBase,
                  width: h.getSize(),
                  height: HEADER_HEIGHT,
                  cursor: 'default',
                  fontWeight: 650,
                  fontSize: 13,
                  lineHeight: '16px',
                  alignItems: i === 0 ? 'flex-start' : 'flex-end',
                  textAlign: i === 0 ? 'left' : 'right',
                  whiteSpace: 'normal',
                  borderBottom: '2px solid var(--mantine-color-default-border)',
                  ...(i === 0
                    ? {
                        position: 'sticky',
                        left: 0,
                        zIndex: 4,
                        background: 'var(--mantine-color-body)',
                      }
                    : {}),
                }}
              >
                <span style={{ overflow: 'hidden', maxHeight: 32 }}>
                  {String(h.column.columnDef.header)}
                </span>
                {meter?.billing ? (
                  <Badge size="xs" color="blue" aria-label="billing meter">
                    billing
                  </Badge>
                ) : i > 0 ? (
                  <span
                    style={{ fontSize: 11, fontWeight: 400, color: 'var(--mantine-color-dimmed)' }}
                  >
                    kWh
                  </span>
                ) : null}
              </div>
            )
          })}
        </div>
        {items.map((v) => (
          <GridRow
            key={rows[v.index]!.id}
            gridId={gridId}
            row={v.index}
            day={days[v.index]!}
            cells={cells[v.index]!}
            top={v.start}
            activeCol={v.index === active.row ? active.col : -1}
            editing={editing && editing.row === v.index ? editing : null}
            format={format}
            onEditText={onEditText}
            today={props.today}
            firstCol={firstCol}
            lastCol={lastCol}
          />
        ))}
      </div>
    </div>
  )
}
