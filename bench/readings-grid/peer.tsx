// The peer: AG Grid Community on the same 92 days × 21 meters (the same cells from the real
// buildGrid), the same widths and row height, the day column pinned left, editable number
// cells with a React cell renderer that draws the value, its sync mark, a warning or lock
// icon and a sub-line, as our cells do. Edits go the AG Grid way for an immutable store
// (readOnlyEdit + onCellEditRequest): the edited row is replaced by a new object (getRowId by
// day), the rest are kept. AG Grid's own keyboard: type to edit, Enter commits and moves down.
import '@mantine/core/styles.css'
import { MantineProvider } from '@mantine/core'
import {
  IconAlertOctagon,
  IconAlertTriangle,
  IconArrowsDiff,
  IconCircleCheck,
  IconCloudUpload,
  IconLock,
} from '@tabler/icons-react'
import type { CellEditRequestEvent, ColDef } from 'ag-grid-community'
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community'
import type { CustomCellRendererProps } from 'ag-grid-react'
import { AgGridReact } from 'ag-grid-react'
import type { CSSProperties } from 'react'
import { useCallback, useMemo, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { CellMark, GridCell } from '../../src/renderer/src/features/energy/grid/grid-model'
import { buildGrid } from '../../src/renderer/src/features/energy/grid/grid-model'
import { cssVariablesResolver, theme } from '../../src/renderer/src/ui/theme'
import { dayLabel } from '../../src/shared/site-time'
import { LOCALE, benchData } from './data'
import { installBench, mountTimed } from './probe'

ModuleRegistry.registerModules([AllCommunityModule])

const data = benchData()
const GRID = '.ag-root-wrapper'
const ROW_HEIGHT = 46
const HEADER_HEIGHT = 52
const DAY_WIDTH = 118
const METER_WIDTH = 124

interface PeerRow {
  day: string
  cells: GridCell[]
}

const formatter = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 })
const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' })

const MARK_ICON = {
  synced: IconCircleCheck,
  unsynced: IconCloudUpload,
  failed: IconAlertOctagon,
  conflict: IconArrowsDiff,
} as const
const MARK_COLOR: Record<CellMark, string> = {
  synced: 'teal',
  unsynced: 'violet',
  failed: 'red',
  conflict: 'orange',
}
const color = (c: string) => `var(--mantine-color-${c}-filled)`

const stack: CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  justifyContent: 'center',
  height: '100%',
  overflow: 'hidden',
}
const valueLine: CSSProperties = {
  display: 'flex',
  justifyContent: 'flex-end',
  alignItems: 'center',
  gap: 4,
  fontVariantNumeric: 'tabular-nums',
  lineHeight: '18px',
}
const subLine: CSSProperties = {
  fontSize: 11,
  lineHeight: '14px',
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  textAlign: 'right',
}

function ValueCell(props: CustomCellRendererProps<PeerRow, number | null> & { meter: number }) {
  const cell = props.data?.cells[props.meter]
  if (!cell) return null
  const Mark = cell.mark ? MARK_ICON[cell.mark] : null
  const refused = cell.error !== null
  const sub = refused
    ? cell.error
    : cell.lock
      ? cell.lock.short
      : cell.warnings[0]
        ? `Check: ${cell.warnings[0].message}`
        : null
  return (
    <div style={stack}>
      <span style={{ ...valueLine, color: refused ? color('red') : undefined }}>
        {cell.lock ? <IconLock size={12} aria-hidden color="var(--mantine-color-dimmed)" /> : null}
        {cell.warnings.length > 0 && !refused ? (
          <IconAlertTriangle size={12} aria-hidden color={color('orange')} />
        ) : null}
        <span className="bench-value">
          {props.value === null || props.value === undefined ? '' : formatter.format(props.value)}
        </span>
        {Mark && !refused ? (
          <Mark size={13} aria-hidden color={color(MARK_COLOR[cell.mark!])} />
        ) : null}
        {refused ? <IconAlertOctagon size={13} aria-hidden color={color('red')} /> : null}
      </span>
      {sub ? (
        <span style={{ ...subLine, color: refused ? color('red') : 'var(--mantine-color-dimmed)' }}>
          {sub}
        </span>
      ) : null}
    </div>
  )
}

function DayCell(props: CustomCellRendererProps<PeerRow, string>) {
  const day = props.data?.day ?? ''
  return (
    <div style={{ ...stack, lineHeight: '18px' }}>
      <span style={{ fontWeight: day === data.input.today ? 700 : 500 }}>
        {dayLabel(day, { year: false })}
      </span>
      <span style={{ fontSize: 11, color: 'var(--mantine-color-dimmed)' }}>
        {weekday.format(Date.parse(`${day}T00:00:00Z`))}
      </span>
    </div>
  )
}

function PeerPage() {
  const { input } = data
  const [rows, setRows] = useState<PeerRow[]>(() =>
    buildGrid(input).map((cells, i) => ({ day: input.days[i]!, cells })),
  )
  const columns = useMemo(
    (): ColDef<PeerRow>[] => [
      {
        colId: 'day',
        headerName: 'Day',
        pinned: 'left',
        width: DAY_WIDTH,
        valueGetter: (p) => p.data?.day,
        cellRenderer: DayCell,
      },
      ...input.meters.map((m, i): ColDef<PeerRow> => ({
        colId: `m${i}`,
        headerName: m.name,
        width: METER_WIDTH,
        type: 'rightAligned',
        editable: (p) => !p.data?.cells[i]?.lock,
        cellEditor: 'agNumberCellEditor',
        valueGetter: (p) => p.data?.cells[i]?.reading?.energy_kwh ?? null,
        cellRenderer: ValueCell,
        cellRendererParams: { meter: i },
      })),
    ],
    [input.meters],
  )
  const onEdit = useCallback((e: CellEditRequestEvent<PeerRow, number | null>) => {
    const col = Number(e.column.getColId().slice(1))
    const kwh = e.newValue
    if (typeof kwh !== 'number' || !Number.isFinite(kwh)) return
    setRows((current) =>
      current.map((row) => {
        if (row.day !== e.data?.day) return row
        const cells = row.cells.slice()
        const cell = cells[col]!
        cells[col] = {
          ...cell,
          reading: cell.reading && { ...cell.reading, energy_kwh: kwh, _state: 'unsynced' },
          mark: 'unsynced',
        }
        return { ...row, cells }
      }),
    )
  }, [])
  return (
    <div style={{ padding: 16 }}>
      <div style={{ fontSize: 14, marginBottom: 8 }}>{input.meters.length} meters</div>
      <div style={{ height: 600 }}>
        <AgGridReact<PeerRow>
          rowData={rows}
          columnDefs={columns}
          getRowId={(p) => p.data.day}
          rowHeight={ROW_HEIGHT}
          headerHeight={HEADER_HEIGHT}
          readOnlyEdit
          onCellEditRequest={onEdit}
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          defaultColDef={{ sortable: false, resizable: false, suppressMovable: true }}
        />
      </div>
    </div>
  )
}

const cellSelector = (row: number, col: number) =>
  `.ag-grid-viewport [row-index="${row}"] [col-id="m${col}"]`

installBench({
  gridSelector: GRID,
  cellSelector,
  cellText: (row, col) => {
    const cell = document.querySelector(cellSelector(row, col))
    if (!cell) return null
    return cell.querySelector('.bench-value')?.textContent ?? ''
  },
  // AG Grid 36 scrolls one viewport both ways (the body's rows and cells inside it).
  scrollers: () => [document.querySelector<HTMLElement>('.ag-grid-viewport')],
})

mountTimed(
  () =>
    createRoot(document.getElementById('root')!).render(
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        defaultColorScheme="light"
      >
        <PeerPage />
      </MantineProvider>,
    ),
  () => document.querySelectorAll('.ag-grid-viewport .bench-value').length > 0,
)
