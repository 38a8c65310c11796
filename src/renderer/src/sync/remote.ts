// The only place the sync engine meets the network: supabase-js calls to the sync functions.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { Database, Json } from '../../../shared/database.types'
import type { DataTable } from '../store/db'
import type {
  Mutation,
  PullCursor,
  PullResponse,
  PushResponse,
} from '../../../shared/sync/protocol'
import { pullResponseSchema, pushResponseSchema } from '../../../shared/sync/protocol'

/** Why a sync step failed, which decides what the engine does next. */
export type SyncErrorKind = 'offline' | 'server' | 'auth' | 'protocol'

export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'SyncError'
  }

  get retryable(): boolean {
    return this.kind === 'offline' || this.kind === 'server'
  }
}

export interface SyncRemote {
  pull(cursor: PullCursor | null, limit: number): Promise<PullResponse>
  push(mutations: Mutation[]): Promise<PushResponse>
  /** Rows of a table the user may see, for the first sync's progress bar. */
  count(table: DataTable): Promise<number>
}

interface PostgrestFailure {
  message: string
  code?: string
}

export function classify(status: number, error: PostgrestFailure): SyncError {
  if (status === 0 || /fetch|network|Failed to fetch|Load failed/i.test(error.message)) {
    return new SyncError('offline', 'No connection to the server', status)
  }
  if (status === 401 || error.code === 'PGRST301' || error.code === 'PGRST303') {
    return new SyncError('auth', 'Your session has ended; sign in again to sync', status)
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new SyncError(
      'server',
      `The server is not available (${status}): ${error.message}`,
      status,
    )
  }
  return new SyncError(
    'protocol',
    `The server refused the sync request (${status}): ${error.message}`,
    status,
  )
}

export function createSupabaseRemote(client: SupabaseClient<Database>): SyncRemote {
  const business = client.schema('business')
  return {
    async pull(cursor, limit) {
      const { data, error, status } = await business.rpc('sync_pull', {
        p_cursor: (cursor ?? null) as Json,
        p_limit: limit,
      })
      if (error) throw classify(status, error)
      const parsed = pullResponseSchema.safeParse(data)
      if (!parsed.success)
        throw new SyncError('protocol', 'The server sent an unexpected pull answer')
      return parsed.data
    },
    async push(mutations) {
      const { data, error, status } = await business.rpc('sync_push', {
        p_mutations: mutations as unknown as Json,
      })
      if (error) throw classify(status, error)
      const parsed = pushResponseSchema.safeParse(data)
      if (!parsed.success)
        throw new SyncError('protocol', 'The server sent an unexpected push answer')
      return parsed.data
    },
    async count(table) {
      const { count, error, status } = await business
        .from(table)
        .select('id', { count: 'exact', head: true })
      if (error) throw classify(status, error)
      return count ?? 0
    },
  }
}
