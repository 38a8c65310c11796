// Everything the screens use, created once per backend configuration.
import type { SupabaseClient } from '@supabase/supabase-js'
import { createClient } from '@supabase/supabase-js'
import type { Database } from '../../../shared/database.types'
import { correctedNow } from '../../../shared/sync/clock'
import { OutpostDB, deviceId, readSyncState } from '../store/db'
import type { WriteContext } from '../store/writes'
import type { SyncEngine } from '../sync/engine'
import { createSyncEngine } from '../sync/engine'
import type { Server } from '../net/server'
import { createServer } from '../net/server'
import { createSupabaseRemote } from '../sync/remote'
import { createSupabaseSession } from '../sync/session'
import type { SyncStore } from '../sync/state'
import { createSyncStore } from '../sync/state'
import type { BackendConfig } from './config'

/** Where supabase-js keeps the session (read back directly to open the app offline). */
export const AUTH_STORAGE_KEY = 'outpost-auth'

export interface Services {
  config: BackendConfig
  supabase: SupabaseClient<Database>
  /** The server calls screens make outside sync. */
  server: Server
  db: OutpostDB
  engine: SyncEngine
  syncStore: SyncStore
  /** The context for a local write by the signed-in user. */
  writeContext(userId: string): Promise<WriteContext>
}

export function createServices(
  config: BackendConfig,
  storage?: Storage | SupportedStorageLike,
): Services {
  const db = new OutpostDB('outpost')
  const supabase = createClient<Database>(config.url, config.anonKey, {
    auth: {
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
      storageKey: AUTH_STORAGE_KEY,
      storage,
    },
  })
  const syncStore = createSyncStore({ online: navigator.onLine })
  const engine = createSyncEngine({
    db,
    remote: createSupabaseRemote(supabase),
    session: createSupabaseSession(supabase),
    store: syncStore,
    onError: (error) => console.error('sync failed', error),
  })
  return {
    config,
    supabase,
    server: createServer(supabase),
    db,
    engine,
    syncStore,
    async writeContext(userId) {
      const offset = (await readSyncState(db)).clockOffsetMs
      return { db, userId, deviceId: await deviceId(db), now: () => correctedNow(offset) }
    },
  }
}

/** supabase-js's storage contract (getItem/setItem/removeItem, sync or async). */
export interface SupportedStorageLike {
  getItem(key: string): string | null | Promise<string | null>
  setItem(key: string, value: string): void | Promise<void>
  removeItem(key: string): void | Promise<void>
}
