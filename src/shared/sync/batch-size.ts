// How many mutations the next sync_push carries. Pure state, advanced by the engine after
// each call.
//
// A batch that fails as a whole for one of its mutations is bisected: its halves go next, one
// after the other (in outbox order, so an entry never overtakes one it depends on), and a
// half that fails again is halved again, until the culprit is a batch of one. A batch that
// timed out also lowers the ceiling for later batches (hosted Supabase stops a statement after
// 8 s, and the size that hit it will hit it again); the ceiling doubles back after a few
// batches in a row go through.

export interface BatchSizing {
  /** The protocol's maximum (500). */
  max: number
  /** The current ceiling: lowered by timeouts, raised again by successes. */
  limit: number
  /** Sizes of the pieces of a split batch still to send, next first. */
  pieces: number[]
  /** Batches in a row that went through since the ceiling last changed. */
  streak: number
}

/** Successful batches in a row before the ceiling doubles. */
export const GROW_AFTER = 3

export function initialSizing(max: number): BatchSizing {
  return { max, limit: max, pieces: [], streak: 0 }
}

export function nextBatchSize(s: BatchSizing): number {
  return Math.min(s.pieces[0] ?? s.limit, s.limit)
}

/** The batch just sent is settled (results applied, or its single mutation parked/deferred). */
export function afterSettled(s: BatchSizing): BatchSizing {
  const streak = s.streak + 1
  const grow = s.limit < s.max && streak >= GROW_AFTER
  return {
    ...s,
    pieces: s.pieces.slice(1),
    limit: grow ? Math.min(s.max, s.limit * 2) : s.limit,
    streak: grow ? 0 : streak,
  }
}

/** The batch of `size` (> 1) just sent must go again as two halves. */
export function afterSplit(s: BatchSizing, size: number, shrink: boolean): BatchSizing {
  const first = Math.ceil(size / 2)
  const halves = [first, size - first].filter((n) => n > 0)
  return {
    ...s,
    pieces: [...halves, ...s.pieces.slice(1)],
    limit: shrink ? Math.max(1, first) : s.limit,
    streak: shrink ? 0 : s.streak,
  }
}

/** A new cycle: forget pieces of a split the previous cycle did not finish; keep the ceiling. */
export function newCycle(s: BatchSizing): BatchSizing {
  return { ...s, pieces: [] }
}
