/** Runs `fn` holding a named lock, or returns undefined at once if someone else holds it. */
export type TryLock = <T>(name: string, fn: () => Promise<T>) => Promise<T | undefined>

/**
 * Web Locks: one holder across every window and tab of the app's origin, so two windows
 * never push the same outbox at once. Falls back to a lock local to this page where the API
 * does not exist.
 */
export function createTryLock(
  locks: LockManager | undefined = globalThis.navigator?.locks,
): TryLock {
  if (locks) {
    return (name, fn) =>
      locks.request(name, { ifAvailable: true }, (lock) => (lock ? fn() : undefined))
  }
  const held = new Set<string>()
  return async (name, fn) => {
    if (held.has(name)) return undefined
    held.add(name)
    try {
      return await fn()
    } finally {
      held.delete(name)
    }
  }
}
