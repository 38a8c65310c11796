// Go durations of hours, minutes and seconds, as config.toml ("1m0s") and Supabase Auth's
// ban_duration ("24h", "1h30m") write them. Pure.

export const GO_DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/

/** Seconds, or undefined when the text is not such a duration. */
export function goDurationSeconds(text: string): number | undefined {
  const m = GO_DURATION.exec(text)
  if (!m) return undefined
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)
}
