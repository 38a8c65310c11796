import { useCacheQuery } from '../../ui/use-cache-query'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { formatDateTime } from '../../ui/format'
import { RowMark } from '../../ui/RowMark'
import { EnergyChart } from '../energy/EnergyChart'
import { RecordHistory } from '../history/RecordHistory'
import { BillingMeter } from './BillingMeter'
import { locationSummary } from './SitesList'
import { getSite, listEquipment, listMaintenance } from '../../store/queries'

const OPEN_ISSUE_STATUSES = new Set(['degraded', 'down', 'maintenance'])

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
  if (site === undefined) return <p>Loading…</p>
  if (!site)
    return (
      <p role="alert">This site is not on this laptop. It may have been unassigned from you.</p>
    )
  const issues = equipment.filter((e) => OPEN_ISSUE_STATUSES.has(e.status))
  const unitName = new Map(equipment.map((e) => [e.id, e.name]))
  return (
    <section aria-labelledby="site-title">
      <h1 id="site-title">
        {site.name} <span className={`status status-${site.status}`}>{site.status}</span>{' '}
        <RowMark state={site._state} />
      </h1>
      <p>
        {site.code} · {locationSummary(site)} · {site.timezone}
      </p>
      <div className="actions">
        <a className="button" href={href('energy', 'entry', siteId)}>
          Enter readings
        </a>
        <a className="button" href={`${href('maintenance', 'new')}?site=${siteId}`}>
          Log maintenance
        </a>
      </div>
      <h2>Open issues</h2>
      {issues.length === 0 ? (
        <p>All equipment is operational.</p>
      ) : (
        <ul>
          {issues.map((e) => (
            <li key={e.id}>
              <a href={href('equipment', e.id)}>{e.name}</a>:{' '}
              <span className={`status status-${e.status}`}>{e.status}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Equipment</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Runtime h</th>
          </tr>
        </thead>
        <tbody>
          {equipment.map((e) => (
            <tr key={e.id}>
              <td>
                <a href={href('equipment', e.id)}>{e.name}</a> <RowMark state={e._state} />
              </td>
              <td>{e.kind}</td>
              <td>{e.status}</td>
              <td>{e.runtime_hours.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Recent maintenance</h2>
      <ul>
        {recent.map((l) => (
          <li key={l.id}>
            <a href={href('maintenance', l.id)}>{formatDateTime(l.performed_at)}</a> —{' '}
            {unitName.get(l.equipment_id) ?? 'equipment'}, {l.kind}: {l.summary}{' '}
            <RowMark state={l._state} />
          </li>
        ))}
      </ul>
      <BillingMeter site={site} units={equipment} canChoose={office} userId={userId} />
      <h2>Daily energy</h2>
      <EnergyChart siteId={siteId} days={90} />
      <RecordHistory table="sites" rowId={siteId} />
    </section>
  )
}
