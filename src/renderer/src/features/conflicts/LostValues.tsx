import { Alert, Text } from '@mantine/core'
import { IconReplace } from '@tabler/icons-react'
import { SYNC_COLOR } from '../../ui/theme'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useServices } from '../../app/context'
import type { LocalConflict } from '../../store/db'
import { fieldLabel } from '../../ui/field-labels'
import { formatDateTime } from '../../ui/format'
import { usePeople } from '../../ui/people'
import type { Naming } from '../../ui/record-names'
import { fieldValue, timeZoneOf } from '../../ui/record-names'
import { useNaming } from '../../ui/use-naming'
import type { LostValue } from './lost-values'
import { lostValuesOf } from './lost-values'
import { conflictsOfRecord, conflictsOfTable } from '../../store/queries'

/** Rows of a table where a conflict replaced one of the user's values, for list marks. */
export function useLostRowIds(userId: string, table: string): ReadonlySet<string> {
  const { db } = useServices()
  return useCacheQuery(
    async () => {
      const conflicts = await conflictsOfTable(db, table)
      return new Set(
        conflicts.filter((c) => lostValuesOf(c, userId).length > 0).map((c) => c.row_id),
      )
    },
    [db, userId, table],
    new Set<string>(),
  )
}

function sentence(
  lost: LostValue,
  table: string,
  row: Record<string, unknown> | undefined,
  naming: Naming,
  name: (id: string | null) => string,
): string {
  const zone = timeZoneOf(table, row, naming)
  const show = (v: unknown) => fieldValue(table, lost.field, v, naming, zone)
  const label = fieldLabel(lost.field)
  const when = formatDateTime(lost.at)
  if (lost.resolved) {
    const by = lost.by ? name(lost.by) : 'the office'
    const note = lost.note ? ` Note: “${lost.note}”` : ''
    return `Your value ${show(lost.mine)} for ${label} was replaced by ${show(lost.now)}, chosen by ${by} on ${when}.${note}`
  }
  const by = lost.by ? `${name(lost.by)}'s` : 'a later edit’s'
  return `Your value ${show(lost.mine)} for ${label} was replaced by ${by} ${show(lost.now)} on ${when}: their edit was later. The office reviews it and may still keep yours.`
}

/** On a record's page: which of the user's values a conflict replaced, by whom and when. */
export function LostValueNotice({
  userId,
  table,
  rowId,
  row,
}: {
  userId: string
  table: string
  rowId: string
  row: Record<string, unknown> | undefined
}) {
  const { db } = useServices()
  const naming = useNaming()
  const people = usePeople()
  const conflicts = useCacheQuery(
    () => conflictsOfRecord(db, table, rowId),
    [db, table, rowId],
    [] as LocalConflict[],
  )
  const lost = conflicts
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .flatMap((c) => lostValuesOf(c, userId))
  if (lost.length === 0) return null
  return (
    <Alert
      color={SYNC_COLOR.lost}
      role="note"
      aria-label="Your replaced values"
      icon={<IconReplace aria-hidden />}
    >
      {lost.map((l) => (
        <Text key={`${l.conflictId}-${l.field}`} data-testid="lost-value" size="sm">
          {sentence(l, table, row, naming, people.name)}
        </Text>
      ))}
    </Alert>
  )
}
