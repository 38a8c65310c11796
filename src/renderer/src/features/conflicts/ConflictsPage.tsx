import {
  Badge,
  Button,
  Card,
  Group,
  List,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconChecks } from '@tabler/icons-react'
import { EmptyState } from '../../ui/Empty'
import { TextAreaField } from '../../ui/Field'
import { PageHeader } from '../../ui/PageHeader'
import { SYNC_COLOR } from '../../ui/theme'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useState } from 'react'
import type { Json } from '../../../../shared/database.types'
import { useServices } from '../../app/context'
import type { LocalConflict } from '../../store/db'
import { fieldLabel } from '../../ui/field-labels'
import { formatDateTime } from '../../ui/format'
import { inputText, parseNumber, userLocale } from '../../ui/numbers'
import { usePeople } from '../../ui/people'
import type { Naming } from '../../ui/record-names'
import { fieldValue, recordName, timeZoneOf } from '../../ui/record-names'
import { serverProblemInWords } from '../../ui/server-cache'
import { useNaming } from '../../ui/use-naming'
import { noteOf, resolutionValues } from './lost-values'
import { getRecord, listConflicts } from '../../store/queries'

const NOTE_MAX = 2000

/** Whether a conflicting field holds a number, so the resolver's text is read as one. */
const numeric = (c: LocalConflict, f: string) =>
  typeof c.server[f] === 'number' || typeof c.client[f] === 'number'

function startText(c: LocalConflict, f: string, locale: string): string {
  const v = c.winner === 'client' ? c.client[f] : c.server[f]
  if (typeof v === 'number') return inputText(v, locale)
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)
}

function ConflictCard({
  conflict,
  canResolve,
  naming,
}: {
  conflict: LocalConflict
  canResolve: boolean
  naming: Naming
}) {
  const { db, server, engine } = useServices()
  const people = usePeople()
  const locale = userLocale()
  const [custom, setCustom] = useState<Record<string, string>>({})
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const table = conflict.table_name
  const row = useCacheQuery(
    () => getRecord(db, table, conflict.row_id),
    [db, table, conflict.row_id],
  )
  const record = recordName(table, row, naming)
  const zone = timeZoneOf(table, row, naming)
  const show = (f: string, v: unknown) => fieldValue(table, f, v, naming, zone)
  const open = conflict.status === 'open'
  const resolving = canResolve && open
  const serverBy = conflict.server_updated_by ? people.name(conflict.server_updated_by) : null
  const deviceBy = conflict.created_by ? people.name(conflict.created_by) : null
  const serverSide = `${serverBy ?? 'Someone'} (on the server)`
  const deviceSide = `${deviceBy ?? 'Someone'} (from a device)`
  const baseKnown = conflict.fields.every((f) => Object.hasOwn(conflict.base, f))
  const final = resolutionValues(conflict)
  const resolvedNote = noteOf(conflict)
  const choice = conflict.resolution?.choice
  const kept =
    choice === 'server'
      ? `${serverBy ?? 'the server'}’s value`
      : choice === 'client'
        ? `${deviceBy ?? 'the device'}’s value`
        : 'values the resolver entered'

  async function resolve(choice: 'server' | 'client' | 'custom') {
    setError(null)
    let values: { [field: string]: Json } | undefined
    if (choice === 'custom') {
      values = {}
      for (const f of conflict.fields) {
        const typed = custom[f] ?? startText(conflict, f, locale)
        if (numeric(conflict, f)) {
          const n = parseNumber(typed, locale)
          if (!n.ok) {
            setError(`${fieldLabel(f)}: ${n.message}`)
            return
          }
          values[f] = n.value
        } else values[f] = typed === '' ? null : typed
      }
    }
    setBusy(true)
    const resolution: { [key: string]: Json } = values ? { choice, values } : { choice }
    if (note.trim() !== '') resolution.note = note.trim()
    try {
      await server.resolveConflict(conflict.id, resolution)
      await engine.sync()
    } catch (e) {
      setError(
        navigator.onLine
          ? serverProblemInWords(e instanceof Error ? e.message : String(e))
          : 'Resolving needs a connection.',
      )
    } finally {
      setBusy(false)
    }
  }

  const title = `${record.noun}: ${record.name}${record.site ? ` · ${record.site}` : ''}`
  const winnerCell = (side: 'server' | 'client') =>
    conflict.winner === side ? { bg: 'var(--mantine-color-teal-light)', fw: 600 as const } : {}
  return (
    <Card
      component="article"
      withBorder
      padding="md"
      data-testid="conflict"
      aria-label={`Conflict: ${title}`}
    >
      <Group justify="space-between" mb={4}>
        <Title order={2} fz="lg">
          {title}
        </Title>
        <Badge color={open ? SYNC_COLOR.conflict : 'gray'}>{open ? 'Open' : 'Resolved'}</Badge>
      </Group>
      <Text c="dimmed" size="sm">
        {open ? 'Open' : 'Resolved'} · edited in two places
        {conflict.op === 'delete' ? ' (one side deleted it)' : ''}
      </Text>
      <List size="sm" my="sm" spacing={2}>
        <List.Item>
          {serverSide}: {formatDateTime(conflict.server_updated_at)}
        </List.Item>
        <List.Item>
          {deviceSide}: edited {formatDateTime(conflict.client_changed_at)}, reached the server{' '}
          {formatDateTime(conflict.created_at)}
        </List.Item>
        <List.Item>
          Decided automatically for the later edit:{' '}
          {conflict.winner === 'client' ? deviceSide : serverSide}
        </List.Item>
      </List>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Field</Table.Th>
              <Table.Th scope="col">Before both edits</Table.Th>
              <Table.Th scope="col">{serverSide}</Table.Th>
              <Table.Th scope="col">{deviceSide}</Table.Th>
              {open ? null : <Table.Th scope="col">Final</Table.Th>}
              {resolving ? <Table.Th scope="col">Value to keep</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {conflict.fields.map((f) => (
              <Table.Tr key={f}>
                <Table.Th scope="row">{fieldLabel(f)}</Table.Th>
                <Table.Td>
                  {show(f, Object.hasOwn(conflict.base, f) ? conflict.base[f] : undefined)}
                </Table.Td>
                <Table.Td {...winnerCell('server')}>
                  {show(f, conflict.server[f])}
                  {conflict.winner === 'server' ? ' (kept automatically)' : ''}
                </Table.Td>
                <Table.Td {...winnerCell('client')}>
                  {show(f, conflict.client[f])}
                  {conflict.winner === 'client' ? ' (kept automatically)' : ''}
                </Table.Td>
                {open ? null : (
                  <Table.Td>{Object.hasOwn(final, f) ? show(f, final[f]) : 'not known'}</Table.Td>
                )}
                {resolving ? (
                  <Table.Td>
                    <TextInput
                      aria-label={`Value for ${fieldLabel(f)}`}
                      value={custom[f] ?? startText(conflict, f, locale)}
                      inputMode={numeric(conflict, f) ? 'decimal' : undefined}
                      onChange={(e) => setCustom({ ...custom, [f]: e.currentTarget.value })}
                    />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {baseKnown ? null : (
        <Text c="dimmed" size="sm" mt="xs">
          The value before both edits is not known: both sides entered this record as new, so the
          server holds no earlier value.
        </Text>
      )}
      {open ? null : (
        <Text data-testid="resolution" mt="sm" size="sm">
          Resolved by {people.name(conflict.resolved_by)} on {formatDateTime(conflict.resolved_at)}:
          kept {kept}.{resolvedNote ? ` Note: “${resolvedNote}”` : ''}
        </Text>
      )}
      {resolving ? (
        <Stack gap="sm" mt="sm">
          <TextAreaField
            label="Note for the record (optional, kept with the decision)"
            value={note}
            maxLength={NOTE_MAX}
            onChange={setNote}
          />
          <Group gap="xs">
            <Button variant="default" loading={busy} onClick={() => void resolve('server')}>
              Keep server value ({serverBy ?? 'as it was'})
            </Button>
            <Button variant="default" loading={busy} onClick={() => void resolve('client')}>
              Keep device value ({deviceBy ?? 'as sent'})
            </Button>
            <Button loading={busy} onClick={() => void resolve('custom')}>
              Save my values
            </Button>
          </Group>
        </Stack>
      ) : open ? (
        <Text c="dimmed" size="sm" mt="sm">
          The office reviews this conflict.
        </Text>
      ) : null}
      {error ? (
        <Text role="alert" c="red.8" size="sm" mt="xs">
          {error}
        </Text>
      ) : null}
    </Card>
  )
}

export function ConflictsPage({ canResolve }: { canResolve: boolean }) {
  const { db } = useServices()
  const naming = useNaming()
  const conflicts = useCacheQuery(() => listConflicts(db), [db], [])
  const open = conflicts.filter((c) => c.status === 'open')
  const resolved = conflicts
    .filter((c) => c.status === 'resolved')
    .sort((a, b) => (b.resolved_at ?? '').localeCompare(a.resolved_at ?? ''))
  return (
    <section aria-labelledby="conflicts-title">
      <PageHeader
        title="Conflicts"
        id="conflicts-title"
        description={
          open.length === 0
            ? 'No open conflicts.'
            : `${open.length} open conflict${open.length === 1 ? '' : 's'}.`
        }
      />
      <Stack gap="md">
        {open.length === 0 ? (
          <EmptyState title="Nothing to review" icon={<IconChecks size={24} aria-hidden />}>
            When two people change the same record before syncing, the later edit is kept and the
            other value waits here for review.
          </EmptyState>
        ) : null}
        {open.map((c) => (
          <ConflictCard key={c.id} conflict={c} canResolve={canResolve} naming={naming} />
        ))}
        <Title order={2} fz="lg" mt="md">
          History
        </Title>
        {resolved.length === 0 ? (
          <Text c="dimmed" size="sm">
            No resolved conflicts yet.
          </Text>
        ) : null}
        {resolved.map((c) => (
          <ConflictCard key={c.id} conflict={c} canResolve={false} naming={naming} />
        ))}
      </Stack>
    </section>
  )
}
