export interface BackoffOptions {
  baseMs?: number
  maxMs?: number
  /** A number in [0, 1); injectable for tests. */
  random?: () => number
}

/**
 * Delay before retry number `attempt` (0 = first retry): exponential growth capped at maxMs,
 * with "equal jitter" (half the ceiling fixed, half random): devices that lost the link
 * together spread out, and none retries at once, as full jitter's zero delay would allow.
 */
export function retryDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = 1000, maxMs = 5 * 60_000, random = Math.random } = options
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
