// What the device last fetched from the server for screens that need it (invoices, credits,
// people's names), with the time it was fetched, so an offline screen shows that at once
// instead of waiting for a request that cannot succeed. Kept in localStorage: small, and
// only a copy (the server stays the source).

export interface Cached<T> {
  data: T
  fetchedAt: string
}

const PREFIX = 'outpost.server-cache.'

export function readCache<T>(key: string): Cached<T> | null {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key)
    return raw ? (JSON.parse(raw) as Cached<T>) : null
  } catch {
    return null
  }
}

export function writeCache<T>(key: string, data: T, now = new Date()): Cached<T> {
  const entry = { data, fetchedAt: now.toISOString() }
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(entry))
  } catch {
    // A full storage only costs the offline copy; the screen still has the fresh data.
  }
  return entry
}

/** Why the server could not be had, in words: a dead connection says so, not "Failed to fetch". */
export function serverProblemInWords(message: string): string {
  return /failed to fetch|network|load failed/i.test(message)
    ? 'the server cannot be reached'
    : message
}
