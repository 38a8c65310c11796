import { useLiveQuery } from 'dexie-react-hooks'
import { useEffect, useState } from 'react'
import { useSyncStatus } from '../app/context'
import { firstSyncRunning } from '../sync/state'

/** How often a screen refreshes while a first sync fills the cache. */
export const FIRST_SYNC_REFRESH_MS = 3000

const PAUSED = Symbol('paused')

/**
 * useLiveQuery, except while a first sync runs: then a live query would run again after every
 * page the sync commits (a 5,000-row readings query 30 times over), which doubled the sync
 * with a screen open. Meanwhile the screen refreshes every few seconds instead, and follows
 * the cache live again as soon as the sync ends.
 */
export function useCacheQuery<T>(querier: () => Promise<T> | T, deps: unknown[]): T | undefined
export function useCacheQuery<T, D>(
  querier: () => Promise<T> | T,
  deps: unknown[],
  initial: D,
): T | D
export function useCacheQuery<T, D>(
  querier: () => Promise<T> | T,
  deps: unknown[],
  initial?: D,
): T | D | undefined {
  const paused = useSyncStatus(firstSyncRunning)
  const [snapshot, setSnapshot] = useState<{ value: T } | null>(null)
  // Paused, the querier reads no table, so Dexie has nothing to watch and nothing to re-run.
  const live = useLiveQuery(
    async (): Promise<T | typeof PAUSED> => (paused ? PAUSED : await querier()),
    [...deps, paused],
  )
  useEffect(() => {
    if (!paused) return
    let cancelled = false
    const refresh = async () => {
      const value = await querier()
      if (!cancelled) setSnapshot({ value })
    }
    void refresh()
    const timer = setInterval(() => void refresh(), FIRST_SYNC_REFRESH_MS)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
    // The querier changes with every render; its inputs are the deps.
  }, [paused, ...deps])
  if (live !== undefined && live !== PAUSED) return live
  return snapshot ? snapshot.value : initial
}
