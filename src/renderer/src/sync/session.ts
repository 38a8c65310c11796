import type { SupabaseClient } from '@supabase/supabase-js'
import { isAuthRetryableFetchError } from '@supabase/supabase-js'
import type { SessionSource } from './engine'
import { SyncError } from './remote'

/**
 * The engine's view of the supabase-js session. An access token that expired while offline
 * is refreshed here before any sync call (so no request goes out with the anon key by
 * accident); a refresh that fails for lack of a network keeps the stored session and is
 * retried later; a refresh the server refuses (revoked, reused) means: sign in again.
 */
export function createSupabaseSession(client: SupabaseClient): SessionSource {
  return {
    async currentUser() {
      const { data, error } = await client.auth.getSession()
      if (error) {
        if (isAuthRetryableFetchError(error)) {
          throw new SyncError('offline', 'No connection to renew your session')
        }
        return null
      }
      return data.session?.user.id ?? null
    },
  }
}
