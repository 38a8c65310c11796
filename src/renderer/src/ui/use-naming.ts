import { useCacheQuery } from './use-cache-query'
import { useMemo } from 'react'
import { useServices } from '../app/context'
import type { Naming } from './record-names'
import { listEquipment, listSites } from '../store/queries'

/** Site and unit names from this laptop's copy, for naming records (ui/record-names.ts). */
export function useNaming(): Naming {
  const { db } = useServices()
  // Deleted records too: a conflict or a queued edit may name one.
  const sites = useCacheQuery(() => listSites(db, { withDeleted: true }), [db], [])
  const equipment = useCacheQuery(() => listEquipment(db, { withDeleted: true }), [db], [])
  return useMemo(
    () => ({
      sites: new Map(sites.map((s) => [s.id, s])),
      equipment: new Map(equipment.map((e) => [e.id, e])),
    }),
    [sites, equipment],
  )
}
