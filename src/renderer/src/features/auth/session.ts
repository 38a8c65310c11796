// Who is signed in. Offline with an expired access token the stored session still says who
// the user is, so the app opens straight into their cached data; syncing waits for a refresh.
import type { Session } from '@supabase/supabase-js'
import { useEffect, useState } from 'react'
import { useServices } from '../../app/context'
import { AUTH_STORAGE_KEY } from '../../app/services'
import type { MemberRole } from '../../../../shared/schema/tables'

export interface SignedInUser {
  id: string
  email: string
  /** Role per organization id, cached for offline use. */
  roles: Record<string, MemberRole>
}

export type SessionState =
  { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: SignedInUser }

function storedUser(raw: string | null): { id: string; email: string } | null {
  try {
    const parsed = JSON.parse(raw ?? 'null') as { user?: { id?: string; email?: string } } | null
    return parsed?.user?.id ? { id: parsed.user.id, email: parsed.user.email ?? '' } : null
  } catch {
    return null
  }
}

export function useSession(storage: {
  getItem(k: string): string | null | Promise<string | null>
}): SessionState {
  const { supabase, server, db } = useServices()
  const [state, setState] = useState<SessionState>({ status: 'loading' })

  useEffect(() => {
    let cancelled = false
    async function resolveUser(session: Session | null): Promise<void> {
      const base = session?.user
        ? { id: session.user.id, email: session.user.email ?? '' }
        : storedUser(await storage.getItem(AUTH_STORAGE_KEY))
      if (!base) {
        if (!cancelled) setState({ status: 'signed-out' })
        return
      }
      const cached = (await db.meta.get(`roles:${base.id}`))?.value as
        Record<string, MemberRole> | undefined
      if (!cancelled) setState({ status: 'signed-in', user: { ...base, roles: cached ?? {} } })
      if (!session) return
      // Offline or refused: the roles this device last knew stay.
      const roles = await server.memberRoles(base.id).catch(() => null)
      if (!roles || cancelled) return
      await db.meta.put({ key: `roles:${base.id}`, value: roles })
      setState({ status: 'signed-in', user: { ...base, roles } })
    }
    const { data: listener } = supabase.auth.onAuthStateChange((event, session) => {
      if (event === 'SIGNED_OUT') setState({ status: 'signed-out' })
      else if (event === 'INITIAL_SESSION' || event === 'SIGNED_IN') void resolveUser(session)
    })
    return () => {
      cancelled = true
      listener.subscription.unsubscribe()
    }
  }, [supabase, server, db, storage])

  return state
}

export function isAdmin(user: SignedInUser): boolean {
  return Object.values(user.roles).includes('admin')
}

export function isBackOffice(user: SignedInUser): boolean {
  return Object.values(user.roles).some((r) => r === 'admin' || r === 'office')
}
