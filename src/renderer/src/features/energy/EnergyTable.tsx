import { useVirtualizer } from '@tanstack/react-virtual'
import { downloadFile } from '../../ui/download'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useRef, useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { createRow, ValidationError } from '../../store/writes'
import { formatDateTime } from '../../ui/format'
import { DateRange, RowFilter } from '../../ui/Filters'
import { usePeople } from '../../ui/people'
import { RowMark } from '../../ui/RowMark'
import { useLostRowIds } from '../conflicts/LostValues'
import type { ResolvedRow, RowProblem } from './csv'
import { collapseDuplicates, parseReadingsCsv, readingsToCsv } from './csv'
import { EnergyChart } from './EnergyChart'
import { countReadings, filteredReadings, sameSlotOnDevice } from './queries'
import { listEquipment, listSites } from '../../store/queries'

const ROW_HEIGHT = 40
/** Rows the live table holds; older ones are reached by narrowing the filter (export has them all). */
const TABLE_LIMIT = 5000

/** Every reading on the device, filtered, in a virtualised table (smooth at 100k rows). */
export function EnergyTable({ userId }: { userId: string }) {
  const services = useServices()
  const { db } = services
  const [site, setSite] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [report, setReport] = useState<{ imported: number; problems: RowProblem[] } | null>(null)
  const people = usePeople()
  const lost = useLostRowIds(userId, 'energy_production')
  const sites = useCacheQuery(() => listSites(db, { withDeleted: true }), [db], [])
  const equipment = useCacheQuery(() => listEquipment(db, { withDeleted: true }), [db], [])
  const readings = useCacheQuery(
    () => filteredReadings(db, { site, from, to }, TABLE_LIMIT),
    [db, site, from, to],
    [],
  )
  const matching = useCacheQuery(
    () => countReadings(db, { site, from, to }),
    [db, site, from, to],
    0,
  )
  const parent = useRef<HTMLDivElement>(null)
  const virtual = useVirtualizer({
    count: readings.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const siteName = new Map(sites.map((s) => [s.id, s]))
  const tags = new Map(equipment.map((e) => [e.id, e]))

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
  }

  return (
    <section aria-labelledby="energy-title">
      <h1 id="energy-title">Energy production</h1>
      <div className="filters">
        <RowFilter label="Site" all="All sites" rows={sites} value={site} onChange={setSite} />
        <DateRange from={from} to={to} onFrom={setFrom} onTo={setTo} />
        {site ? (
          <a className="button" href={href('energy', 'entry', site)}>
            Enter readings
          </a>
        ) : null}
        <button
          type="button"
          className="button"
          onClick={() =>
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
        >
          Export CSV ({matching.toLocaleString()})
        </button>
        <label className="button">
          Import CSV
          <input
            type="file"
            accept=".csv,text/csv"
            className="visually-hidden"
            onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
          />
        </label>
      </div>
      {report ? (
        <div role="status" className="import-report">
          <p>
            Imported {report.imported} reading{report.imported === 1 ? '' : 's'};{' '}
            {report.problems.length} row{report.problems.length === 1 ? '' : 's'} not imported.
          </p>
          {report.problems.length > 0 ? (
            <ul>
              {report.problems.map((p, i) => (
                <li key={i}>
                  Line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {site ? <EnergyChart siteId={site} days={365} /> : null}
      {matching > readings.length ? (
        <p role="status">
          Showing the newest {readings.length.toLocaleString()} of {matching.toLocaleString()}{' '}
          readings. Choose a site or dates to see older ones; Export CSV includes all of them.
        </p>
      ) : null}
      <div
        className="vtable"
        role="table"
        aria-label="Energy readings"
        aria-rowcount={readings.length}
      >
        <div role="row" className="vrow vhead">
          <span role="columnheader">Site</span>
          <span role="columnheader">Meter</span>
          <span role="columnheader">Period start</span>
          <span role="columnheader">kWh</span>
          <span role="columnheader">Gas mcf</span>
          <span role="columnheader">Runtime h</span>
          <span role="columnheader">Source</span>
        </div>
        <div ref={parent} className="vbody">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const r = readings[item.index]!
              return (
                <div
                  key={r.id}
                  role="row"
                  className="vrow"
                  data-testid="energy-row"
                  style={{
                    position: 'absolute',
                    top: 0,
                    transform: `translateY(${item.start}px)`,
                    height: ROW_HEIGHT,
                    width: '100%',
                  }}
                >
                  <span role="cell">{siteName.get(r.site_id)?.name ?? '—'}</span>
                  <span role="cell" data-testid="reading-meter">
                    {r.equipment_id ? (tags.get(r.equipment_id)?.name ?? 'a unit') : 'Site meter'}
                    {(r.equipment_id ?? null) ===
                    (siteName.get(r.site_id)?.billing_meter_id ?? null)
                      ? ' (billing)'
                      : ' (sub-meter)'}
                  </span>
                  <span role="cell">
                    <a href={href('energy', 'reading', r.id)}>{formatDateTime(r.period_start)}</a>
                  </span>
                  <span role="cell">{r.energy_kwh.toLocaleString()}</span>
                  <span role="cell">{r.gas_volume_mcf ?? '—'}</span>
                  <span role="cell">{r.runtime_hours ?? '—'}</span>
                  <span role="cell">
                    {r.source} <RowMark state={r._state} lost={lost.has(r.id)} />
                  </span>
                </div>
              )
            })}
          </div>
        </div>
      </div>
    </section>
  )
}
