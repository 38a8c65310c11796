import { useCacheQuery } from '../../ui/use-cache-query'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { EQUIPMENT_KINDS, EQUIPMENT_STATUSES } from '../../../../shared/schema/tables'
import type { EquipmentStatus } from '../../../../shared/schema/tables'
import { updateRow } from '../../store/writes'
import { RowFilter } from '../../ui/Filters'
import { RowMark } from '../../ui/RowMark'
import { useLostRowIds } from '../conflicts/LostValues'
import { useWrite } from '../useWrite'
import { listConflicts, listEquipment, listSites } from '../../store/queries'

export function StatusButtons({
  id,
  status,
  userId,
}: {
  id: string
  status: EquipmentStatus
  userId: string
}) {
  const { run, error } = useWrite(userId)
  return (
    <div className="status-buttons" role="group" aria-label="Set status">
      {EQUIPMENT_STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          className={s === status ? `button status-${s} selected` : `button status-${s}`}
          aria-pressed={s === status}
          onClick={() => void run((ctx) => updateRow(ctx, 'equipment', id, { status: s }))}
        >
          {s}
        </button>
      ))}
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  )
}

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
  const siteName = new Map(sites.map((s) => [s.id, s.name]))
  return (
    <section aria-labelledby="equipment-title">
      <h1 id="equipment-title">Equipment</h1>
      <div className="filters">
        <RowFilter label="Site" all="All sites" rows={sites} value={site} onChange={setSite} />
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All kinds</option>
            {EQUIPMENT_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {EQUIPMENT_STATUSES.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Site</th>
            <th scope="col">Kind</th>
            <th scope="col">Serial / tag</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {equipment.map((e) => (
            <tr key={e.id} data-testid="equipment-row">
              <td>
                <a href={href('equipment', e.id)}>{e.name}</a>{' '}
                <RowMark
                  state={e._state}
                  conflict={conflicts.some((c) => c.row_id === e.id)}
                  lost={lost.has(e.id)}
                />
              </td>
              <td>{siteName.get(e.site_id) ?? '—'}</td>
              <td>{e.kind}</td>
              <td>
                {e.serial_number ?? '—'} / {e.asset_tag ?? '—'}
              </td>
              <td>
                <StatusButtons id={e.id} status={e.status} userId={userId} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
