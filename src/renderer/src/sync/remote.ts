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
import type { PushFailure, PushFailureKind } from '../../../shared/sync/push-failure'

/** Why a sync step failed, which decides what the engine does next. */
export type SyncErrorKind = PushFailureKind

/** A failed sync call; also the PushFailure the engine's failure policy reads. */
export class SyncError extends Error implements PushFailure {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
    /** The PostgreSQL SQLSTATE or PostgREST code of the answer, if it had one. */
    readonly code?: string,
    /** The server's own message, for the record of a parked mutation. */
    readonly serverMessage?: string,
  ) {
    super(message)
    this.name = 'SyncError'
  }
}

type SyncPushArgs = Database['business']['Functions']['sync_push']['Args']

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

/**
 * postgrest-js answers a failed call with `{ error, status }`: status 0 and a FetchError
 * message when no answer came, otherwise the HTTP status and PostgREST's error body
 * (`code` is the SQLSTATE for database errors, PGRSTnnn for PostgREST's own).
 */
export function classify(status: number, error: PostgrestFailure): SyncError {
  const code = error.code || undefined
  if (status === 0 || /fetch|network|Failed to fetch|Load failed/i.test(error.message)) {
    return new SyncError('offline', 'No connection to the server', status)
  }
  if (status === 401 || code === 'PGRST301' || code === 'PGRST303') {
    return new SyncError('auth', 'Your session has ended; sign in again to sync', status, code)
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new SyncError(
      'server',
      `The server is not available (${status}): ${error.message}`,
      status,
      code,
      error.message,
    )
  }
  return new SyncError(
    'protocol',
    `The server refused the sync request (${status}): ${error.message}`,
    status,
    code,
    error.message,
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
      // sync_push takes the request body as one unnamed json argument, so that PostgREST does
      // not parse it (a string PostgreSQL cannot store would fail the whole batch); the body
      // keeps the { p_mutations } shape every app version sends. The generated Args type
      // names such an argument "".
      const body = { p_mutations: mutations } as unknown as SyncPushArgs
      const { data, error, status } = await business.rpc('sync_push', body)
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
