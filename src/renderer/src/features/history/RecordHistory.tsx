import { Alert, List, Paper, Skeleton, Text, Timeline, Title } from '@mantine/core'
import { IconCloudOff, IconEdit, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import type { JournalEntry } from '../../net/server'
import { fieldLabel } from '../../ui/field-labels'
import { displayValue as show, formatDateTime } from '../../ui/format'
import { usePeople } from '../../ui/people'
import type { Cached } from '../../ui/server-cache'
import { readCache, writeCache } from '../../ui/server-cache'
import { historyReason } from './history-reason'

const OP_ICON = { insert: IconPlus, update: IconEdit, delete: IconTrash, restore: IconRestore }

/**
 * Who changed what, when and from which device: the server's journal. Offline it says so at
 * once and shows the copy this device last fetched, with its time.
 */
export function RecordHistory({ table, rowId }: { table: string; rowId: string }) {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const people = usePeople()
  const key = `history.${table}.${rowId}`
  const [cached, setCached] = useState<Cached<JournalEntry[]> | null>(() => readCache(key))
  const [fresh, setFresh] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setFresh(false)
    setCached(readCache<JournalEntry[]>(key))
    if (!online) {
      setError('History is kept on the server, and this device is offline.')
      return
    }
    setError(null)
    let cancelled = false
    void (async () => {
      try {
        const data = await server.recordHistory(table, rowId)
        if (cancelled) return
        setCached(writeCache(key, data))
        setFresh(true)
      } catch (e) {
        if (cancelled) return
        const message = e instanceof Error ? e.message : String(e)
        setError(
          /failed to fetch|network/i.test(message)
            ? 'History is kept on the server, which cannot be reached.'
            : `History could not be loaded: ${message}`,
        )
      }
    })()
    return () => {
      cancelled = true
    }
  }, [server, table, rowId, online, key])
  const entries = cached?.data ?? null
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={`history-${rowId}`}>
      <Title order={2} fz="lg" id={`history-${rowId}`} mb="sm">
        History
      </Title>
      {error ? (
        <Alert
          color="gray"
          icon={<IconCloudOff aria-hidden />}
          role="status"
          data-testid="history-note"
          mb="sm"
        >
          {error}{' '}
          {cached
            ? `Showing what this device last fetched, ${formatDateTime(cached.fetchedAt)}.`
            : 'This device has no copy of it yet.'}
        </Alert>
      ) : null}
      {entries === null && !error ? <Skeleton height={60} aria-label="Loading history" /> : null}
      {!fresh && !error && entries !== null ? (
        <Text c="dimmed" size="sm" mb="xs">
          Loading… showing this device&apos;s copy meanwhile.
        </Text>
      ) : null}
      {entries?.length === 0 ? <Text>No recorded changes.</Text> : null}
      {entries && entries.length > 0 ? (
        <Timeline bulletSize={24} lineWidth={2} component="ol" p={0}>
          {entries.map((e) => {
            const Icon = OP_ICON[e.op as keyof typeof OP_ICON] ?? IconEdit
            return (
              <Timeline.Item
                key={e.id}
                component="li"
                bullet={<Icon size={14} aria-hidden />}
                data-testid="history-entry"
                title={
                  <Text size="sm" fw={400}>
                    <b>{formatDateTime(e.at)}</b> ·{' '}
                    {e.actor_id ? people.name(e.actor_id) : 'system'} · {e.op}
                    {e.device_id ? (
                      <Text span c="dimmed" size="xs">
                        {' '}
                        · device {e.device_id.slice(0, 8)}
                      </Text>
                    ) : null}
                    {e.reason ? <span> · {historyReason(e.reason)}</span> : null}
                  </Text>
                }
              >
                {e.op === 'update' || e.op === 'delete' || e.op === 'restore' ? (
                  <List size="sm" mt={4}>
                    {e.changed.map((field) => (
                      <List.Item key={field}>
                        {fieldLabel(field)}: {show(e.before?.[field])} → {show(e.after?.[field])}
                      </List.Item>
                    ))}
                  </List>
                ) : null}
              </Timeline.Item>
            )
          })}
        </Timeline>
      ) : null}
    </Paper>
  )
}
