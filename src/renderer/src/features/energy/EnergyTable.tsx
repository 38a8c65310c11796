import { Alert, Anchor, Button, FileButton, Group, List, Paper, Text } from '@mantine/core'
import {
  IconAlertTriangle,
  IconBolt,
  IconCircleCheck,
  IconDownload,
  IconUpload,
} from '@tabler/icons-react'
import { downloadFile } from '../../ui/download'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useMemo, useRef, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { href } from '../../app/router'
import type { LocalRowOf } from '../../store/db'
import { createRow, ValidationError } from '../../store/writes'
import type { Column } from '../../ui/DataTable'
import { DataTable } from '../../ui/DataTable'
import { EmptyState, PageSkeleton } from '../../ui/Empty'
import { formatDateTime } from '../../ui/format'
import { DateRange, FilterBar, RowFilter } from '../../ui/Filters'
import { notify } from '../../ui/notify'
import { PageHeader } from '../../ui/PageHeader'
import { usePeople } from '../../ui/people'
import { RowMark } from '../../ui/RowMark'
import { useLostRowIds } from '../conflicts/LostValues'
import type { ResolvedRow, RowProblem } from './csv'
import { collapseDuplicates, parseReadingsCsv, readingsToCsv } from './csv'
import { EnergyChart } from '../../app/lazy-charts'
import { countReadings, filteredReadings, sameSlotOnDevice } from './queries'
import { listEquipment, listSites } from '../../store/queries'

type Reading = LocalRowOf<'energy_production'>

/** Rows the live table holds; older ones are reached by narrowing the filter (export has them all). */
const TABLE_LIMIT = 5000

const dash = (
  <Text span c="dimmed" size="sm">
    —
  </Text>
)

/**
 * Every reading on the device, filtered, in a sortable virtualised table (smooth at 100k rows
 * on the device: the live query holds the newest 5,000, the export all of them).
 */
export function EnergyTable({ userId }: { userId: string }) {
  const services = useServices()
  const { db } = services
  const online = useSyncStatus((s) => s.online)
  const [site, setSite] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [report, setReport] = useState<{ imported: number; problems: RowProblem[] } | null>(null)
  const resetImport = useRef<() => void>(null)
  const people = usePeople()
  const lost = useLostRowIds(userId, 'energy_production')
  const sites = useCacheQuery(() => listSites(db, { withDeleted: true }), [db], [])
  const equipment = useCacheQuery(() => listEquipment(db, { withDeleted: true }), [db], [])
  const readings = useCacheQuery(
    () => filteredReadings(db, { site, from, to }, TABLE_LIMIT),
    [db, site, from, to],
  )
  const matching = useCacheQuery(
    () => countReadings(db, { site, from, to }),
    [db, site, from, to],
    0,
  )
  const siteName = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites])
  const tags = useMemo(() => new Map(equipment.map((e) => [e.id, e])), [equipment])
  const columns = useMemo((): Column<Reading>[] => {
    const meterName = (r: Reading) =>
      r.equipment_id ? (tags.get(r.equipment_id)?.name ?? 'a unit') : 'Site meter'
    const isBilling = (r: Reading) =>
      (r.equipment_id ?? null) === (siteName.get(r.site_id)?.billing_meter_id ?? null)
    const optional = (n: number | null) => (n === null ? dash : n.toLocaleString())
    return [
      {
        id: 'period_start',
        header: 'Period start',
        // Instants, not their text: a server "…+00:00" and a device "….000Z" sort apart.
        sortValue: (r) => Date.parse(r.period_start),
        filterText: (r) => formatDateTime(r.period_start),
        cell: (r) => (
          <Anchor href={href('energy', 'reading', r.id)} size="sm">
            {formatDateTime(r.period_start)}
          </Anchor>
        ),
        hideable: false,
      },
      {
        id: 'site',
        header: 'Site',
        sortValue: (r) => siteName.get(r.site_id)?.name ?? '',
        cell: (r) => siteName.get(r.site_id)?.name ?? dash,
      },
      {
        id: 'meter',
        header: 'Meter',
        sortValue: (r) => meterName(r),
        filterText: (r) => `${meterName(r)} ${isBilling(r) ? 'billing' : 'sub-meter'}`,
        cell: (r) => (
          <span data-testid="reading-meter">
            {meterName(r)}{' '}
            <Text span c="dimmed" size="sm">
              {isBilling(r) ? '(billing)' : '(sub-meter)'}
            </Text>
          </span>
        ),
      },
      {
        id: 'energy_kwh',
        header: 'Energy',
        unit: 'kWh',
        sortValue: (r) => r.energy_kwh,
        cell: (r) => r.energy_kwh.toLocaleString(),
        hideable: false,
      },
      {
        id: 'gas_volume_mcf',
        header: 'Gas',
        unit: 'mcf',
        sortValue: (r) => r.gas_volume_mcf,
        cell: (r) => optional(r.gas_volume_mcf),
      },
      {
        id: 'runtime_hours',
        header: 'Runtime',
        unit: 'h',
        sortValue: (r) => r.runtime_hours,
        cell: (r) => optional(r.runtime_hours),
      },
      {
        id: 'source',
        header: 'Source',
        sortValue: (r) => r.source,
        cell: (r) => (
          <Group gap={6} wrap="nowrap">
            <span>{r.source}</span>
            <RowMark state={r._state} lost={lost.has(r.id)} />
          </Group>
        ),
      },
    ]
  }, [siteName, tags, lost])

  async function importFile(file: File) {
    const { rows, problems } = parseReadingsCsv(await file.text())
    const ctx = await services.writeContext(userId)
    const resolved: ResolvedRow[] = []
    for (const { line, values } of rows) {
      const target = sites.find((s) => s.code === values.site_code)
      if (!target) {
        problems.push({ line, message: `Unknown site code "${values.site_code}"` })
        continue
      }
      const unit = values.equipment_asset_tag
        ? equipment.find(
            (e) => e.asset_tag === values.equipment_asset_tag && e.site_id === target.id,
          )
        : undefined
      if (values.equipment_asset_tag && !unit) {
        problems.push({
          line,
          message: `No equipment with asset tag "${values.equipment_asset_tag}" at ${target.name}`,
        })
        continue
      }
      resolved.push({ line, siteId: target.id, equipmentId: unit?.id ?? null, values })
    }
    const collapsed = collapseDuplicates(resolved)
    problems.push(...collapsed.problems)
    let imported = 0
    for (const { line, siteId, equipmentId, values } of collapsed.rows) {
      const target = sites.find((s) => s.id === siteId)!
      const on = await sameSlotOnDevice(db, siteId, equipmentId, values.period_start, values.source)
      if (on) {
        problems.push({
          line,
          message: `This meter already has a reading starting then on this device (${on.energy_kwh.toLocaleString('en-US')} kWh): not imported; change it on its page`,
        })
        continue
      }
      try {
        await createRow(ctx, 'energy_production', {
          organization_id: target.organization_id,
          site_id: siteId,
          equipment_id: equipmentId,
          period_start: values.period_start,
          period_end: values.period_end,
          energy_kwh: values.energy_kwh,
          gas_volume_mcf: values.gas_volume_mcf,
          runtime_hours: values.runtime_hours,
          source: values.source as 'import',
          notes: values.notes,
        })
        imported++
      } catch (e) {
        problems.push({
          line,
          message:
            e instanceof ValidationError
              ? Object.entries(e.errors)
                  .map(([k, m]) => `${k}: ${m}`)
                  .join('; ')
              : String(e),
        })
      }
    }
    problems.sort((a, b) => a.line - b.line)
    setReport({ imported, problems })
    services.engine.localWriteHappened()
    if (imported > 0)
      notify.saved(
        online,
        `${imported.toLocaleString()} reading${imported === 1 ? '' : 's'} imported`,
      )
  }

  function exportCsv() {
    void filteredReadings(db, { site, from, to }).then((all) =>
      downloadFile(
        'energy-readings.csv',
        readingsToCsv(all, {
          siteCode: (id) => siteName.get(id)?.code ?? id,
          assetTag: (id) => tags.get(id)?.asset_tag ?? id,
          siteName: (id) => siteName.get(id)?.name ?? id,
          timeZone: (id) => siteName.get(id)?.timezone ?? 'UTC',
          meterName: (id) => (id ? (tags.get(id)?.name ?? id) : 'Site meter'),
          billingMeter: (id) => siteName.get(id)?.billing_meter_id ?? null,
          person: people.name,
        }),
        'text/csv',
      ),
    )
  }

  const filtered = Boolean(site || from || to)
  return (
    <section aria-labelledby="energy-title">
      <PageHeader
        title="Energy production"
        id="energy-title"
        description="Every reading on this laptop, newest first. Click a column to sort; open a reading to fix or delete it."
        actions={
          <>
            {site ? (
              <Button
                component="a"
                href={href('energy', 'entry', site)}
                leftSection={<IconBolt size={16} aria-hidden />}
              >
                Enter readings
              </Button>
            ) : null}
            <Button
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              onClick={exportCsv}
            >
              Export CSV ({matching.toLocaleString()})
            </Button>
            <FileButton
              accept=".csv,text/csv"
              resetRef={resetImport}
              onChange={(file) => {
                if (!file) return
                void importFile(file).finally(() => resetImport.current?.())
              }}
            >
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  leftSection={<IconUpload size={16} aria-hidden />}
                >
                  Import CSV
                </Button>
              )}
            </FileButton>
          </>
        }
      />
      <FilterBar>
        <RowFilter label="Site" all="All sites" rows={sites} value={site} onChange={setSite} />
        <DateRange from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </FilterBar>
      {report ? (
        <Alert
          role="status"
          mb="md"
          color={report.problems.length > 0 ? 'yellow' : 'teal'}
          icon={
            report.problems.length > 0 ? (
              <IconAlertTriangle size={18} aria-hidden />
            ) : (
              <IconCircleCheck size={18} aria-hidden />
            )
          }
          withCloseButton
          closeButtonLabel="Dismiss the import report"
          onClose={() => setReport(null)}
        >
          <Text size="sm" fw={600}>
            Imported {report.imported} reading{report.imported === 1 ? '' : 's'};{' '}
            {report.problems.length} row{report.problems.length === 1 ? '' : 's'} not imported.
          </Text>
          {report.problems.length > 0 ? (
            <List size="sm" mt={4} spacing={2}>
              {report.problems.map((p, i) => (
                <List.Item key={i}>
                  Line {p.line}: {p.message}
                </List.Item>
              ))}
            </List>
          ) : null}
        </Alert>
      ) : null}
      {site ? (
        <Paper withBorder p="md" mb="md">
          <EnergyChart siteId={site} days={365} />
        </Paper>
      ) : null}
      {readings && matching > readings.length ? (
        <Text role="status" size="sm" c="dimmed" mb="xs">
          Showing the newest {readings.length.toLocaleString()} of {matching.toLocaleString()}{' '}
          readings. Choose a site or dates to see older ones; Export CSV includes all of them.
        </Text>
      ) : null}
      {readings === undefined ? (
        <PageSkeleton rows={10} />
      ) : (
        <DataTable
          id="energy-readings"
          label="Energy readings"
          columns={columns}
          rows={readings}
          rowKey={(r) => r.id}
          rowProps={() => ({ 'data-testid': 'energy-row' })}
          initialSort={[{ id: 'period_start', desc: true }]}
          empty={
            <EmptyState title={filtered ? 'No readings match' : 'No readings on this laptop yet'}>
              {filtered
                ? 'Nothing in this site and these dates: clear a filter or widen the dates.'
                : 'Choose a site and “Enter readings”, or bring a file in with “Import CSV”.'}
            </EmptyState>
          }
        />
      )}
    </section>
  )
}
