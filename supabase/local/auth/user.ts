// An auth.users row (with its auth.identities) in the JSON shape Supabase Auth sends and
// auth-js's `User` type reads. Pure.
import { AuthError } from './errors'

/**
 * Columns Supabase Auth reads into Go strings: a NULL in any of them makes every query that
 * loads the user fail (supabase/auth#1940), so rows written by SQL must hold '' instead.
 */
export const TOKEN_COLUMNS = [
  'confirmation_token',
  'recovery_token',
  'email_change_token_new',
  'email_change',
  'phone_change',
  'phone_change_token',
  'email_change_token_current',
  'reauthentication_token',
] as const

type TokenColumn = (typeof TOKEN_COLUMNS)[number]

export interface IdentityJson {
  identity_id: string
  id: string
  user_id: string
  identity_data: Record<string, unknown>
  provider: string
  last_sign_in_at: string | null
  created_at: string | null
  updated_at: string | null
  email: string | null
}

export type UserRow = {
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
  invited_at: Date | null
  confirmation_sent_at: Date | null
  recovery_sent_at: Date | null
  identities: IdentityJson[]
} & Record<TokenColumn, string>

/** The user as Supabase Auth can load it, or the error it answers when it cannot. */
export function readableUser(row: UserRow): UserRow {
  if (TOKEN_COLUMNS.some((c) => (row[c] as string | null) === null))
    throw new AuthError(500, 'unexpected_failure', 'Database error finding user')
  return row
}

const iso = (d: Date | null): string | undefined => d?.toISOString()
const isoText = (d: string | null): string | undefined =>
  d === null ? undefined : new Date(d).toISOString()

function identities(user: UserRow): unknown[] {
  return user.identities.map((i) => ({
    identity_id: i.identity_id,
    id: i.id,
    user_id: i.user_id,
    identity_data: i.identity_data,
    provider: i.provider,
    last_sign_in_at: isoText(i.last_sign_in_at),
    created_at: isoText(i.created_at),
    updated_at: isoText(i.updated_at),
    email: i.email ?? undefined,
  }))
}

/** Field order and omissions follow Supabase Auth's models.User JSON. */
export function userJson(user: UserRow): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: user.id,
    aud: user.aud ?? '',
    role: user.role ?? '',
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    invited_at: iso(user.invited_at),
    phone: user.phone ?? '',
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    recovery_sent_at: iso(user.recovery_sent_at),
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
