import {
  ActionIcon,
  Box,
  Checkbox,
  Group,
  Menu,
  Table,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import {
  IconArrowsSort,
  IconColumns3,
  IconSearch,
  IconSortAscending,
  IconSortDescending,
} from '@tabler/icons-react'
import type { ColumnDef, SortingState, VisibilityState } from '@tanstack/react-table'
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ReactNode } from 'react'
import { useMemo, useRef, useState } from 'react'

export interface Column<T> {
  id: string
  header: string
  /** Shown after the header in brackets and right-aligns the column: "Energy (kWh)". */
  unit?: string
  cell: (row: T) => ReactNode
  /** Given, the column sorts by it (a click on the header); numbers and strings compare. */
  sortValue?: (row: T) => string | number | null
  /** Text the quick filter matches; by default the sort value. */
  filterText?: (row: T) => string
  align?: 'left' | 'right'
  /** The first column is always shown; others can be hidden unless this is false. */
  hideable?: boolean
  width?: number | string
}

const ROW_HEIGHT = 40

/**
 * The app's data table: Mantine's table over TanStack Table (sorting, quick filter, column
 * choice) with TanStack Virtual once a list is long, a sticky header in its own scroll area,
 * numbers right-aligned with units, and row actions in the last column. The column choice is
 * remembered per table on this laptop.
 */
export function DataTable<T>({
  id,
  label,
  columns,
  rows,
  rowKey,
  rowProps,
  rowActions,
  empty,
  initialSort,
  filterable = true,
  maxHeight = 'calc(100vh - 240px)',
  virtualizeOver = 150,
}: {
  /** Storage key of the column choice. */
  id: string
  /** The table's accessible name. */
  label: string
  columns: Column<T>[]
  rows: T[]
  rowKey: (row: T) => string
  rowProps?: (row: T) => Record<`data-${string}`, string>
  rowActions?: (row: T) => ReactNode
  /** What to show (and what to do) when there are no rows. */
  empty: ReactNode
  initialSort?: SortingState
  filterable?: boolean
  maxHeight?: string | number
  virtualizeOver?: number
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSort ?? [])
  const [filter, setFilter] = useState('')
  const [visibility, setVisibility] = useLocalStorage<VisibilityState>({
    key: `outpost:columns:${id}`,
    defaultValue: {},
    getInitialValueInEffect: false,
  })
  const defs = useMemo(
    () =>
      columns.map((c, i): ColumnDef<T> => ({
        id: c.id,
        header: c.unit ? `${c.header} (${c.unit})` : c.header,
        accessorFn: (row) => c.sortValue?.(row) ?? null,
        cell: (ctx) => c.cell(ctx.row.original),
        enableSorting: Boolean(c.sortValue),
        enableHiding: i > 0 && c.hideable !== false,
        sortUndefined: 'last',
        filterFn: (row, _col, value: string) =>
          (c.filterText?.(row.original) ?? String(c.sortValue?.(row.original) ?? ''))
            .toLowerCase()
            .includes(value.toLowerCase()),
        meta: c,
      })),
    [columns],
  )
  const table = useReactTable({
    data: rows,
    columns: defs,
    state: { sorting, columnVisibility: visibility, globalFilter: filter },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setVisibility,
    onGlobalFilterChange: setFilter,
    globalFilterFn: (row, _col, value: string) => {
      const q = value.trim().toLowerCase()
      if (!q) return true
      return columns.some((c) =>
        (c.filterText?.(row.original) ?? String(c.sortValue?.(row.original) ?? ''))
          .toLowerCase()
          .includes(q),
      )
    },
    getRowId: rowKey,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  })
  const shown = table.getRowModel().rows
  const scroller = useRef<HTMLDivElement>(null)
  const virtual = shown.length > virtualizeOver
  const virtualizer = useVirtualizer({
    count: virtual ? shown.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtual ? virtualizer.getVirtualItems() : []
  const padTop = items[0]?.start ?? 0
  const padBottom = virtual ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0
  const visibleRows = virtual ? items.map((v) => shown[v.index]!) : shown
  const colCount = table.getVisibleLeafColumns().length + (rowActions ? 1 : 0)
  const hideable = table.getAllLeafColumns().filter((c) => c.getCanHide())

  return (
    <Box>
      {filterable || hideable.length > 0 ? (
        <Group justify="space-between" mb="xs" gap="xs">
          {filterable ? (
            <TextInput
              aria-label={`Filter ${label}`}
              placeholder="Filter rows…"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
              w={260}
            />
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Text size="sm" c="dimmed" aria-live="polite">
              {shown.length === rows.length
                ? `${rows.length.toLocaleString()} rows`
                : `${shown.length.toLocaleString()} of ${rows.length.toLocaleString()} rows`}
            </Text>
            {hideable.length > 0 ? (
              <Menu closeOnItemClick={false} position="bottom-end">
                <Menu.Target>
                  <Tooltip label="Choose columns">
                    <ActionIcon variant="default" size="lg" aria-label={`Columns of ${label}`}>
                      <IconColumns3 size={18} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>Columns</Menu.Label>
                  {hideable.map((c) => (
                    <Menu.Item key={c.id} onClick={() => c.toggleVisibility()}>
                      <Checkbox
                        readOnly
                        tabIndex={-1}
                        checked={c.getIsVisible()}
                        label={String(c.columnDef.header)}
                        size="xs"
                      />
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        </Group>
      ) : null}
      <Box ref={scroller} mah={maxHeight} style={{ overflow: 'auto' }}>
        <Table stickyHeader aria-label={label} style={{ fontVariantNumeric: 'tabular-nums' }}>
          <Table.Thead>
            {table.getHeaderGroups().map((g) => (
              <Table.Tr key={g.id}>
                {g.headers.map((h) => {
                  const meta = h.column.columnDef.meta as Column<T>
                  const right = meta.align === 'right' || (meta.unit && meta.align !== 'left')
                  const sorted = h.column.getIsSorted()
                  const SortIcon =
                    sorted === 'asc'
                      ? IconSortAscending
                      : sorted === 'desc'
                        ? IconSortDescending
                        : IconArrowsSort
                  return (
                    <Table.Th
                      key={h.id}
                      scope="col"
                      w={meta.width}
                      ta={right ? 'right' : 'left'}
                      aria-sort={
                        sorted === 'asc'
                          ? 'ascending'
                          : sorted === 'desc'
                            ? 'descending'
                            : undefined
                      }
                    >
                      {h.column.getCanSort() ? (
                        <UnstyledButton
                          onClick={h.column.getToggleSortingHandler()}
                          fw={700}
                          fz="sm"
                        >
                          <Group gap={4} wrap="nowrap" justify={right ? 'flex-end' : 'flex-start'}>
                            {flexRender(h.column.columnDef.header, h.getContext())}
                            <SortIcon
                              size={14}
                              aria-hidden
                              opacity={sorted ? 1 : 0.4}
                              style={{ flexShrink: 0 }}
                            />
                          </Group>
                        </UnstyledButton>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </Table.Th>
                  )
                })}
                {rowActions ? (
                  <Table.Th scope="col" ta="right">
                    Actions
                  </Table.Th>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {padTop > 0 ? (
              <tr aria-hidden style={{ height: padTop }}>
                <td colSpan={colCount} />
              </tr>
            ) : null}
            {visibleRows.map((r) => (
              <Table.Tr key={r.id} {...rowProps?.(r.original)}>
                {r.getVisibleCells().map((c) => {
                  const meta = c.column.columnDef.meta as Column<T>
                  const right = meta.align === 'right' || (meta.unit && meta.align !== 'left')
                  return (
                    <Table.Td key={c.id} ta={right ? 'right' : 'left'}>
                      {flexRender(c.column.columnDef.cell, c.getContext())}
                    </Table.Td>
                  )
                })}
                {rowActions ? (
                  <Table.Td ta="right">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {rowActions(r.original)}
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
            {padBottom > 0 ? (
              <tr aria-hidden style={{ height: padBottom }}>
                <td colSpan={colCount} />
              </tr>
            ) : null}
          </Table.Tbody>
        </Table>
        {shown.length === 0 ? (
          <Box py="xl" ta="center">
            {rows.length === 0 ? empty : <Text c="dimmed">No rows match “{filter}”.</Text>}
          </Box>
        ) : null}
      </Box>
    </Box>
  )
}
