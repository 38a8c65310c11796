// An auth.users row in the JSON shape Supabase Auth sends and auth-js's `User` type reads.
// Pure.
import { createHash } from 'node:crypto'

export interface UserRow {
  id: string
  aud: string | null
  role: string | null
  email: string | null
  phone: string | null
  encrypted_password: string | null
  email_confirmed_at: Date | null
  phone_confirmed_at: Date | null
  confirmed_at: Date | null
  last_sign_in_at: Date | null
  raw_app_meta_data: Record<string, unknown> | null
  raw_user_meta_data: Record<string, unknown> | null
  created_at: Date | null
  updated_at: Date | null
  banned_until: Date | null
  is_anonymous: boolean
}

const iso = (d: Date | null): string | undefined => d?.toISOString()

/** A UUID derived from a name, so a synthesized identity keeps its id across requests. */
function stableUuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`
}

/**
 * Supabase Auth keeps identities in auth.identities; the stand-in schema has no such table,
 * so an email user's single identity is derived from the user row.
 */
function identities(user: UserRow): unknown[] {
  if (!user.email) return []
  return [
    {
      identity_id: stableUuid(`identity:email:${user.id}`),
      id: user.id,
      user_id: user.id,
      identity_data: {
        email: user.email,
        email_verified: user.email_confirmed_at !== null,
        phone_verified: false,
        sub: user.id,
      },
      provider: 'email',
      last_sign_in_at: iso(user.last_sign_in_at),
      created_at: iso(user.created_at),
      updated_at: iso(user.updated_at),
      email: user.email,
    },
  ]
}

/** Field order and omissions follow Supabase Auth's models.User JSON. */
export function userJson(user: UserRow): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: user.id,
    aud: user.aud ?? '',
    role: user.role ?? '',
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: user.phone ?? '',
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmed_at: iso(user.confirmed_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities(user),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    banned_until: iso(user.banned_until),
    is_anonymous: user.is_anonymous,
  }
  return Object.fromEntries(Object.entries(json).filter(([, v]) => v !== undefined))
}

export function isBanned(user: UserRow, now: Date): boolean {
  return user.banned_until !== null && user.banned_until > now
}
