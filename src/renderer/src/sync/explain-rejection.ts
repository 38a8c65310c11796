import type { PushError } from '../../../shared/sync/protocol'

/** Unsupported Unicode escape (NUL), invalid text/JSON (a lone surrogate), bad encoding. */
const UNSTORABLE = new Set(['22P05', '22P02', '22021'])

/**
 * A server rejection in words a technician can act on. Messages the database already writes
 * for people (a closed month) pass through; PostgreSQL's own wording does not.
 */
export function explainRejection(error: PushError | null): string {
  if (!error) return 'The server refused this edit without saying why.'
  switch (error.code) {
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
    case 'duplicate':
      return 'The same record already exists at a site you cannot see.'
    default:
      return `The server refused this edit (${error.code}): ${error.message}`
  }
}
