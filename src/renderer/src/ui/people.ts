import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../app/context'
import { readCache, writeCache } from './server-cache'

export type PeopleNames = Record<string, string>

const KEY = 'people'

/**
 * Names of the people the signed-in user may see (profiles), for "entered by" and "closed
 * by". Fetched when online and kept for offline use; an unknown id reads "a user".
 */
export function usePeople(): {
  name: (id: string | null | undefined) => string
  /** Everyone whose name the device knows, by name (whom work can be assigned to). */
  known: () => { id: string; name: string }[]
} {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const [names, setNames] = useState<PeopleNames>(() => readCache<PeopleNames>(KEY)?.data ?? {})
  useEffect(() => {
    if (!online) return
    let cancelled = false
    void (async () => {
      try {
        const next = await server.people()
        if (cancelled) return
        writeCache(KEY, next)
        setNames(next)
      } catch {
        // Offline, slow or refused: the cached names stay.
      }
    })()
    return () => {
      cancelled = true
    }
  }, [server, online])
  return {
    name: (id) => (id ? (names[id] ?? 'a user') : '—'),
    known: () =>
      Object.entries(names)
        .map(([id, name]) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
  }
}
