import { Anchor, Button, Group, Text } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { EQUIPMENT_KINDS, EQUIPMENT_STATUSES } from '../../../../shared/schema/tables'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import type { LocalRowOf } from '../../store/db'
import { listConflicts, listEquipment, listSites } from '../../store/queries'
import type { Column } from '../../ui/DataTable'
import { DataTable } from '../../ui/DataTable'
import { EmptyState } from '../../ui/Empty'
import { FilterBar, RowFilter, ValueFilter } from '../../ui/Filters'
import { PageHeader } from '../../ui/PageHeader'
import { RowMark } from '../../ui/RowMark'
import { EquipmentStatusBadge } from '../../ui/StatusBadge'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useLostRowIds } from '../conflicts/LostValues'
import { StatusMenu } from './StatusControl'
import { downloadFile } from '../../ui/download'
import { equipmentToCsv } from '../custom-fields/csv'
import { useFieldDefinitions } from '../custom-fields/use-field-definitions'

type Unit = LocalRowOf<'equipment'>

export function EquipmentList({ userId, siteFilter }: { userId: string; siteFilter?: string }) {
  const { db } = useServices()
  const [site, setSite] = useState(siteFilter ?? '')
  const [kind, setKind] = useState('')
  const [status, setStatus] = useState('')
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const equipment = useCacheQuery(
    () => listEquipment(db, { siteId: site, kind, status }),
    [db, site, kind, status],
    [],
  )
  const conflicts = useCacheQuery(() => listConflicts(db, { open: true }), [db], [])
  const lost = useLostRowIds(userId, 'equipment')
  const fieldDefs = useFieldDefinitions()
  function exportCsv() {
    const orgs = new Set(equipment.map((e) => e.organization_id))
    const siteName = new Map(sites.map((s) => [s.id, s.name]))
    downloadFile(
      'equipment.csv',
      equipmentToCsv(
        equipment,
        fieldDefs.filter((f) => orgs.has(f.organization_id)),
        (id) => siteName.get(id) ?? id,
      ),
      'text/csv',
    )
  }
  const columns = useMemo((): Column<Unit>[] => {
    const siteName = new Map(sites.map((s) => [s.id, s.name]))
    const conflicted = new Set(conflicts.map((c) => c.row_id))
    return [
      {
        id: 'name',
        header: 'Name',
        sortValue: (e) => e.name,
        cell: (e) => (
          <Group gap={6} wrap="nowrap">
            <Anchor href={href('equipment', e.id)}>{e.name}</Anchor>
            <RowMark state={e._state} conflict={conflicted.has(e.id)} lost={lost.has(e.id)} />
          </Group>
        ),
      },
      {
        id: 'site',
        header: 'Site',
        sortValue: (e) => siteName.get(e.site_id) ?? '',
        cell: (e) => siteName.get(e.site_id) ?? '—',
      },
      { id: 'kind', header: 'Kind', sortValue: (e) => e.kind, cell: (e) => e.kind },
      {
        id: 'code',
        header: 'Serial / tag',
        sortValue: (e) => e.serial_number ?? '',
        filterText: (e) => `${e.serial_number ?? ''} ${e.asset_tag ?? ''}`,
        cell: (e) => (
          <Text size="sm" ff="monospace">
            {e.serial_number ?? '—'} / {e.asset_tag ?? '—'}
          </Text>
        ),
      },
      {
        id: 'make',
        header: 'Make / model',
        sortValue: (e) => `${e.make ?? ''} ${e.model ?? ''}`,
        cell: (e) => [e.make, e.model].filter(Boolean).join(' ') || '—',
      },
      {
        id: 'runtime',
        header: 'Runtime',
        unit: 'h',
        sortValue: (e) => e.runtime_hours,
        cell: (e) => e.runtime_hours.toLocaleString(),
      },
      {
        id: 'status',
        header: 'Status',
        sortValue: (e) => e.status,
        cell: (e) => <EquipmentStatusBadge status={e.status} />,
      },
    ]
  }, [sites, conflicts, lost])
  return (
    <section aria-labelledby="equipment-title">
      <PageHeader
        title="Equipment"
        id="equipment-title"
        actions={
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={exportCsv}
            disabled={equipment.length === 0}
          >
            Export CSV ({equipment.length.toLocaleString()})
          </Button>
        }
      />
      <FilterBar>
        <RowFilter label="Site" all="All sites" rows={sites} value={site} onChange={setSite} />
        <ValueFilter
          label="Kind"
          any="All kinds"
          values={EQUIPMENT_KINDS}
          value={kind}
          onChange={setKind}
        />
        <ValueFilter
          label="Status"
          any="Any status"
          values={EQUIPMENT_STATUSES}
          value={status}
          onChange={setStatus}
        />
      </FilterBar>
      <DataTable
        id="equipment"
        label="Equipment"
        columns={columns}
        rows={equipment}
        rowKey={(e) => e.id}
        rowProps={() => ({ 'data-testid': 'equipment-row' })}
        rowActions={(e) => <StatusMenu id={e.id} name={e.name} status={e.status} userId={userId} />}
        initialSort={[{ id: 'name', desc: false }]}
        empty={
          <EmptyState title="No equipment here">
            {site || kind || status
              ? 'Nothing matches these filters: choose “All” to see every unit.'
              : 'Sync to bring the equipment of your sites.'}
          </EmptyState>
        }
      />
    </section>
  )
}
