import { useCacheQuery } from '../../ui/use-cache-query'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { formatDateTime } from '../../ui/format'
import { DateRange, RowFilter } from '../../ui/Filters'
import { RowMark } from '../../ui/RowMark'
import { useLostRowIds } from '../conflicts/LostValues'
import { listEquipment, listMaintenance, listSites } from '../../store/queries'

export function MaintenanceList({ userId }: { userId: string }) {
  const { db } = useServices()
  const lost = useLostRowIds(userId, 'maintenance_logs')
  const [site, setSite] = useState('')
  const [equipment, setEquipment] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const units = useCacheQuery(
    async () => (site ? listEquipment(db, { siteId: site }) : []),
    [db, site],
    [],
  )
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
  const names = new Map(units.map((u) => [u.id, u.name]))
  return (
    <section aria-labelledby="maintenance-title">
      <h1 id="maintenance-title">Maintenance</h1>
      <a className="button button-primary" href={href('maintenance', 'new')}>
        New maintenance log
      </a>
      <div className="filters">
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
          rows={units}
          value={equipment}
          onChange={setEquipment}
          disabled={!site}
        />
        <DateRange from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </div>
      <ul className="list" aria-label="Maintenance logs">
        {logs.map((l) => (
          <li key={l.id} data-testid="maintenance-row">
            <a href={href('maintenance', l.id)}>{formatDateTime(l.performed_at)}</a> · {l.kind} ·{' '}
            {names.get(l.equipment_id) ?? ''} {l.summary}{' '}
            <RowMark state={l._state} lost={lost.has(l.id)} />
          </li>
        ))}
      </ul>
    </section>
  )
}
