import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../app/context'
import type { Server } from '../net/server'
import { readCache, writeCache } from './server-cache'

/**
 * Server data a screen needs offline too (people's names, checklist templates): the copy kept
 * from the last fetch at once, fetched again whenever the laptop is online. A failed fetch
 * (offline, slow, refused) keeps the copy.
 */
export function useServerCopy<T>(key: string, fetch: (server: Server) => Promise<T>, none: T): T {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const [data, setData] = useState<T>(() => readCache<T>(key)?.data ?? none)
  useEffect(() => {
    if (!online) return
    let cancelled = false
    void (async () => {
      try {
        const next = await fetch(server)
        if (cancelled) return
        writeCache(key, next)
        setData(next)
      } catch {
        // The copy stays.
      }
    })()
    return () => {
      cancelled = true
    }
    // Callers pass a module-level `fetch`, so it never changes between renders.
  }, [server, online, key, fetch])
  return data
}
