import { Badge } from '@mantine/core'
import {
  IconAlertOctagon,
  IconAlertTriangle,
  IconArchive,
  IconArrowsDiff,
  IconCircleCheck,
  IconCloudUpload,
  IconReplace,
  IconCircleX,
  IconClockPause,
  IconPlugConnectedX,
  IconRocket,
  IconTool,
  IconCalendarEvent,
} from '@tabler/icons-react'
import type { ComponentType } from 'react'
import type { EquipmentStatus, SiteStatus } from '../../../shared/schema/tables'
import type { SYNC_COLOR } from './theme'
import { EQUIPMENT_STATUS_COLOR, SITE_STATUS_COLOR } from './theme'

type Icon = ComponentType<{
  size?: number
  stroke?: number
  color?: string
  'aria-hidden'?: boolean
}>

/** The icon of each sync state, wherever a record's or a cell's state is marked. */
export const SYNC_ICON: Record<Exclude<keyof typeof SYNC_COLOR, 'offline'>, Icon> = {
  synced: IconCircleCheck,
  unsynced: IconCloudUpload,
  failed: IconAlertOctagon,
  conflict: IconArrowsDiff,
  lost: IconReplace,
}

export const EQUIPMENT_STATUS_ICON: Record<EquipmentStatus, Icon> = {
  operational: IconCircleCheck,
  degraded: IconAlertTriangle,
  down: IconCircleX,
  maintenance: IconTool,
  retired: IconArchive,
}

const SITE_STATUS_ICON: Record<SiteStatus, Icon> = {
  planned: IconCalendarEvent,
  commissioning: IconRocket,
  active: IconCircleCheck,
  curtailed: IconClockPause,
  offline: IconPlugConnectedX,
  decommissioned: IconArchive,
}

/** A status as a coloured badge with an icon: colour for the glance, the word for certainty. */
export function EquipmentStatusBadge({ status }: { status: EquipmentStatus }) {
  const Icon = EQUIPMENT_STATUS_ICON[status]
  return (
    <Badge
      color={EQUIPMENT_STATUS_COLOR[status]}
      leftSection={<Icon size={14} aria-hidden />}
      data-status={status}
    >
      {status}
    </Badge>
  )
}

export function SiteStatusBadge({ status }: { status: SiteStatus }) {
  const Icon = SITE_STATUS_ICON[status]
  return (
    <Badge
      color={SITE_STATUS_COLOR[status]}
      leftSection={<Icon size={14} aria-hidden />}
      data-status={status}
    >
      {status}
    </Badge>
  )
}
