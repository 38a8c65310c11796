// What the engine does when a whole sync_push call fails (no per-mutation results came back).
// Pure: the engine describes the failure and the batch size, this decides.
import type { PushError } from './protocol'

/** The same four kinds the remote reports (renderer/src/sync/remote.ts). */
export type PushFailureKind = 'offline' | 'server' | 'auth' | 'protocol'

export interface PushFailure {
  kind: PushFailureKind
  /** HTTP status; 0 or absent when no answer arrived. */
  status?: number
  /** PostgreSQL SQLSTATE or PostgREST code from the answer's body, when it had one. */
  code?: string
  message: string
  /** The server's own words, when it answered. */
  serverMessage?: string
}

export type PushFailureAction =
  /** Not about any one mutation (network, server down, session): the cycle fails and backs off. */
  | { kind: 'give_up' }
  /** Send the batch again as two halves; `shrink`: later batches are smaller too (a timeout). */
  | { kind: 'split'; shrink: boolean }
  /** This single mutation goes back to pending, skipped for the rest of the cycle, retried later. */
  | { kind: 'defer' }
  /** The server refuses this single mutation: it becomes failed with this reason. */
  | { kind: 'park'; error: PushError }

/** Hosted Supabase cancels a statement after 8 s: `query_canceled`. */
const STATEMENT_TIMEOUT = '57014'

/**
 * SQLSTATE classes that mean "PostgreSQL refuses a value in the argument": 22 data exception
 * (a NUL character 22P05, a lone surrogate 22P02, untranslatable characters 22021/22023…),
 * 54 program limit exceeded (a value too large for jsonb). Such a refusal is about the content
 * of some mutation, so isolating that mutation lets the rest through.
 */
const VALUE_CLASSES = new Set(['22', '54'])

function isSqlstate(code: string | undefined): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)
}

function refusesValue(failure: PushFailure): boolean {
  const status = failure.status ?? 0
  if (status === 413) return true
  return (
    status >= 400 &&
    status < 500 &&
    isSqlstate(failure.code) &&
    VALUE_CLASSES.has(failure.code.slice(0, 2))
  )
}

function refusalError(failure: PushFailure): PushError {
  const sqlstate = isSqlstate(failure.code) ? failure.code : undefined
  if (failure.status === 413 || sqlstate?.startsWith('54')) {
    return {
      code: 'too_large',
      message:
        'This change is too large for the server to accept. Shorten the text or remove parts, or discard the change.',
      ...(sqlstate ? { sqlstate } : {}),
    }
  }
  return {
    code: 'invalid_value',
    message: `This change holds a character the server cannot store (such as an invisible control character from a copy-paste). Edit the record to remove it, or discard the change. (Server: ${failure.serverMessage ?? failure.message})`,
    ...(sqlstate ? { sqlstate } : {}),
  }
}

/**
 * A batch the server refuses for a value, or cancels for taking too long, is bisected until
 * the mutation responsible stands alone: a refused one is parked for a person with the
 * reason, a slow one waits for a later cycle. Everything else (no connection, 5xx, a 4xx no
 * single mutation explains, such as a missing function after a bad deploy) fails the cycle
 * as before: parking every mutation for a server-wide fault would bury the user in failures.
 */
export function decidePushFailure(failure: PushFailure, batchSize: number): PushFailureAction {
  if (failure.kind === 'offline' || failure.kind === 'auth') return { kind: 'give_up' }
  if (failure.code === STATEMENT_TIMEOUT) {
    return batchSize > 1 ? { kind: 'split', shrink: true } : { kind: 'defer' }
  }
  if (refusesValue(failure)) {
    return batchSize > 1
      ? { kind: 'split', shrink: false }
      : { kind: 'park', error: refusalError(failure) }
  }
  return { kind: 'give_up' }
}
