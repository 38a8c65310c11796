import type { PushError } from '../../../shared/sync/protocol'
import { pushErrorSchema } from '../../../shared/sync/protocol'

/** Unsupported Unicode escape (NUL), invalid text/JSON (a lone surrogate), bad encoding. */
const UNSTORABLE = new Set(['22P05', '22P02', '22021'])

/**
 * A server rejection in words a technician can act on. Messages the database already writes
 * for people (a closed month) pass through; PostgreSQL's own wording does not.
 */
export function explainRejection(error: PushError | null): string {
  if (!error) return 'The server refused this edit without saying why.'
  // Exhaustive: a code added to PUSH_ERROR_CODES does not compile until it has its words. The
  // code is read through the schema again because an outbox entry stored by an older version
  // may hold a code this one does not know; it reads as a plain refusal.
  switch (pushErrorSchema.shape.code.parse(error.code)) {
    case 'forbidden':
      return 'You may no longer change this record (for example, its site is not assigned to you any more).'
    case 'not_found':
      return 'This record is gone from the server or no longer assigned to you.'
    case 'period_closed':
    case 'too_large':
      return error.message
    case 'invalid_value':
      // Text PostgreSQL cannot store at all (NUL, half a surrogate pair, bad encoding),
      // queued by an app version that did not check it at entry.
      if (UNSTORABLE.has(error.sqlstate ?? ''))
        return 'This edit holds a hidden character the server cannot store (often from copying and pasting). Fix the text or discard the edit.'
      return `A value is not allowed by the server: ${error.message}`
    case 'check_violation':
    case 'not_null_violation':
      return `A value is not allowed by the server: ${error.message}`
    case 'foreign_key_violation':
      return 'It refers to something the server does not have (for example equipment that was removed).'
    case 'unique_violation':
      return `Another record already uses this value, and it must be unique: ${error.message}`
    case 'duplicate':
      return 'The same record already exists at a site you cannot see.'
    case 'unknown_field':
    case 'unknown_table':
    case 'invalid_mutation':
      return `This version of Outpost sent something the server does not accept; update the app, then fix or discard the edit. (Server: ${error.message})`
    case 'transient':
      return 'The server was busy; this edit is sent again automatically.'
    case 'rejected':
      return `The server refused this edit: ${error.message}`
  }
}
