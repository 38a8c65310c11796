// The wire format of business.sync_pull / sync_push / resolve_conflict (docs/sync-protocol.md).
// Responses are parsed with these schemas: a server that answers something else is an error
// the engine reports, never data it stores.
import { z } from 'zod'
import type { ClientWritableTable } from '../schema/tables'

export const MAX_PUSH_BATCH = 500
export const DEFAULT_PULL_LIMIT = 1000

export type MutationOp = 'insert' | 'update' | 'delete'
export type JsonObject = Record<string, unknown>

export interface Mutation {
  id: string
  table: ClientWritableTable
  op: MutationOp
  row_id: string
  base_updated_at: string | null
  data: JsonObject
  base: JsonObject
  changed_at: string
  device_id: string
}

/**
 * `retry`: a transient database error (deadlock, serialization failure, lock timeout) hit this
 * mutation; nothing changed and nothing was recorded, so the same mutation (same id) goes
 * again later. Never a reason to involve a person.
 */
export const PUSH_STATUSES = [
  'applied',
  'merged',
  'conflict',
  'rejected',
  'duplicate',
  'retry',
] as const
export type PushStatus = (typeof PUSH_STATUSES)[number]

const jsonObject = z.record(z.string(), z.unknown())

/**
 * Every code a refused or retried mutation can carry: the server's (business_private.reject,
 * error_code, the period-close trigger's hint) and the client's own for batches the server
 * cannot even read (too_large, invalid_value). docs/sync-protocol.md lists exactly these, and
 * tests hold the docs, the SQL and explainRejection to this list.
 */
export const PUSH_ERROR_CODES = [
  'invalid_mutation',
  'unknown_table',
  'unknown_field',
  'invalid_value',
  'too_large',
  'check_violation',
  'not_null_violation',
  'foreign_key_violation',
  'unique_violation',
  'forbidden',
  'not_found',
  'duplicate',
  'period_closed',
  'transient',
  'rejected',
] as const
export type PushErrorCode = (typeof PUSH_ERROR_CODES)[number]

export const pushErrorSchema = z.object({
  // A code from a newer server is still a refusal; its message says what happened.
  code: z.enum(PUSH_ERROR_CODES).catch('rejected'),
  message: z.string(),
  sqlstate: z.string().optional(),
})
export type PushError = z.infer<typeof pushErrorSchema>

export const pushResultSchema = z.object({
  id: z.string(),
  status: z.enum(PUSH_STATUSES),
  row: jsonObject.nullable(),
  conflict_id: z.string().nullable(),
  // The conflict row the server recorded, as a pull returns it (absent from older servers).
  conflict: jsonObject.nullable().optional(),
  error: pushErrorSchema.nullable(),
})
export type PushResult = z.infer<typeof pushResultSchema>

export const pushResponseSchema = z.object({
  results: z.array(pushResultSchema),
  server_time: z.string(),
})
export type PushResponse = z.infer<typeof pushResponseSchema>

/** Opaque to the client: stored as received and sent back unchanged. */
export type PullCursor = JsonObject

export const pullResponseSchema = z.object({
  changes: z.record(z.string(), z.array(jsonObject)),
  cursor: jsonObject,
  has_more: z.boolean(),
  server_time: z.string(),
  scope: z.object({ site_ids: z.array(z.string()) }),
  reset: z.boolean(),
})
export type PullResponse = z.infer<typeof pullResponseSchema>

/**
 * `changes.sync_moves` in a pull page: a row that moved to a site the caller cannot see (the
 * office re-filed a log, relocated equipment). The device drops its copy; these rows are
 * instructions, not data, and are never stored.
 */
export const SYNC_MOVES = 'sync_moves'
export const syncMoveSchema = z.object({
  id: z.string(),
  table_name: z.string(),
  row_id: z.string(),
  from_site_id: z.string().nullable().optional(),
  moved_at: z.string().nullable().optional(),
})
export type SyncMove = z.infer<typeof syncMoveSchema>
