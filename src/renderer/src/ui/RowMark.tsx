import { Badge, Group, Tooltip } from '@mantine/core'
import type { LocalState } from '../store/db'
import { SYNC_ICON } from './StatusBadge'
import { SYNC_COLOR } from './theme'

type Mark = 'unsynced' | 'failed' | 'conflict' | 'lost'

const MARK: Record<Mark, { label: string; tip: string }> = {
  unsynced: { label: 'Pending', tip: 'Saved on this device, not yet synced' },
  failed: { label: 'Failed', tip: 'The server refused this edit: see Sync center' },
  conflict: { label: 'Conflict', tip: 'Edited in two places: the office reviews it' },
  lost: { label: 'Your value replaced', tip: 'Another edit replaced your value: open the record' },
}

/** The per-record sync mark every list shows; a synced record without a conflict shows none. */
export function RowMark({
  state,
  conflict,
  lost,
}: {
  state: LocalState
  conflict?: boolean
  /** A conflict replaced one of the signed-in user's values on this record. */
  lost?: boolean
}) {
  const marks: Mark[] = [
    ...(state === 'unsynced' || state === 'failed' ? [state] : []),
    ...(conflict ? (['conflict'] as const) : []),
    ...(lost ? (['lost'] as const) : []),
  ]
  if (marks.length === 0) return null
  return (
    <Group component="span" gap={4} display="inline-flex">
      {marks.map((m) => {
        const Icon = SYNC_ICON[m]
        return (
          <Tooltip key={m} label={MARK[m].tip}>
            <Badge color={SYNC_COLOR[m]} leftSection={<Icon size={12} aria-hidden />} size="sm">
              {MARK[m].label}
            </Badge>
          </Tooltip>
        )
      })}
    </Group>
  )
}
