import type { RealtimeClientOptions, SupabaseClient, SupportedStorage } from '@supabase/supabase-js'
import { createClient } from '@supabase/supabase-js'
import type { LocalSupabase } from '../../../supabase/local/index'
import { DEMO_PASSWORD } from '../../support/demo'

/** Node 20 has no WebSocket; realtime is never used here, so any attempt is a test bug. */
class NoRealtime {
  constructor() {
    throw new Error('realtime is not part of the local Supabase')
  }
}

export function memoryStorage(): SupportedStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value)
    },
    removeItem: (key) => {
      items.delete(key)
    },
  }
}

export function client(
  server: Pick<LocalSupabase, 'url' | 'anonKey'>,
  options: { key?: string; storage?: SupportedStorage; headers?: Record<string, string> } = {},
): SupabaseClient {
  return createClient(server.url, options.key ?? server.anonKey, {
    auth: options.storage
      ? { persistSession: true, storage: options.storage, autoRefreshToken: false }
      : { persistSession: false, autoRefreshToken: false },
    realtime: { transport: NoRealtime as unknown as RealtimeClientOptions['transport'] },
    global: options.headers ? { headers: options.headers } : undefined,
  })
}

/** A client signed in as a demo user. */
export async function signedIn(
  server: Pick<LocalSupabase, 'url' | 'anonKey'>,
  email: string,
): Promise<SupabaseClient> {
  const sb = client(server)
  const { error } = await sb.auth.signInWithPassword({ email, password: DEMO_PASSWORD })
  if (error) throw error
  return sb
}

/** The access token of a signed-in client. */
export async function accessToken(sb: SupabaseClient): Promise<string> {
  const { data } = await sb.auth.getSession()
  if (!data.session) throw new Error('not signed in')
  return data.session.access_token
}

/** A raw request, for what supabase-js cannot send (forged tokens, Range headers, ...). */
export async function raw(
  server: Pick<LocalSupabase, 'url' | 'anonKey'>,
  path: string,
  init: RequestInit & { token?: string | null } = {},
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const headers = new Headers(init.headers)
  if (!headers.has('apikey')) headers.set('apikey', server.anonKey)
  if (init.token !== null && !headers.has('authorization'))
    headers.set('authorization', `Bearer ${init.token ?? server.anonKey}`)
  const res = await fetch(`${server.url}${path}`, { ...init, headers })
  const text = await res.text()
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}
