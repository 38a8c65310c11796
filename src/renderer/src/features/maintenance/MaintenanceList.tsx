import { useLiveQuery } from 'dexie-react-hooks'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { formatDateTime } from '../../ui/format'
import { DateRange, RowFilter } from '../../ui/Filters'
import { RowMark } from '../../ui/RowMark'
import { useLostRowIds } from '../conflicts/LostValues'

export function MaintenanceList({ userId }: { userId: string }) {
  const { db } = useServices()
  const lost = useLostRowIds(userId, 'maintenance_logs')
  const [site, setSite] = useState('')
  const [equipment, setEquipment] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const sites = useLiveQuery(() => db.sites.toArray(), [db], [])
  const units = useLiveQuery(
    async () => (site ? db.equipment.where('site_id').equals(site).toArray() : []),
    [db, site],
    [],
  )
  const logs = useLiveQuery(
    async () => {
      const all = equipment
        ? await db.maintenance_logs.where('equipment_id').equals(equipment).toArray()
        : site
          ? await db.maintenance_logs.where('site_id').equals(site).toArray()
          : await db.maintenance_logs.orderBy('performed_at').reverse().limit(500).toArray()
      return all
        .filter(
          (l) =>
            !l.deleted_at &&
            (!from || l.performed_at >= from) &&
            (!to || l.performed_at <= `${to}T23:59:59`),
        )
        .sort((a, b) => b.performed_at.localeCompare(a.performed_at))
    },
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
