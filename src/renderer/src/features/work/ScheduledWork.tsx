import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconCalendarRepeat } from '@tabler/icons-react'
import type { DueState } from '../../../../shared/maintenance/pm-due'
import { needsAttention } from '../../../../shared/maintenance/pm-due'
import { dayLabel } from '../../../../shared/site-time'
import { useServices } from '../../app/context'
import { href, navigate } from '../../app/router'
import type { ScheduledDue } from '../../store/queries'
import { scheduledDue } from '../../store/queries'
import { raiseScheduledOrder } from '../../store/work-orders'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useWrite } from '../useWrite'
import { useChecklistTemplates } from './templates'

const STATE: Record<DueState, { label: string; color: string }> = {
  upcoming: { label: 'Upcoming', color: 'gray' },
  soon: { label: 'Due soon', color: 'blue' },
  due: { label: 'Due', color: 'orange' },
  overdue: { label: 'Overdue', color: 'red' },
}

// Light badges, as the work orders' due badges: their text passes contrast in both schemes.
export function DueStateBadge({ state }: { state: DueState }) {
  return (
    <Badge color={STATE[state].color} variant="light">
      {STATE[state].label}
    </Badge>
  )
}

const hours = (h: number) => `${h.toLocaleString(undefined, { maximumFractionDigits: 1 })} h`

/** "at 6,000 h (now 6,848 h)" or "on Dec 3". */
export function dueText(d: Pick<ScheduledDue, 'atHours' | 'hoursNow' | 'dueOn'>): string {
  if (d.atHours !== null) return `at ${hours(d.atHours)} (now ${hours(d.hoursNow ?? 0)})`
  return d.dueOn ? `on ${dayLabel(d.dueOn, { year: true })}` : ''
}

/**
 * A unit's (or a site's) maintenance schedules and where each stands, with the way to raise
 * the order for a point that is due or due soon. Raising it offline is safe on two laptops at
 * once: the order's id is derived from schedule, unit and point.
 */
export function ScheduledWork({
  equipmentId,
  siteId,
  userId,
}: {
  equipmentId?: string
  siteId?: string
  userId: string
}) {
  const { db } = useServices()
  const templates = useChecklistTemplates()
  const { run, error, saving } = useWrite(userId)
  const points = useCacheQuery(
    () => scheduledDue(db, { equipmentId, siteId }),
    [db, equipmentId, siteId],
    [],
  )
  if (points.length === 0 && !equipmentId) return null

  async function raise(due: ScheduledDue) {
    const template = templates.find((t) => t.id === due.schedule.template_id && !t.deleted_at)
    const order = await run((ctx) => raiseScheduledOrder(ctx, due, template?.steps ?? [], userId))
    if (order) navigate(href('work', order.id))
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="scheduled-work">
      <Group gap="xs" mb="sm">
        <IconCalendarRepeat size={18} aria-hidden />
        <Title order={2} fz="lg" id="scheduled-work">
          Preventive maintenance
        </Title>
      </Group>
      {points.length === 0 ? (
        <Text c="dimmed" size="sm">
          No maintenance schedule covers this unit.
        </Text>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {points.map((d) => (
            <Group
              component="li"
              key={`${d.scheduleId}/${d.equipmentId}`}
              gap="xs"
              wrap="nowrap"
              data-testid="scheduled-point"
            >
              <DueStateBadge state={d.state} />
              <Text size="sm">
                {d.schedule.title}
                {equipmentId ? '' : ` · ${d.unit.name}`} {dueText(d)}
              </Text>
              {needsAttention(d) ? (
                <Button
                  size="xs"
                  variant="light"
                  loading={saving}
                  onClick={() => void raise(d)}
                  aria-label={`Raise the work order: ${d.schedule.title}, ${d.unit.name}, ${d.point}`}
                >
                  Raise work order
                </Button>
              ) : null}
            </Group>
          ))}
        </Stack>
      )}
      {error ? (
        <Text role="alert" c="red.8" size="sm" mt="xs">
          {error}
        </Text>
      ) : null}
    </Paper>
  )
}
