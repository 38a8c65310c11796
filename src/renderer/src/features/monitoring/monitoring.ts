// Instance monitoring for admins (business.admin_* functions). Live figures only: there is no
// point in an offline copy of connection counts, so offline says so at once.
import { useCallback, useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import type { Database } from '../../../../shared/database.types'
import { serverProblemInWords, withTimeout } from '../../ui/server-cache'

type Fn = Database['business']['Functions']
export type SchemaSize = Fn['admin_schema_sizes']['Returns'][number]
export type Connections = Fn['admin_connections']['Returns'][number]
/** Generated types call every returned column non-null; a table never counted has NULL rows. */
export type TableRows = Omit<Fn['admin_table_rows']['Returns'][number], 'estimated_rows'> & {
  estimated_rows: number | null
}

export interface Monitoring {
  schemas: SchemaSize[]
  connections: Connections[]
  tables: TableRows[]
}

export interface MonitoringState {
  data: Monitoring | null
  fetchedAt: string | null
  status: 'loading' | 'fresh' | 'offline' | 'failed'
  problem: string | null
}

const TIMEOUT_MS = 8000

function inWords(message: string): string {
  if (/only an organization admin/i.test(message)) return 'only an organization admin may see this'
  return serverProblemInWords(message)
}

export function useMonitoring(): MonitoringState & { refresh: () => void } {
  const { supabase } = useServices()
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
        const business = supabase.schema('business')
        const [schemas, connections, tables] = await withTimeout(
          Promise.all([
            business.rpc('admin_schema_sizes'),
            business.rpc('admin_connections'),
            business.rpc('admin_table_rows'),
          ]),
          TIMEOUT_MS,
        )
        if (cancelled) return
        const error = schemas.error ?? connections.error ?? tables.error
        if (error) throw new Error(error.message)
        setState({
          data: {
            schemas: schemas.data ?? [],
            connections: connections.data ?? [],
            tables: tables.data ?? [],
          },
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
  }, [supabase, online, round])
  const refresh = useCallback(() => setRound((r) => r + 1), [])
  return { ...state, refresh }
}
