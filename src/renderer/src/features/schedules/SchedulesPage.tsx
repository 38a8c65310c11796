import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core'
import { IconCalendarRepeat, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { listEquipment, listSchedules, listSites } from '../../store/queries'
import { EmptyState } from '../../ui/Empty'
import { SelectField } from '../../ui/Field'
import { PageHeader } from '../../ui/PageHeader'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useChecklistTemplates } from '../work/templates'
import { intervalText } from './schedule-form'

/**
 * The maintenance schedules of the sites on this laptop. Everyone reads them; office and admin
 * add and change them (the database refuses anyone else), offline too: schedules sync like
 * every site row.
 */
export function SchedulesPage({ canEdit, siteFilter }: { canEdit: boolean; siteFilter?: string }) {
  const { db } = useServices()
  const [siteId, setSiteId] = useState(siteFilter ?? '')
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const schedules = useCacheQuery(
    () => listSchedules(db, siteId ? { siteId } : {}),
    [db, siteId],
    [],
  )
  const units = useCacheQuery(() => listEquipment(db, { withDeleted: true }), [db], [])
  const templates = useChecklistTemplates()
  const siteName = new Map(sites.map((s) => [s.id, s.name]))
  const unitName = new Map(units.map((u) => [u.id, u.name]))
  const templateName = new Map(templates.map((t) => [t.id, t.name]))
  return (
    <section aria-labelledby="schedules-title">
      <PageHeader
        title="Maintenance schedules"
        id="schedules-title"
        description="When each unit is due for service: every so many runtime hours or days. A due point raises one work order, whichever laptop raises it."
        actions={
          canEdit ? (
            <Button
              component="a"
              href={`${href('schedules', 'new')}${siteId ? `?site=${siteId}` : ''}`}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              New schedule
            </Button>
          ) : null
        }
      />
      <Stack>
        <SelectField
          label="Site"
          value={siteId}
          onChange={setSiteId}
          maw={320}
          data={[
            { value: '', label: 'All sites' },
            ...sites.map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
        {schedules.length === 0 ? (
          <EmptyState title="No schedules" icon={<IconCalendarRepeat size={28} aria-hidden />}>
            {canEdit
              ? 'Add one for a unit, or for every unit of a kind at a site.'
              : 'The office sets up maintenance schedules.'}
          </EmptyState>
        ) : (
          <Table striped highlightOnHover aria-labelledby="schedules-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Schedule</Table.Th>
                <Table.Th>Site</Table.Th>
                <Table.Th>Covers</Table.Th>
                <Table.Th>Interval</Table.Th>
                <Table.Th>Checklist</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {schedules.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor href={href('schedules', s.id)}>{s.title}</Anchor>
                      {s.active ? null : (
                        <Badge color="gray" variant="light">
                          Paused
                        </Badge>
                      )}
                      {s._state !== 'synced' ? (
                        <Badge color={s._state === 'failed' ? 'red' : 'violet'} variant="light">
                          {s._state === 'failed' ? 'Refused' : 'Not synced'}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{siteName.get(s.site_id) ?? '—'}</Table.Td>
                  <Table.Td>
                    {s.equipment_id
                      ? (unitName.get(s.equipment_id) ?? 'A unit not on this laptop')
                      : `Every ${s.equipment_kind ?? 'unit'}`}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{intervalText(s)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {s.template_id ? (templateName.get(s.template_id) ?? 'A template') : 'None'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </section>
  )
}
