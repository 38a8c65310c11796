import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { dayLabel } from '../../../../shared/site-time'
import { useServices, useSyncStatus } from '../../app/context'
import { href } from '../../app/router'
import { needsAttention } from '../../../../shared/maintenance/pm-due'
import type { ScheduledDue } from '../../store/queries'
import { listEquipment, listSites, listWorkOrders, scheduledDue } from '../../store/queries'
import { formatAgo } from '../../ui/format'
import { PageHeader } from '../../ui/PageHeader'
import { EquipmentStatusBadge } from '../../ui/StatusBadge'
import { useCacheQuery } from '../../ui/use-cache-query'
import { readingsSince } from '../energy/queries'
import { kwhText } from '../energy/energy-math'
import { attention, readingsFrom } from './attention'
import type { Attention } from './attention'
import { PriorityBadge } from '../work/WorkBadges'
import { DueStateBadge, dueText } from '../work/ScheduledWork'

function Panel({
  id,
  title,
  count,
  empty,
  children,
}: {
  id: string
  title: string
  count: number
  empty: string
  children: ReactNode
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${id}-title`}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="lg" id={`${id}-title`}>
          {title}
        </Title>
        <Badge
          color={count > 0 ? 'orange' : 'teal'}
          variant={count > 0 ? 'filled' : 'light'}
          data-testid={`attention-${id}`}
        >
          {count}
        </Badge>
      </Group>
      {count === 0 ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {children}
        </Stack>
      )}
    </Paper>
  )
}

const NOTHING_YET: {
  result: Attention
  siteName: Map<string, string>
  scheduled: ScheduledDue[]
} = {
  result: { missing: [], production: [], down: [], work: [] },
  siteName: new Map(),
  scheduled: [],
}

/**
 * The first screen after sign-in: what needs this person today, from this laptop's copy (it
 * works offline). A technician sees their sites (RLS decides what the laptop holds) and their
 * own or unassigned work; the office sees the organization.
 */
export function HomePage({ userId, office }: { userId: string; office: boolean }) {
  const { db } = useServices()
  const failed = useSyncStatus((s) => s.failedCount)
  const conflicts = useSyncStatus((s) => s.openConflicts)
  const lastSync = useSyncStatus((s) => s.lastSuccessAt)
  const { result, siteName, scheduled } = useCacheQuery(
    async () => {
      const now = Date.now()
      const [siteRows, unitRows, orders, due] = await Promise.all([
        listSites(db),
        listEquipment(db),
        listWorkOrders(db, { open: true }),
        scheduledDue(db),
      ])
      const readings = await readingsSince(db, readingsFrom(siteRows, now))
      return {
        result: attention(
          { sites: siteRows, readings, units: unitRows, orders, onlyFor: office ? null : userId },
          now,
        ),
        siteName: new Map(siteRows.map((s) => [s.id, s.name])),
        scheduled: due.filter(needsAttention),
      }
    },
    [db, office, userId],
    NOTHING_YET,
  )
  const syncDays = lastSync ? (Date.now() - Date.parse(lastSync)) / 86_400_000 : null

  return (
    <section aria-labelledby="home-title">
      <PageHeader
        title="Today"
        id="home-title"
        description="What needs you, from this laptop’s copy: it is right as of the last sync."
      />
      <SimpleGrid cols={{ base: 1, lg: 2, xxl: 3 }} spacing="lg">
        <Panel
          id="work"
          title="Work due"
          count={result.work.length}
          empty="No work overdue or due today."
        >
          {result.work.map(({ order, due }) => (
            <Group component="li" key={order.id} gap="xs" wrap="nowrap">
              <Badge color={due === 'overdue' ? 'red' : 'orange'} variant="light">
                {due === 'overdue' ? `Overdue · ${order.due_on}` : 'Due today'}
              </Badge>
              <Anchor href={href('work', order.id)} size="sm">
                {order.title}
              </Anchor>
              <PriorityBadge priority={order.priority} />
              <Text size="sm" c="dimmed">
                {siteName.get(order.site_id)}
              </Text>
            </Group>
          ))}
        </Panel>
        <Panel
          id="pm"
          title="Preventive maintenance"
          count={scheduled.length}
          empty="No scheduled maintenance due or due soon."
        >
          {scheduled.map((d) => (
            <Group component="li" key={`${d.scheduleId}/${d.equipmentId}`} gap="xs" wrap="nowrap">
              <DueStateBadge state={d.state} />
              <Anchor href={href('equipment', d.equipmentId)} size="sm">
                {d.schedule.title} · {d.unit.name}
              </Anchor>
              <Text size="sm">
                {dueText(d)} · {siteName.get(d.unit.site_id)}
              </Text>
            </Group>
          ))}
        </Panel>
        <Panel
          id="down"
          title="Equipment down"
          count={result.down.length}
          empty="Every unit is up."
        >
          {result.down.map(({ unit, days }) => (
            <Group component="li" key={unit.id} gap="xs" wrap="nowrap">
              <EquipmentStatusBadge status={unit.status} />
              <Anchor href={href('equipment', unit.id)} size="sm">
                {unit.name}
              </Anchor>
              <Text size="sm">
                {days === null
                  ? 'since a time not known'
                  : days === 0
                    ? 'since today'
                    : `for ${days} day${days === 1 ? '' : 's'}`}
                {unit.status_reason ? `: ${unit.status_reason}` : ''}
              </Text>
            </Group>
          ))}
        </Panel>
        <Panel
          id="missing"
          title="Missing readings"
          count={result.missing.length}
          empty="Every site has its readings up to yesterday."
        >
          {result.missing.map((m) => (
            <Group component="li" key={m.siteId} gap="xs" wrap="nowrap">
              <Anchor href={href('energy', 'grid', m.siteId)} size="sm">
                {siteName.get(m.siteId)}
              </Anchor>
              <Text size="sm">
                {m.yesterday ? `no reading for ${dayLabel(m.yesterday)}` : 'yesterday is in'}
                {m.thisMonth.length > (m.yesterday ? 1 : 0)
                  ? ` · ${m.thisMonth.length} day${m.thisMonth.length === 1 ? '' : 's'} missing this month`
                  : ''}
              </Text>
            </Group>
          ))}
        </Panel>
        <Panel
          id="production"
          title="Production to check"
          count={result.production.length}
          empty="Yesterday’s production is within each site’s drop threshold of its 7-day average."
        >
          {result.production.map((p) => (
            <Group component="li" key={p.siteId} gap="xs" wrap="nowrap">
              <Anchor href={href('sites', p.siteId)} size="sm">
                {siteName.get(p.siteId)}
              </Anchor>
              <Text size="sm">
                {p.kind === 'drop'
                  ? `${kwhText(p.kwh)} on ${dayLabel(p.day)}, ${Math.round((1 - p.kwh / (p.average ?? 1)) * 100)} % under its 7-day average of ${kwhText(p.average ?? 0)} (flagged from ${p.threshold} %)`
                  : p.kind === 'zero'
                    ? `no production on ${dayLabel(p.day)}`
                    : `negative production on ${dayLabel(p.day)} (${kwhText(p.kwh)})`}
              </Text>
            </Group>
          ))}
        </Panel>
        <Panel
          id="sync"
          title="Edits and sync"
          count={failed + conflicts + (syncDays !== null && syncDays >= 1 ? 1 : 0)}
          empty={`Nothing refused, no conflicts; last synced ${formatAgo(lastSync)}.`}
        >
          {failed > 0 ? (
            <li>
              <Anchor href={href('sync')} size="sm">
                {failed} edit{failed === 1 ? '' : 's'} refused by the server, waiting for a fix
              </Anchor>
            </li>
          ) : null}
          {conflicts > 0 ? (
            <li>
              <Anchor href={href('conflicts')} size="sm">
                {conflicts} open conflict{conflicts === 1 ? '' : 's'}
                {office ? ' to decide' : ''}
              </Anchor>
            </li>
          ) : null}
          {syncDays !== null && syncDays >= 1 ? (
            <li>
              <Text size="sm">
                This laptop last synced {Math.floor(syncDays)} day
                {Math.floor(syncDays) === 1 ? '' : 's'} ago.
              </Text>
            </li>
          ) : null}
        </Panel>
      </SimpleGrid>
    </section>
  )
}
