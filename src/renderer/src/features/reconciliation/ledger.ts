import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { readCache, serverProblemInWords, withTimeout, writeCache } from '../../ui/server-cache'
import type { CreditLike, InvoiceLike } from './reconcile'

export interface Ledger {
  invoices: InvoiceLike[]
  credits: CreditLike[]
}

export interface LedgerState {
  ledger: Ledger | null
  /** When `ledger` was fetched (it may be the device's last copy). */
  fetchedAt: string | null
  status: 'loading' | 'fresh' | 'offline' | 'failed'
  /** Why the server's copy could not be had, in words. */
  problem: string | null
}

const TIMEOUT_MS = 8000

/**
 * Invoices and carbon credits since a month. They live on the server only: offline, the
 * device's last copy is shown at once with its time, instead of "no invoice" while a request
 * that cannot succeed waits.
 */
export function useLedger(since: string): LedgerState {
  const { supabase } = useServices()
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
        const [inv, cr] = await withTimeout(
          Promise.all([
            supabase
              .schema('business')
              .from('invoices')
              .select(
                'site_id, invoice_number, period_start, energy_kwh, amount, currency, status, deleted_at',
              )
              .gte('period_start', since),
            supabase
              .schema('business')
              .from('carbon_credits')
              .select('site_id, period_start, methane_destroyed_mcf, credits_tco2e, deleted_at')
              .gte('period_start', since),
          ]),
          TIMEOUT_MS,
        )
        if (cancelled) return
        const error = inv.error ?? cr.error
        if (error) throw new Error(error.message)
        const entry = writeCache<Ledger>(key, { invoices: inv.data ?? [], credits: cr.data ?? [] })
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
  }, [supabase, online, key, since])
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
