import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { siteToday } from '../../../../shared/site-time'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { listWorkOrders } from '../../store/queries'
import { EmptyState } from '../../ui/Empty'
import { RowMark } from '../../ui/RowMark'
import { useCacheQuery } from '../../ui/use-cache-query'
import { DueBadge, PriorityBadge, WorkStatusBadge } from './WorkBadges'
import { dueState } from './work-rules'

/** A unit's open work orders, on its page, with the way to raise another. */
export function UnitWork({
  equipmentId,
  siteId,
  timeZone,
}: {
  equipmentId: string
  siteId: string
  timeZone: string
}) {
  const { db } = useServices()
  const orders = useCacheQuery(
    () => listWorkOrders(db, { equipmentId, open: true }),
    [db, equipmentId],
    [],
  )
  const today = siteToday(timeZone)
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="unit-work">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg" id="unit-work">
          Open work
        </Title>
        <Button
          component="a"
          size="xs"
          variant="default"
          href={`${href('work', 'new')}?site=${siteId}&equipment=${equipmentId}`}
          leftSection={<IconPlus size={14} aria-hidden />}
        >
          New work order
        </Button>
      </Group>
      {orders.length === 0 ? (
        <EmptyState title="No open work">Nothing is waiting on this unit.</EmptyState>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {orders.map((o) => (
            <Group component="li" key={o.id} gap="xs" wrap="nowrap">
              <Anchor href={href('work', o.id)} size="sm">
                {o.title}
              </Anchor>
              <WorkStatusBadge status={o.status} />
              <PriorityBadge priority={o.priority} />
              <Text size="sm" component="span">
                <DueBadge order={o} due={dueState(o, today)} />
              </Text>
              <RowMark state={o._state} />
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  )
}
