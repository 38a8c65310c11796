import { ActionIcon, Button, Group, Menu, Text, Tooltip } from '@mantine/core'
import { IconDotsVertical } from '@tabler/icons-react'
import { EQUIPMENT_STATUSES } from '../../../../shared/schema/tables'
import type { EquipmentStatus } from '../../../../shared/schema/tables'
import { useSyncStatus } from '../../app/context'
import { useState } from 'react'
import { reportEquipmentStatus } from '../../store/work-orders'
import { updateRow } from '../../store/writes'
import { ReportStatusDialog } from './ReportStatusDialog'
import { confirmAction } from '../../ui/confirm'
import { notify } from '../../ui/notify'
import { EQUIPMENT_STATUS_ICON } from '../../ui/StatusBadge'
import { EQUIPMENT_STATUS_COLOR } from '../../ui/theme'
import { useWrite } from '../useWrite'

/** Retiring takes a unit out of every list and round: asked, not done on a stray click. */
async function allowed(to: EquipmentStatus, name: string): Promise<boolean> {
  if (to !== 'retired') return true
  return confirmAction({
    title: `Retire ${name}?`,
    body: 'A retired unit leaves the daily round and the attention counts. Its readings and maintenance history stay, and it can be set back to another status later.',
    confirm: 'Retire',
  })
}

/** Statuses that mean something is wrong: they ask what, and offer a work order. */
const PROBLEMS: readonly EquipmentStatus[] = ['down', 'degraded']

function useSetStatus(id: string, name: string, userId: string) {
  const { run, error } = useWrite(userId)
  const online = useSyncStatus((s) => s.online)
  const [reporting, setReporting] = useState<EquipmentStatus | null>(null)
  const set = async (to: EquipmentStatus) => {
    if (PROBLEMS.includes(to)) return setReporting(to)
    if (!(await allowed(to, name))) return
    const done = await run((ctx) => updateRow(ctx, 'equipment', id, { status: to }))
    if (done) notify.saved(online, `Status set to ${to}`)
  }
  const dialog = reporting ? (
    <ReportStatusDialog
      open
      name={name}
      status={reporting}
      error={error}
      onClose={() => setReporting(null)}
      onReport={async (r) => {
        const to = reporting
        const done = await run((ctx) =>
          reportEquipmentStatus(ctx, id, to, r.reason, r.raise).then((order) => ({ order })),
        )
        if (!done) return false
        notify.saved(online, done.order ? `Set ${to}; work order raised` : `Status set to ${to}`)
        return true
      }}
    />
  ) : null
  return { set, error, dialog }
}

/** The record page's status buttons: the current one pressed. */
export function StatusButtons({
  id,
  name,
  status,
  userId,
}: {
  id: string
  name: string
  status: EquipmentStatus
  userId: string
}) {
  const { set, error, dialog } = useSetStatus(id, name, userId)
  return (
    <div>
      {dialog}
      <Group gap="xs" role="group" aria-label="Set status">
        {EQUIPMENT_STATUSES.map((s) => {
          const Icon = EQUIPMENT_STATUS_ICON[s]
          return (
            <Button
              key={s}
              color={EQUIPMENT_STATUS_COLOR[s]}
              variant={s === status ? 'filled' : 'default'}
              leftSection={<Icon size={16} aria-hidden />}
              aria-pressed={s === status}
              onClick={() => void set(s)}
            >
              {s}
            </Button>
          )
        })}
      </Group>
      {error ? (
        <Text role="alert" c="red.8" size="sm" mt={4}>
          {error}
        </Text>
      ) : null}
    </div>
  )
}

/** A list row's status action: one menu instead of five buttons wrapping in every row. */
export function StatusMenu({
  id,
  name,
  status,
  userId,
}: {
  id: string
  name: string
  status: EquipmentStatus
  userId: string
}) {
  const { set, error, dialog } = useSetStatus(id, name, userId)
  return (
    <Group gap={4} wrap="nowrap">
      {dialog}
      {error ? (
        <Tooltip label={error}>
          <Text role="alert" c="red.8" size="xs">
            Not saved
          </Text>
        </Tooltip>
      ) : null}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Set status of ${name}`}>
            <IconDotsVertical size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Set status</Menu.Label>
          {EQUIPMENT_STATUSES.map((s) => {
            const Icon = EQUIPMENT_STATUS_ICON[s]
            return (
              <Menu.Item
                key={s}
                disabled={s === status}
                color={s === 'retired' ? 'red' : undefined}
                leftSection={<Icon size={16} aria-hidden />}
                onClick={() => void set(s)}
              >
                {s}
              </Menu.Item>
            )
          })}
        </Menu.Dropdown>
      </Menu>
    </Group>
  )
}
