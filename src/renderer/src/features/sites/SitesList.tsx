import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconDownload, IconMapPin, IconServerCog } from '@tabler/icons-react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import type { LocalRowOf } from '../../store/db'
import { ATTENTION_STATUSES, listConflicts, listEquipment, listSites } from '../../store/queries'
import { EmptyState, PageSkeleton } from '../../ui/Empty'
import { PageHeader } from '../../ui/PageHeader'
import { RowMark } from '../../ui/RowMark'
import { SiteStatusBadge } from '../../ui/StatusBadge'
import { useCacheQuery } from '../../ui/use-cache-query'
import { downloadFile } from '../../ui/download'
import { sitesToCsv } from '../custom-fields/csv'
import { useFieldDefinitions } from '../custom-fields/use-field-definitions'

/** "Ector County, TX · 31.8456, -102.3676": where a site is, without a map. */
export function locationSummary(site: LocalRowOf<'sites'>): string {
  const place = [site.county ? `${site.county} County` : null, site.region]
    .filter(Boolean)
    .join(', ')
  const coords =
    site.latitude !== null && site.longitude !== null
      ? `${site.latitude.toFixed(4)}, ${site.longitude.toFixed(4)}`
      : null
  return [place, coords].filter(Boolean).join(' · ') || 'No location recorded'
}

const attention = new Set<string>(ATTENTION_STATUSES)

export function SitesList() {
  const { db } = useServices()
  const sites = useCacheQuery(() => listSites(db), [db])
  const equipment = useCacheQuery(() => listEquipment(db), [db], [])
  const conflicts = useCacheQuery(() => listConflicts(db, { open: true }), [db], [])
  const fieldDefs = useFieldDefinitions()
  if (!sites) return <PageSkeleton />
  const units = (siteId: string) => equipment.filter((e) => e.site_id === siteId)
  return (
    <section aria-labelledby="sites-title">
      <PageHeader
        title="Sites"
        id="sites-title"
        actions={
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            disabled={sites.length === 0}
            onClick={() => {
              const orgs = new Set(sites.map((x) => x.organization_id))
              downloadFile(
                'sites.csv',
                sitesToCsv(
                  sites,
                  fieldDefs.filter((f) => orgs.has(f.organization_id)),
                ),
                'text/csv',
              )
            }}
          >
            Export CSV
          </Button>
        }
      />
      {sites.length === 0 ? (
        <EmptyState title="No sites on this laptop yet">
          Sync to bring the sites assigned to you. If a sync has run and this stays empty, ask the
          office to assign you a site.
        </EmptyState>
      ) : null}
      <SimpleGrid
        component="ul"
        aria-label="Sites"
        cols={{ base: 1, sm: 2, lg: 3, xl: 4 }}
        spacing="md"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {sites.map((site) => {
          const mine = units(site.id)
          const needs = mine.filter((e) => attention.has(e.status)).length
          return (
            <Card component="li" key={site.id} withBorder padding="md" data-testid="site-card">
              <Stack gap={6}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Anchor href={href('sites', site.id)} fw={700} fz="lg">
                    {site.name}
                  </Anchor>
                  <SiteStatusBadge status={site.status} />
                </Group>
                <Group gap="xs">
                  <Text size="sm" c="dimmed" ff="monospace">
                    {site.code}
                  </Text>
                  <RowMark
                    state={site._state}
                    conflict={conflicts.some((c) => c.row_id === site.id)}
                  />
                </Group>
                <Group gap={6} wrap="nowrap">
                  <IconMapPin size={16} aria-hidden />
                  <Text size="sm">{locationSummary(site)}</Text>
                </Group>
                <Group gap="lg" mt={4}>
                  <Group gap={6}>
                    <IconServerCog size={16} aria-hidden />
                    <Text size="sm">
                      <b>{mine.length}</b> units
                    </Text>
                  </Group>
                  <Group gap={6}>
                    <IconAlertTriangle
                      size={16}
                      aria-hidden
                      color={needs ? 'var(--mantine-color-orange-7)' : undefined}
                    />
                    <Text size="sm">
                      <b>{needs}</b> need attention
                    </Text>
                  </Group>
                </Group>
              </Stack>
            </Card>
          )
        })}
      </SimpleGrid>
    </section>
  )
}
