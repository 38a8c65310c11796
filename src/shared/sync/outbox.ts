import type { Mutation, PushError } from './protocol'

/**
 * pending: waiting to be pushed. sending: carried by a push whose answer has not arrived.
 * failed: rejected by the server; kept, with the reason, until the user fixes or discards it.
 */
export type OutboxState = 'pending' | 'sending' | 'failed'

export interface OutboxEntry extends Mutation {
  /** Local order (Dexie auto-increment); mutations are pushed in this order. */
  seq?: number
  /** The user who made the edit: an outbox is never pushed under another user's session. */
  user_id: string
  state: OutboxState
  attempts: number
  /**
   * Set once a push carried it. Its id is final from then on (a retry must resend exactly
   * it), so later edits of the row become a new mutation instead of coalescing into it.
   */
  sent: boolean
  error: PushError | null
  created_at: string
  /**
   * An insert whose id and values every device derives alike (a scheduled order and its
   * steps). It is sent exactly as derived; later edits follow it as updates.
   */
  derived?: true
}

/** What one local write asks the outbox to record. */
export type Edit = Pick<
  Mutation,
  'table' | 'op' | 'row_id' | 'base_updated_at' | 'data' | 'base' | 'changed_at'
> & { derived?: true }
