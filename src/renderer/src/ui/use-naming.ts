import { useLiveQuery } from 'dexie-react-hooks'
import { useMemo } from 'react'
import { useServices } from '../app/context'
import type { Naming } from './record-names'

/** Site and unit names from this laptop's copy, for naming records (ui/record-names.ts). */
export function useNaming(): Naming {
  const { db } = useServices()
  const sites = useLiveQuery(() => db.sites.toArray(), [db], [])
  const equipment = useLiveQuery(() => db.equipment.toArray(), [db], [])
  return useMemo(
    () => ({
      sites: new Map(sites.map((s) => [s.id, s])),
      equipment: new Map(equipment.map((e) => [e.id, e])),
    }),
    [sites, equipment],
  )
}
