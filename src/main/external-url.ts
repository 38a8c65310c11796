// Links the app may hand to the system browser. shell.openExternal runs whatever handler the
// OS has for a scheme, so only ordinary web pages pass at all; and since a link can carry data
// out of the app around the CSP's connect-src (a token in a query string), only the links the
// app itself needs open straight away. Anything else is the user's call (security.ts asks).
import { backendOrigins, isPlainHost } from '../shared/backend-url'
import type { Question } from './ask-user'

const MAX_LENGTH = 2048

export function isSafeExternalUrl(value: string): boolean {
  if (value.length > MAX_LENGTH) return false
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false
  // user@host links are a classic way to disguise the real host.
  if (url.username !== '' || url.password !== '') return false
  // Internationalised names arrive as punycode; they are where lookalike hosts hide, and the
  // app links only to plain ASCII sites.
  if (url.hostname.split('.').some((label) => label.startsWith('xn--'))) return false
  return isPlainHost(url.hostname)
}

/** The app's own links: its documentation and release notes, hosted Supabase's dashboard. */
export const APP_LINKS: readonly { origin: string; pathPrefix: string }[] = [
  { origin: 'https://github.com', pathPrefix: '/tennetzero/outpost/' },
  { origin: 'https://supabase.com', pathPrefix: '/dashboard/' },
  { origin: 'https://supabase.com', pathPrefix: '/docs/' },
]

export type ExternalLinkDecision = 'open' | 'ask' | 'block'

/**
 * `open` for the app's own links and for pages of the configured backend (the renderer can
 * already reach that origin through connect-src, so a link there sends nothing new out),
 * `block` for anything isSafeExternalUrl refuses, `ask` for every other web page.
 */
export function externalLinkDecision(
  value: string,
  backendUrl: string | null,
): ExternalLinkDecision {
  if (!isSafeExternalUrl(value)) return 'block'
  const url = new URL(value)
  if (url.protocol !== 'https:') return 'ask'
  const own = APP_LINKS.some(
    ({ origin, pathPrefix }) => url.origin === origin && url.pathname.startsWith(pathPrefix),
  )
  if (own) return 'open'
  const backend = backendUrl === null ? null : backendOrigins(backendUrl)
  return backend !== null && url.origin === backend.http ? 'open' : 'ask'
}

export function openLinkQuestion(value: string): Question {
  const url = new URL(value)
  const shown = value.length > 300 ? `${value.slice(0, 300)}…` : value
  return {
    title: 'Open link',
    message: `Open a page of ${url.host} in your browser?`,
    detail:
      `${shown}\n\nThis is not one of Outpost's own links. Open it only if you expected it: ` +
      'a link can carry information from the app to that site.',
    confirm: 'Open in browser',
  }
}
