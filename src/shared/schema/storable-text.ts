// Text that JavaScript and JSON allow but PostgreSQL's text and jsonb refuse: the NUL
// character (U+0000) and half of a UTF-16 surrogate pair. Both arrive by copy-paste from other
// programs or by a scanner; refused at entry so they never reach the outbox (a push holding one
// is refused by the server as a whole).

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value)
}

export const UNSTORABLE_TEXT_MESSAGE =
  'This text contains a hidden character that cannot be saved (often from copying and pasting). Delete it or type the text again.'

/**
 * Every string in a row, at any depth (a log's parts are objects in an array), that cannot be
 * stored, as field path → message (`notes`, `parts.0.name`).
 */
export function unstorableTextErrors(value: unknown, path: string[] = []): Record<string, string> {
  const key = path.length > 0 ? path.join('.') : '_row'
  if (typeof value === 'string')
    return isStorableText(value) ? {} : { [key]: UNSTORABLE_TEXT_MESSAGE }
  if (value === null || typeof value !== 'object') return {}
  const errors: Record<string, string> = {}
  for (const [k, v] of Object.entries(value)) {
    if (!isStorableText(k)) errors[key] ??= UNSTORABLE_TEXT_MESSAGE
    Object.assign(errors, unstorableTextErrors(v, [...path, k]))
  }
  return errors
}
