/**
 * Offset to add to the device clock to get server time, from one request: the server's
 * reported time against the midpoint of the request on the device clock.
 */
export function measureOffset(sentAtMs: number, receivedAtMs: number, serverTime: string): number {
  const server = Date.parse(serverTime)
  if (Number.isNaN(server)) return 0
  return Math.round(server - (sentAtMs + receivedAtMs) / 2)
}

/** The device time corrected by the last measured offset, as an ISO string for changed_at. */
export function correctedNow(offsetMs: number, nowMs: number = Date.now()): string {
  return new Date(nowMs + offsetMs).toISOString()
}
