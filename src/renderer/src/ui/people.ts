import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../app/context'
import { readCache, withTimeout, writeCache } from './server-cache'

export type PeopleNames = Record<string, string>

const KEY = 'people'

/**
 * Names of the people the signed-in user may see (profiles), for "entered by" and "closed
 * by". Fetched when online and kept for offline use; an unknown id reads "a user".
 */
export function usePeople(): { name: (id: string | null | undefined) => string } {
  const { supabase } = useServices()
  const online = useSyncStatus((s) => s.online)
  const [names, setNames] = useState<PeopleNames>(() => readCache<PeopleNames>(KEY)?.data ?? {})
  useEffect(() => {
    if (!online) return
    let cancelled = false
    void (async () => {
      try {
        const { data, error } = await withTimeout(
          supabase.from('profiles').select('id, display_name, email'),
          8000,
        )
        if (cancelled || error || !data) return
        const next = Object.fromEntries(data.map((p) => [p.id, p.display_name ?? p.email ?? p.id]))
        writeCache(KEY, next)
        setNames(next)
      } catch {
        // Offline or slow: the cached names stay.
      }
    })()
    return () => {
      cancelled = true
    }
  }, [supabase, online])
  return { name: (id) => (id ? (names[id] ?? 'a user') : '—') }
}
