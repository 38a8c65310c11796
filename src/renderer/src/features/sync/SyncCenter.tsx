import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core'
import {
  IconCloudCheck,
  IconFileExport,
  IconPencil,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react'
import { confirmAction } from '../../ui/confirm'
import { EmptyState } from '../../ui/Empty'
import { PageHeader } from '../../ui/PageHeader'
import { SYNC_COLOR } from '../../ui/theme'
import { exportOutbox } from '../settings/export-outbox'
import { useCacheQuery } from '../../ui/use-cache-query'
import { explainRejection } from '../../sync/explain-rejection'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { discardMutation, retryMutation } from '../../store/writes'
import { formatDateTime } from '../../ui/format'
import type { Naming } from '../../ui/record-names'
import { TABLE_NOUN, editValues, recordName } from '../../ui/record-names'
import { useNaming } from '../../ui/use-naming'
import type { OutboxEntry } from '../../../../shared/sync/outbox'
import { outboxCounts } from '../../../../shared/sync/outbox-counts'
import type { JsonObject } from '../../../../shared/sync/protocol'
import { outboxWithRows } from '../../store/queries'

const OP_LABEL = { insert: 'New', update: 'Change', delete: 'Delete' } as const

function recordHref(entry: OutboxEntry): string {
  if (entry.table === 'equipment') return href('equipment', entry.row_id)
  if (entry.table === 'maintenance_logs') return href('maintenance', entry.row_id)
  if (entry.table === 'sites') return href('sites', entry.row_id)
  if (entry.table === 'work_orders') return href('work', entry.row_id)
  if (entry.table === 'work_order_steps')
    return typeof entry.data.work_order_id === 'string'
      ? href('work', entry.data.work_order_id)
      : href('work')
  return href('energy', 'reading', entry.row_id)
}

/** "Generator A PB-MV14, Dec 1, 2026: 23,558 kWh" and the site it is at. */
function describe(entry: OutboxEntry, row: JsonObject | undefined, naming: Naming) {
  const named = recordName(entry.table, { ...row, ...entry.data }, naming)
  return {
    record: `${named.name}${named.site ? ` · ${named.site}` : ''}`,
    edit: `${named.name}: ${editValues(entry, row, naming)}`,
  }
}

/** The outbox: every edit not yet on the server, failed ones with the server's reason. */
export function SyncCenter({ userId }: { userId: string }) {
  const { db, engine } = useServices()
  const naming = useNaming()
  const queued = useCacheQuery(() => outboxWithRows(db), [db], [])
  const outbox = queued.map((q) => q.entry)
  const counts = outboxCounts(outbox, userId)

  async function retry(entry: OutboxEntry) {
    await retryMutation(db, entry.seq!)
    await engine.sync()
  }

  async function discard(entry: OutboxEntry) {
    const what = describe(entry, queued.find((q) => q.entry.seq === entry.seq)?.row, naming).edit
    const yes = await confirmAction({
      title: 'Discard this edit?',
      body: `“${what}” is removed from this laptop and the record goes back to what the server has. This cannot be undone.`,
      confirm: 'Discard edit',
      cancel: 'Keep it',
    })
    if (!yes) return
    await discardMutation(db, entry.seq!)
    await engine.refreshCounts()
  }

  return (
    <section aria-labelledby="sync-center-title">
      <PageHeader
        title="Sync center"
        id="sync-center-title"
        actions={
          outbox.length > 0 ? (
            <Button
              variant="default"
              leftSection={<IconFileExport size={16} aria-hidden />}
              onClick={() => void exportOutbox(db)}
            >
              Export unsynced edits
            </Button>
          ) : null
        }
      />
      <Text data-testid="sync-center-counts" mb="md">
        {outbox.length === 0
          ? 'Everything on this laptop is on the server.'
          : [
              `${counts.unsynced} pending`,
              `${counts.failed} refused by the server`,
              ...(counts.heldForOtherUser > 0
                ? [`${counts.heldForOtherUser} waiting for another user to sign in`]
                : []),
            ].join(', ') + '.'}
      </Text>
      {outbox.length === 0 ? (
        <EmptyState title="Nothing waiting" icon={<IconCloudCheck size={24} aria-hidden />}>
          Edits made offline wait here until they reach the server; refused ones stay here with the
          reason until they are fixed or discarded.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table stickyHeader aria-label="Unsynced edits">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Record</Table.Th>
                <Table.Th scope="col">Edit</Table.Th>
                <Table.Th scope="col">Made</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col" ta="right">
                  Actions
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queued.map(({ entry, row }) => {
                const named = describe(entry, row, naming)
                return (
                  <Table.Tr key={entry.id} data-testid="outbox-row" data-state={entry.state}>
                    <Table.Td>
                      {TABLE_NOUN[entry.table] ?? entry.table}:{' '}
                      <Anchor href={recordHref(entry)}>{named.record}</Anchor>
                    </Table.Td>
                    <Table.Td data-testid="outbox-edit">
                      {OP_LABEL[entry.op]}: {named.edit}
                    </Table.Td>
                    <Table.Td>{formatDateTime(entry.changed_at)}</Table.Td>
                    <Table.Td>
                      {entry.user_id !== userId ? (
                        <Badge color="gray">Waiting for the user who made it to sign in</Badge>
                      ) : entry.state === 'failed' ? (
                        <Text c={SYNC_COLOR.failed} fw={600} size="sm" role="alert">
                          Refused: {explainRejection(entry.error)}
                        </Text>
                      ) : entry.state === 'sending' ? (
                        <Badge color={SYNC_COLOR.unsynced}>Sending…</Badge>
                      ) : (
                        <Badge color={SYNC_COLOR.unsynced}>
                          {entry.attempts > 0 ? `Waiting (tried ${entry.attempts}×)` : 'Waiting'}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        {entry.state === 'failed' ? (
                          <>
                            <Button
                              component="a"
                              href={recordHref(entry)}
                              variant="light"
                              leftSection={<IconPencil size={16} aria-hidden />}
                            >
                              Fix
                            </Button>
                            <Button
                              variant="default"
                              leftSection={<IconRefresh size={16} aria-hidden />}
                              onClick={() => void retry(entry)}
                            >
                              Retry
                            </Button>
                          </>
                        ) : null}
                        {entry.state !== 'sending' ? (
                          <Button
                            variant="subtle"
                            color="red"
                            leftSection={<IconTrash size={16} aria-hidden />}
                            onClick={() => void discard(entry)}
                          >
                            Discard
                          </Button>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  )
}
