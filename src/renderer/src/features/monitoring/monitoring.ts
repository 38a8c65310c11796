// Instance monitoring for admins (business.admin_* functions). Live figures only: there is no
// point in an offline copy of connection counts, so offline says so at once.
import { useCallback, useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import type { Monitoring } from '../../net/server'
import { serverProblemInWords } from '../../ui/server-cache'

export interface MonitoringState {
  data: Monitoring | null
  fetchedAt: string | null
  status: 'loading' | 'fresh' | 'offline' | 'failed'
  problem: string | null
}

function inWords(message: string): string {
  if (/only an organization admin/i.test(message)) return 'only an organization admin may see this'
  return serverProblemInWords(message)
}

export function useMonitoring(): MonitoringState & { refresh: () => void } {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const [round, setRound] = useState(0)
  const [state, setState] = useState<MonitoringState>({
    data: null,
    fetchedAt: null,
    status: online ? 'loading' : 'offline',
    problem: online ? null : 'This device is offline: monitoring reads the server live',
  })
  useEffect(() => {
    if (!online) {
      setState((s) => ({
        ...s,
        status: 'offline',
        problem: 'This device is offline: monitoring reads the server live',
      }))
      return
    }
    let cancelled = false
    setState((s) => ({ ...s, status: 'loading', problem: null }))
    void (async () => {
      try {
        const data = await server.monitoring()
        if (cancelled) return
        setState({
          data,
          fetchedAt: new Date().toISOString(),
          status: 'fresh',
          problem: null,
        })
      } catch (e) {
        if (cancelled) return
        setState((s) => ({
          ...s,
          status: 'failed',
          problem: inWords(e instanceof Error ? e.message : String(e)),
        }))
      }
    })()
    return () => {
      cancelled = true
    }
  }, [server, online, round])
  const refresh = useCallback(() => setRound((r) => r + 1), [])
  return { ...state, refresh }
}
