import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { IconBolt, IconTool } from '@tabler/icons-react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { ATTENTION_STATUSES, getSite, listEquipment, listMaintenance } from '../../store/queries'
import { EmptyState, PageSkeleton } from '../../ui/Empty'
import { formatDateTime } from '../../ui/format'
import { PageHeader } from '../../ui/PageHeader'
import { RowMark } from '../../ui/RowMark'
import { EquipmentStatusBadge, SiteStatusBadge } from '../../ui/StatusBadge'
import { useCacheQuery } from '../../ui/use-cache-query'
import { EnergyChart } from '../../app/lazy-charts'
import { RecordHistory } from '../history/RecordHistory'
import { BillingMeter } from './BillingMeter'
import { SiteDetails } from './SiteDetails'
import { locationSummary } from './SitesList'
import { ScheduledWork } from '../work/ScheduledWork'

const attention = new Set<string>(ATTENTION_STATUSES)

function KeyFigure({ label, value }: { label: string; value: string | number }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={24} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Paper>
  )
}

export function SitePage({
  siteId,
  userId,
  office,
}: {
  siteId: string
  userId: string
  /** Office or admin: may choose the billing meter. */
  office: boolean
}) {
  const { db } = useServices()
  const site = useCacheQuery(() => getSite(db, siteId), [db, siteId])
  const equipment = useCacheQuery(() => listEquipment(db, { siteId }), [db, siteId], [])
  const recent = useCacheQuery(() => listMaintenance(db, { siteId, limit: 10 }), [db, siteId], [])
  if (site === undefined) return <PageSkeleton />
  if (!site)
    return (
      <Alert role="alert" color="yellow">
        This site is not on this laptop. It may have been unassigned from you.
      </Alert>
    )
  const issues = equipment.filter((e) => attention.has(e.status))
  const unitName = new Map(equipment.map((e) => [e.id, e.name]))
  const runtime = equipment.reduce((n, e) => n + e.runtime_hours, 0)
  return (
    <section aria-labelledby="site-title">
      <PageHeader
        title={site.name}
        id="site-title"
        crumbs={[{ label: 'Sites', href: href('sites') }]}
        description={`${site.code ?? ''} · ${locationSummary(site)} · ${site.timezone}`}
        actions={
          <>
            <Button
              component="a"
              href={href('energy', 'entry', siteId)}
              leftSection={<IconBolt size={16} aria-hidden />}
            >
              Enter readings
            </Button>
            <Button component="a" variant="default" href={href('energy', 'grid', siteId)}>
              Readings grid
            </Button>
            <Button
              component="a"
              variant="default"
              href={`${href('maintenance', 'new')}?site=${siteId}`}
              leftSection={<IconTool size={16} aria-hidden />}
            >
              Log maintenance
            </Button>
          </>
        }
      />
      <Group gap="xs" mb="md">
        <SiteStatusBadge status={site.status} />
        <RowMark state={site._state} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} mb="lg">
        <KeyFigure label="Units" value={equipment.length} />
        <KeyFigure label="Need attention" value={issues.length} />
        <KeyFigure label="Runtime, all units (h)" value={runtime.toLocaleString()} />
        <KeyFigure label="Maintenance logged (last 10)" value={recent.length} />
      </SimpleGrid>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, xl: 8 }}>
          <Stack gap="lg">
            <Paper withBorder p="md" component="section" aria-labelledby="site-energy">
              <Title order={2} fz="lg" mb="sm" id="site-energy">
                Daily energy
              </Title>
              <EnergyChart siteId={siteId} days={90} />
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="site-equipment">
              <Title order={2} fz="lg" mb="sm" id="site-equipment">
                Equipment
              </Title>
              <SimpleGrid cols={{ base: 1, md: 2, xxl: 3 }} spacing="xs">
                {equipment.map((e) => (
                  <Group key={e.id} justify="space-between" wrap="nowrap" gap="xs">
                    <Group gap={6} wrap="nowrap">
                      <Anchor href={href('equipment', e.id)} size="sm">
                        {e.name}
                      </Anchor>
                      <RowMark state={e._state} />
                    </Group>
                    <EquipmentStatusBadge status={e.status} />
                  </Group>
                ))}
              </SimpleGrid>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <Stack gap="lg">
            <Paper withBorder p="md" component="section" aria-labelledby="site-issues">
              <Title order={2} fz="lg" mb="sm" id="site-issues">
                Open issues
              </Title>
              {issues.length === 0 ? (
                <Text size="sm">All equipment is operational.</Text>
              ) : (
                <Stack gap={6}>
                  {issues.map((e) => (
                    <Group key={e.id} justify="space-between" wrap="nowrap">
                      <Anchor href={href('equipment', e.id)} size="sm">
                        {e.name}
                      </Anchor>
                      <EquipmentStatusBadge status={e.status} />
                    </Group>
                  ))}
                </Stack>
              )}
            </Paper>
            <ScheduledWork siteId={siteId} userId={userId} />
            <Paper withBorder p="md" component="section" aria-labelledby="site-maintenance">
              <Title order={2} fz="lg" mb="sm" id="site-maintenance">
                Recent maintenance
              </Title>
              {recent.length === 0 ? (
                <EmptyState title="No maintenance logged">
                  Log work with “Log maintenance” above.
                </EmptyState>
              ) : (
                <Stack gap={6}>
                  {recent.map((l) => (
                    <Text key={l.id} size="sm">
                      <Anchor href={href('maintenance', l.id)} size="sm">
                        {formatDateTime(l.performed_at)}
                      </Anchor>{' '}
                      — {unitName.get(l.equipment_id) ?? 'equipment'}, {l.kind}: {l.summary}{' '}
                      <RowMark state={l._state} />
                    </Text>
                  ))}
                </Stack>
              )}
            </Paper>
            <SiteDetails site={site} office={office} userId={userId} />
            <Paper withBorder p="md">
              <BillingMeter site={site} units={equipment} canChoose={office} userId={userId} />
            </Paper>
            <RecordHistory table="sites" rowId={siteId} />
          </Stack>
        </Grid.Col>
      </Grid>
    </section>
  )
}
