import { Anchor, Button, Group } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { MaintenanceKind } from '../../../../shared/schema/tables'
import { MAINTENANCE_KINDS } from '../../../../shared/schema/tables'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import type { LocalRowOf } from '../../store/db'
import { listEquipment, listMaintenance, listSites } from '../../store/queries'
import type { Column } from '../../ui/DataTable'
import { DataTable } from '../../ui/DataTable'
import { EmptyState } from '../../ui/Empty'
import { DateRange, FilterBar, RowFilter, ValueFilter } from '../../ui/Filters'
import { formatDateTime } from '../../ui/format'
import { PageHeader } from '../../ui/PageHeader'
import { RowMark } from '../../ui/RowMark'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useLostRowIds } from '../conflicts/LostValues'

type Log = LocalRowOf<'maintenance_logs'>

export function MaintenanceList({ userId }: { userId: string }) {
  const { db } = useServices()
  const lost = useLostRowIds(userId, 'maintenance_logs')
  const [site, setSite] = useState('')
  const [equipment, setEquipment] = useState('')
  const [kind, setKind] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const units = useCacheQuery(() => listEquipment(db), [db], [])
  const logs = useCacheQuery(
    () =>
      listMaintenance(db, {
        siteId: site || undefined,
        equipmentId: equipment || undefined,
        from: from || undefined,
        to: to || undefined,
      }),
    [db, site, equipment, from, to],
    [],
  )
  const shown = kind ? logs.filter((l) => l.kind === (kind as MaintenanceKind)) : logs
  const columns = useMemo((): Column<Log>[] => {
    const unitName = new Map(units.map((u) => [u.id, u.name]))
    const siteName = new Map(sites.map((s) => [s.id, s.name]))
    return [
      {
        id: 'performed_at',
        header: 'Performed',
        sortValue: (l) => l.performed_at,
        filterText: (l) => formatDateTime(l.performed_at),
        cell: (l) => (
          <Group gap={6} wrap="nowrap">
            <Anchor href={href('maintenance', l.id)}>{formatDateTime(l.performed_at)}</Anchor>
            <RowMark state={l._state} lost={lost.has(l.id)} />
          </Group>
        ),
      },
      {
        id: 'equipment',
        header: 'Equipment',
        sortValue: (l) => unitName.get(l.equipment_id) ?? '',
        cell: (l) => unitName.get(l.equipment_id) ?? '—',
      },
      {
        id: 'site',
        header: 'Site',
        sortValue: (l) => siteName.get(l.site_id) ?? '',
        cell: (l) => siteName.get(l.site_id) ?? '—',
      },
      { id: 'kind', header: 'Kind', sortValue: (l) => l.kind, cell: (l) => l.kind },
      { id: 'summary', header: 'Summary', sortValue: (l) => l.summary, cell: (l) => l.summary },
      {
        id: 'downtime',
        header: 'Downtime',
        unit: 'h',
        sortValue: (l) => l.downtime_hours,
        cell: (l) => l.downtime_hours.toLocaleString(),
      },
      {
        id: 'parts',
        header: 'Parts',
        sortValue: (l) => l.parts.length,
        align: 'right',
        cell: (l) => l.parts.length,
      },
    ]
  }, [units, sites, lost])
  return (
    <section aria-labelledby="maintenance-title">
      <PageHeader
        title="Maintenance"
        id="maintenance-title"
        actions={
          <Button
            component="a"
            href={href('maintenance', 'new')}
            leftSection={<IconPlus size={16} aria-hidden />}
          >
            New maintenance log
          </Button>
        }
      />
      <FilterBar>
        <RowFilter
          label="Site"
          all="All sites"
          rows={sites}
          value={site}
          onChange={(id) => {
            setSite(id)
            setEquipment('')
          }}
        />
        <RowFilter
          label="Equipment"
          all="All equipment"
          rows={units.filter((u) => u.site_id === site)}
          value={equipment}
          onChange={setEquipment}
          disabled={!site}
        />
        <ValueFilter
          label="Kind"
          any="All kinds"
          values={MAINTENANCE_KINDS}
          value={kind}
          onChange={setKind}
        />
        <DateRange from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </FilterBar>
      <DataTable
        id="maintenance"
        label="Maintenance logs"
        columns={columns}
        rows={shown}
        rowKey={(l) => l.id}
        rowProps={() => ({ 'data-testid': 'maintenance-row' })}
        initialSort={[{ id: 'performed_at', desc: true }]}
        empty={
          <EmptyState title="No maintenance logged">
            {site || equipment || kind || from || to
              ? 'Nothing matches these filters.'
              : 'Log work with “New maintenance log”, or from an equipment page.'}
          </EmptyState>
        }
      />
    </section>
  )
}
