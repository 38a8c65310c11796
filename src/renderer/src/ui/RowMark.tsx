import { Badge, Group, Tooltip } from '@mantine/core'
import { IconAlertOctagon, IconArrowsDiff, IconCloudUpload, IconReplace } from '@tabler/icons-react'
import type { LocalState } from '../store/db'
import { SYNC_COLOR } from './theme'

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
  if (state === 'synced' && !conflict && !lost) return null
  return (
    <Group component="span" gap={4} display="inline-flex">
      {state === 'unsynced' ? (
        <Tooltip label="Saved on this device, not yet synced">
          <Badge
            color={SYNC_COLOR.unsynced}
            leftSection={<IconCloudUpload size={12} aria-hidden />}
            size="sm"
          >
            Pending
          </Badge>
        </Tooltip>
      ) : null}
      {state === 'failed' ? (
        <Tooltip label="The server refused this edit: see Sync center">
          <Badge
            color={SYNC_COLOR.failed}
            leftSection={<IconAlertOctagon size={12} aria-hidden />}
            size="sm"
          >
            Failed
          </Badge>
        </Tooltip>
      ) : null}
      {conflict ? (
        <Tooltip label="Edited in two places: the office reviews it">
          <Badge
            color={SYNC_COLOR.conflict}
            leftSection={<IconArrowsDiff size={12} aria-hidden />}
            size="sm"
          >
            Conflict
          </Badge>
        </Tooltip>
      ) : null}
      {lost ? (
        <Tooltip label="Another edit replaced your value: open the record">
          <Badge
            color={SYNC_COLOR.lost}
            leftSection={<IconReplace size={12} aria-hidden />}
            size="sm"
          >
            Your value replaced
          </Badge>
        </Tooltip>
      ) : null}
    </Group>
  )
}
