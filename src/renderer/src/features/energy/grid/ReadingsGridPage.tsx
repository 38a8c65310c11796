import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
} from '@mantine/core'
import { IconAlertTriangle, IconBolt, IconLock } from '@tabler/icons-react'
import { useCallback, useMemo, useState } from 'react'
import { useServices } from '../../../app/context'
import { href } from '../../../app/router'
import { discardMutation, retryMutation } from '../../../store/writes'
import { confirmAction } from '../../../ui/confirm'
import { DayInput } from '../../../ui/Filters'
import { PageSkeleton } from '../../../ui/Empty'
import { userLocale } from '../../../ui/numbers'
import { PageHeader } from '../../../ui/PageHeader'
import { SYNC_ICON } from '../../../ui/StatusBadge'
import { SYNC_COLOR } from '../../../ui/theme'
import { dayLabel } from '../../../../../shared/site-time'
import type { GridCell, GridMeter } from './grid-model'
import { DEFAULT_DAYS, MAX_DAYS, cellText } from './grid-model'
import type { CellPos } from './grid-paste'
import type { Editing } from './ReadingsGridTable'
import { MARK_LABEL, ReadingsGridTable } from './ReadingsGridTable'
import { describeCommit, useReadingsGrid } from './use-readings-grid'

const RANGES = [
  { value: String(DEFAULT_DAYS), label: '31 days' },
  { value: '62', label: '2 months (62 days)' },
  { value: String(MAX_DAYS), label: '3 months (92 days)' },
]

function Legend() {
  const item = (color: string, Icon: (typeof SYNC_ICON)[keyof typeof SYNC_ICON], label: string) => (
    <Badge
      color={color}
      variant="light"
      size="sm"
      leftSection={<Icon size={12} aria-hidden />}
      style={{ textTransform: 'none' }}
    >
      {label}
    </Badge>
  )
  return (
    <Group gap={6} aria-label="What the marks in the cells mean" role="list">
      <span role="listitem">{item(SYNC_COLOR.synced, SYNC_ICON.synced, 'Synced')}</span>
      <span role="listitem">{item(SYNC_COLOR.unsynced, SYNC_ICON.unsynced, 'Pending sync')}</span>
      <span role="listitem">{item(SYNC_COLOR.failed, SYNC_ICON.failed, 'Refused / failed')}</span>
      <span role="listitem">{item(SYNC_COLOR.conflict, SYNC_ICON.conflict, 'Conflict')}</span>
      <span role="listitem">{item('orange', IconAlertTriangle, 'Check the value')}</span>
      <span role="listitem">{item('gray', IconLock, 'Closed month / not yet: read-only')}</span>
    </Group>
  )
}

/** Everything about the selected cell, in full sentences, with what can be done about it. */
function CellDetails({
  cell,
  meter,
  editing,
  format,
  seq,
  onClear,
}: {
  cell: GridCell | undefined
  meter: GridMeter | undefined
  editing: Editing | null
  format: (n: number) => string
  seq: number | undefined
  onClear: () => void
}) {
  const { db, engine } = useServices()
  if (!cell || !meter) return null
  const value = editing ? editing.text : cellText(cell, format)
  return (
    <Paper withBorder p="sm" data-testid="cell-details" aria-live="polite">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {meter.name}
            {meter.billing ? ' (billing meter)' : ''}, {dayLabel(cell.day)}:{' '}
            {value ? `${value} kWh` : 'no reading'}
            {editing ? ' (typing: Enter saves, Escape cancels)' : ''}
          </Text>
          {cell.draft && cell.draft.error === null && !cell.draft.saved ? (
            <Text size="sm" c="dimmed">
              Saving…
            </Text>
          ) : null}
          {cell.error ? (
            <Text size="sm" c={SYNC_COLOR.failed} role="alert">
              Not saved: {cell.error}
            </Text>
          ) : cell.mark ? (
            <Text size="sm" c={SYNC_COLOR[cell.mark]}>
              {MARK_LABEL[cell.mark]}
            </Text>
          ) : null}
          {cell.lock ? (
            <Text size="sm" c="dimmed">
              {cell.lock.message}
            </Text>
          ) : null}
          {cell.warnings.map((w) => (
            <Text key={w.kind} size="sm" c="orange.8">
              Check: {w.message}
            </Text>
          ))}
        </Stack>
        <Group gap="xs">
          {cell.draft?.error ? (
            <Button size="xs" variant="default" onClick={onClear}>
              Clear the typed value
            </Button>
          ) : null}
          {seq !== undefined && !cell.draft ? (
            <>
              <Button
                size="xs"
                variant="default"
                onClick={() => void retryMutation(db, seq).then(() => engine.sync())}
              >
                Send again
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                onClick={() =>
                  void confirmAction({
                    title: 'Discard the refused edit?',
                    body: 'The reading goes back to what the server has (or away, if the server never had it).',
                    confirm: 'Discard',
                  }).then(async (yes) => {
                    if (!yes) return
                    await discardMutation(db, seq)
                    await engine.refreshCounts()
                  })
                }
              >
                Discard the refused edit
              </Button>
            </>
          ) : null}
          {cell.reading ? (
            <Button
              size="xs"
              variant="subtle"
              component="a"
              href={href('energy', 'reading', cell.reading.id)}
            >
              Open the reading
            </Button>
          ) : null}
        </Group>
      </Group>
    </Paper>
  )
}

/**
 * A site's daily kWh over up to three months, days down and meters across, entered like a
 * spreadsheet. Each value is saved as the daily-entry form saves it (same parsing, same
 * validation, same write path): a new day is an insert, a changed day an update of its row.
 * A refused value stays in its cell with the reason until it is fixed or cleared.
 */
export function ReadingsGridPage({ siteId, userId }: { siteId: string; userId: string }) {
  const locale = userLocale()
  const [count, setCount] = useState(DEFAULT_DAYS)
  const [lastDay, setLastDay] = useState<string | null>(null)
  const grid = useReadingsGrid({ siteId, userId, locale, lastDay, count })
  const [active, setActive] = useState<CellPos>({ row: -1, col: 0 })
  const [editing, setEditing] = useState<Editing | null>(null)
  const [status, setStatus] = useState('')
  const formatter = useMemo(
    () => new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }),
    [locale],
  )
  const format = useCallback((n: number) => formatter.format(n), [formatter])

  if (grid.site === undefined || (grid.site && grid.loading)) return <PageSkeleton rows={10} />
  if (!grid.site)
    return (
      <Alert role="alert" color="yellow">
        This site is not on this laptop. It may have been unassigned from you.
      </Alert>
    )
  const site = grid.site
  const size = { rows: grid.days.length, cols: grid.meters.length }
  // Start on today's site meter (the last row), as a round starts.
  const at: CellPos = {
    row: active.row < 0 || active.row >= size.rows ? size.rows - 1 : active.row,
    col: Math.min(active.col, size.cols - 1),
  }
  const cell = grid.cells[at.row]?.[at.col]
  let refused = 0
  let pending = 0
  for (const row of grid.cells)
    for (const c of row) {
      if (c.error !== null) refused++
      if (c.mark === 'unsynced') pending++
    }

  return (
    <section aria-labelledby="grid-title">
      <PageHeader
        title="Readings grid"
        id="grid-title"
        crumbs={[
          { label: 'Sites', href: href('sites') },
          { label: site.name, href: href('sites', siteId) },
        ]}
        description={`${site.name}: daily energy (kWh) per meter, by site day (${site.timezone}).`}
        actions={
          <Button
            component="a"
            variant="default"
            href={href('energy', 'entry', siteId)}
            leftSection={<IconBolt size={16} aria-hidden />}
          >
            Daily entry form
          </Button>
        }
      />
      <Stack gap="sm">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NativeSelect
            label="Days shown"
            data={RANGES}
            value={String(count)}
            onChange={(e) => {
              setEditing(null)
              setCount(Number(e.currentTarget.value))
            }}
          />
          <DayInput
            label="Last day"
            value={lastDay ?? grid.today}
            onChange={(v) => {
              setEditing(null)
              setLastDay(/^\d{4}-\d{2}-\d{2}$/.test(v) && v !== grid.today ? v : null)
            }}
          />
          <Text size="sm" c="dimmed" pb={6}>
            {grid.days[0] ? dayLabel(grid.days[0]) : ''} to{' '}
            {grid.days.at(-1) ? dayLabel(grid.days.at(-1)!) : ''} · {grid.meters.length} meters
            {pending > 0 ? ` · ${pending} pending sync` : ''}
            {refused > 0 ? ` · ${refused} not saved` : ''}
          </Text>
        </Group>
        <Legend />
        <Text size="sm" c="dimmed" id="grid-help">
          Type a figure and press Enter to save it and go to the next day; Tab goes to the next
          meter, arrow keys move, F2 edits the value, Escape cancels the typing and Delete clears a
          value that was not saved. Paste a block copied from a spreadsheet at the selected cell.
        </Text>
        <ReadingsGridTable
          label={`Daily kWh at ${site.name}`}
          days={grid.days}
          meters={grid.meters}
          cells={grid.cells}
          today={grid.today}
          format={format}
          editText={grid.editText}
          active={at}
          onActive={(pos) => {
            setActive(pos)
            setStatus('')
          }}
          editing={editing}
          onEditing={setEditing}
          onCommit={(list) =>
            void grid.commit(list).then((s) => {
              if (s.refused > 0 || list.length > 1) setStatus(describeCommit(s))
              else if (s.saved > 0) setStatus('Saved on this laptop; it syncs with the next sync.')
            })
          }
          onClear={(pos) => {
            grid.clear(pos)
            setStatus('The typed value is cleared.')
          }}
          onPaste={(block, anchor) => void grid.paste(block, anchor).then(setStatus)}
          onLocked={(c) => setStatus(`Read-only: ${c.lock?.message ?? ''}`)}
        />
        <Text size="sm" role="status" data-testid="grid-status" mih={20}>
          {status}
        </Text>
        <CellDetails
          cell={cell}
          meter={grid.meters[at.col]}
          editing={editing && editing.row === at.row && editing.col === at.col ? editing : null}
          format={format}
          seq={cell?.reading ? grid.refusals.get(cell.reading.id)?.seq : undefined}
          onClear={() => grid.clear(at)}
        />
        <Text size="xs" c="dimmed">
          New readings entered here carry kWh only; gas volume, runtime and notes are entered on the{' '}
          <Anchor href={href('energy', 'entry', siteId)} size="xs">
            daily entry form
          </Anchor>{' '}
          or the reading&apos;s page. Corrections of a closed month are adjustments, entered there
          with a reason.
        </Text>
      </Stack>
    </section>
  )
}
