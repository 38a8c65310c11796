// Where supabase-js keeps the session (`createClient(url, key, { auth: { storage } })`). In the
// desktop app the refresh token goes to main, which encrypts it with the OS keychain; in a
// browser it stays in localStorage as supabase-js would do by default.
import type { SupportedStorage } from '@supabase/supabase-js'
import type { OutpostBridge } from '../../../shared/ipc'
import { getBridge } from './bridge'

/** Thrown by setItem when this computer cannot encrypt secrets; sign-in fails with it. */
export class SecureStorageUnavailableError extends Error {
  constructor() {
    super(
      'This computer has no secure key storage, so Outpost cannot keep you signed in. ' +
        'Ask IT to enable the system keychain, then sign in again.',
    )
    this.name = 'SecureStorageUnavailableError'
  }
}

export function createAuthStorage(
  bridge: OutpostBridge | null = getBridge(),
  browserStorage: SupportedStorage = globalThis.localStorage,
): SupportedStorage {
  if (bridge === null) return browserStorage
  const { secrets } = bridge
  return {
    getItem: (key) => secrets.getItem(key),
    async setItem(key, value) {
      const result = await secrets.setItem(key, value)
      if (!result.ok) throw new SecureStorageUnavailableError()
    },
    removeItem: (key) => secrets.removeItem(key),
  }
}
