import { Alert, Anchor, Badge, Button, Group, Loader, Progress, Text, Tooltip } from '@mantine/core'
import {
  IconAlertTriangle,
  IconCloudOff,
  IconPlugConnected,
  IconPlugConnectedX,
  IconRefresh,
} from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { href } from '../../app/router'
import { formatAgo } from '../../ui/format'
import { SYNC_COLOR } from '../../ui/theme'

const DAY_MS = 86_400_000

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}

/** Always in the header: connection, unsynced and failed edits, last sync, Sync now. */
export function SyncIndicator() {
  const { engine } = useServices()
  const status = useSyncStatus((s) => s)
  const now = useNow(30_000)
  const busy = status.phase === 'pushing' || status.phase === 'pulling'
  const progress = status.progress
  // navigator.onLine only knows whether there is a network, not whether the server answers
  // (a dead satellite link, a captive portal, a browser that never fired "offline"): a sync
  // that could not reach the server also means offline, until one gets through.
  const online = status.online && status.phase !== 'offline'
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      role="status"
      aria-live="polite"
      aria-label="Sync status"
      aria-busy={busy}
    >
      <Badge
        color={online ? SYNC_COLOR.synced : SYNC_COLOR.offline}
        variant={online ? 'light' : 'filled'}
        leftSection={
          online ? (
            <IconPlugConnected size={14} aria-hidden />
          ) : (
            <IconPlugConnectedX size={14} aria-hidden />
          )
        }
        data-testid="connection"
      >
        {online ? 'Online' : 'Offline'}
      </Badge>
      <Anchor href={href('sync')} size="sm" underline="hover" c="inherit">
        <Text span fw={700} c={status.unsyncedCount > 0 ? SYNC_COLOR.unsynced : undefined}>
          <span data-testid="pending-count">{status.unsyncedCount}</span>
        </Text>{' '}
        pending
        {status.failedCount > 0 ? (
          <Text span c={SYNC_COLOR.failed} fw={700}>
            , <span data-testid="failed-count">{status.failedCount}</span> failed
          </Text>
        ) : null}
        {status.openConflicts > 0 ? (
          <Text span c={SYNC_COLOR.conflict} fw={700}>
            , {status.openConflicts} conflicts
          </Text>
        ) : null}
      </Anchor>
      <Text size="sm" c="dimmed" data-testid="last-sync" visibleFrom="md">
        Last synced {formatAgo(status.lastSuccessAt, now)}
      </Text>
      {busy && progress ? (
        <Tooltip
          label={`${progress.rows.toLocaleString()} rows${progress.totalRows ? ` of ${progress.totalRows.toLocaleString()}` : ''}`}
        >
          <Progress
            w={100}
            aria-label="Sync progress"
            value={
              progress.totalRows
                ? (100 * progress.rows) / Math.max(1, progress.totalRows)
                : (100 * progress.tablesDone) / Math.max(1, progress.tablesTotal)
            }
            animated
          />
        </Tooltip>
      ) : null}
      {/* The button keeps its name and its place in the Tab order while a sync runs: disabling
          it then would drop the focus of whoever pressed it and move it out from under the
          next Tab. Pressed during a sync, it asks for one more pass after it. */}
      <Button
        variant="default"
        leftSection={
          busy ? <Loader size={14} aria-hidden /> : <IconRefresh size={16} aria-hidden />
        }
        onClick={() => void engine.sync()}
        disabled={!status.online}
      >
        Sync now
      </Button>
    </Group>
  )
}

/** What needs the user's attention about sync, over every page until it is dealt with. */
export function SyncWarnings() {
  const status = useSyncStatus((s) => s)
  const now = useNow(30_000)
  const unsyncedFor = status.oldestUnsyncedAt
    ? now - new Date(status.oldestUnsyncedAt).getTime()
    : 0
  const days = Math.floor(unsyncedFor / DAY_MS)
  return (
    <>
      {days >= 1 ? (
        <Alert
          role="alert"
          color={days >= 3 ? 'red' : 'yellow'}
          variant={days >= 3 ? 'filled' : 'light'}
          icon={<IconCloudOff aria-hidden />}
          mb="sm"
        >
          Edits on this laptop have not reached the office for {days} {days === 1 ? 'day' : 'days'}.
          Connect and sync when you can.
        </Alert>
      ) : null}
      {status.phase === 'signed-out' ? (
        <Alert role="alert" color="yellow" icon={<IconAlertTriangle aria-hidden />} mb="sm">
          Sign in again to sync. Your unsynced edits are kept on this laptop.
        </Alert>
      ) : null}
      {status.phase === 'error' && status.lastError ? (
        <Alert role="alert" color="red" icon={<IconAlertTriangle aria-hidden />} mb="sm">
          {status.lastError}
        </Alert>
      ) : null}
    </>
  )
}
