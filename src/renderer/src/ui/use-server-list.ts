import { useCallback, useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../app/context'
import type { Server } from '../net/server'
import { serverProblemInWords, writeCache } from './server-cache'

/**
 * A list an online-only screen edits on the server (custom fields, checklist templates): read
 * whenever the laptop is online and kept under `key` for the screens that read it offline;
 * `change` runs one server write and reads the list again, whatever the write's fate.
 */
export function useServerList<T>(key: string, fetch: (server: Server) => Promise<T[]>) {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const [items, setItems] = useState<T[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      const next = await fetch(server)
      writeCache(key, next)
      setItems(next)
      setError(null)
    } catch (e) {
      setError(serverProblemInWords(e instanceof Error ? e.message : String(e)))
    }
    // Callers pass a module-level `fetch`, so it never changes between renders.
  }, [server, key, fetch])
  useEffect(() => {
    if (online) void load()
  }, [online, load])

  /**
   * Runs `work` against the server. A refusal goes to `error` in words, unless `refused`
   * (given the server's message) shows it somewhere better and returns true.
   */
  async function change(
    work: (server: Server) => Promise<void>,
    refused?: (message: string) => boolean,
  ): Promise<void> {
    setBusy(true)
    try {
      await work(server)
      setError(null)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (!refused?.(message)) setError(serverProblemInWords(message))
    } finally {
      setBusy(false)
      await load()
    }
  }

  return { items, error, busy, online, change }
}
