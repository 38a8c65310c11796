// supabase/config.toml is the one source of the local stack's settings, as it is for the
// Supabase CLI's: exposed schemas, row limit, sign-up, token lifetimes, site URL. Options given
// to startLocalSupabase (tests) override it.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'smol-toml'
import { z } from 'zod'
import { SUPABASE_DIR } from './database'
import { GO_DURATION, goDurationSeconds } from './duration'

/** Go durations as the CLI writes them ("1s", "1m0s", "2h"), in seconds. */
const duration = z
  .union([z.number(), z.string().regex(GO_DURATION)])
  .transform((v) => (typeof v === 'number' ? v : (goDurationSeconds(v) ?? 0)))

const configSchema = z.object({
  api: z.object({
    port: z.number().int().default(54321),
    schemas: z.array(z.string()).min(1),
    extra_search_path: z.array(z.string()).default(['public', 'extensions']),
    max_rows: z.number().int().positive().default(1000),
  }),
  db: z.object({ port: z.number().int().default(54322) }).default({ port: 54322 }),
  auth: z.object({
    site_url: z.string(),
    jwt_expiry: z.number().int().positive().default(3600),
    refresh_token_reuse_interval: z.number().int().nonnegative().default(10),
    enable_signup: z.boolean().default(true),
    enable_anonymous_sign_ins: z.boolean().default(false),
    additional_redirect_urls: z.array(z.string()).default([]),
    email: z
      .object({
        max_frequency: duration.default(60),
        otp_length: z.number().int().min(6).max(10).default(6),
        otp_expiry: z.number().int().positive().default(3600),
      })
      .default({ max_frequency: 60, otp_length: 6, otp_expiry: 3600 }),
  }),
})

export interface StackConfig {
  apiPort: number
  dbPort: number
  schemas: string[]
  extraSearchPath: string[]
  maxRows: number
  siteUrl: string
  jwtExpiry: number
  refreshTokenReuseInterval: number
  enableSignup: boolean
  enableAnonymousSignIns: boolean
  redirectUrls: string[]
  emailMaxFrequency: number
  otpLength: number
  otpExpiry: number
}

export const CONFIG_FILE = path.join(SUPABASE_DIR, 'config.toml')

/** Reads and checks config.toml; a setting it lacks gets the Supabase CLI's default. */
export function readStackConfig(file = CONFIG_FILE): StackConfig {
  const parsed = configSchema.safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  const { api, db, auth } = parsed.data
  return {
    apiPort: api.port,
    dbPort: db.port,
    schemas: api.schemas,
    extraSearchPath: api.extra_search_path,
    maxRows: api.max_rows,
    siteUrl: auth.site_url,
    jwtExpiry: auth.jwt_expiry,
    refreshTokenReuseInterval: auth.refresh_token_reuse_interval,
    enableSignup: auth.enable_signup,
    enableAnonymousSignIns: auth.enable_anonymous_sign_ins,
    redirectUrls: auth.additional_redirect_urls,
    emailMaxFrequency: auth.email.max_frequency,
    otpLength: auth.email.otp_length,
    otpExpiry: auth.email.otp_expiry,
  }
}
