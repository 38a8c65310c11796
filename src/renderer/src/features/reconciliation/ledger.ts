import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import type { Ledger } from '../../net/server'
import { readCache, serverProblemInWords, writeCache } from '../../ui/server-cache'

export interface LedgerState {
  ledger: Ledger | null
  /** When `ledger` was fetched (it may be the device's last copy). */
  fetchedAt: string | null
  status: 'loading' | 'fresh' | 'offline' | 'failed'
  /** Why the server's copy could not be had, in words. */
  problem: string | null
}

/**
 * Invoices and carbon credits since a month. They live on the server only: offline, the
 * device's last copy is shown at once with its time, instead of "no invoice" while a request
 * that cannot succeed waits.
 */
export function useLedger(since: string): LedgerState {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const key = `ledger.${since}`
  const [state, setState] = useState<LedgerState>(() => initial(key, online))
  useEffect(() => {
    const cached = readCache<Ledger>(key)
    if (!online) {
      setState({
        ledger: cached?.data ?? null,
        fetchedAt: cached?.fetchedAt ?? null,
        status: 'offline',
        problem: 'This device is offline',
      })
      return
    }
    let cancelled = false
    setState({
      ledger: cached?.data ?? null,
      fetchedAt: cached?.fetchedAt ?? null,
      status: 'loading',
      problem: null,
    })
    void (async () => {
      try {
        const ledger = await server.ledger(since)
        if (cancelled) return
        const entry = writeCache<Ledger>(key, ledger)
        setState({ ledger: entry.data, fetchedAt: entry.fetchedAt, status: 'fresh', problem: null })
      } catch (e) {
        if (cancelled) return
        setState({
          ledger: cached?.data ?? null,
          fetchedAt: cached?.fetchedAt ?? null,
          status: 'failed',
          problem: serverProblemInWords(e instanceof Error ? e.message : String(e)),
        })
      }
    })()
    return () => {
      cancelled = true
    }
  }, [server, online, key, since])
  return state
}

function initial(key: string, online: boolean): LedgerState {
  const cached = readCache<Ledger>(key)
  return {
    ledger: cached?.data ?? null,
    fetchedAt: cached?.fetchedAt ?? null,
    status: online ? 'loading' : 'offline',
    problem: online ? null : 'This device is offline',
  }
}
