import { useCacheQuery } from '../../ui/use-cache-query'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import { RowMark } from '../../ui/RowMark'
import type { LocalRowOf } from '../../store/db'
import { listConflicts, listSites } from '../../store/queries'

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

export function SitesList() {
  const { db } = useServices()
  const sites = useCacheQuery(() => listSites(db), [db])
  const conflicts = useCacheQuery(() => listConflicts(db, { open: true }), [db], [])
  if (!sites) return <p>Loading sites…</p>
  return (
    <section aria-labelledby="sites-title">
      <h1 id="sites-title">Sites</h1>
      {sites.length === 0 ? (
        <p>No sites on this laptop yet. Sync to bring your assigned sites.</p>
      ) : null}
      <ul className="cards" aria-label="Sites">
        {sites.map((site) => (
          <li key={site.id} className="card" data-testid="site-card">
            <a href={href('sites', site.id)} className="card-title">
              {site.name}
            </a>
            <span className={`status status-${site.status}`}>{site.status}</span>
            <RowMark state={site._state} conflict={conflicts.some((c) => c.row_id === site.id)} />
            <p className="muted">{site.code}</p>
            <p>{locationSummary(site)}</p>
          </li>
        ))}
      </ul>
    </section>
  )
}
