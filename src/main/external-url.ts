// Links the app may hand to the system browser. shell.openExternal runs whatever handler the
// OS has for a scheme, so only ordinary web pages pass.
import { isPlainHost } from '../shared/backend-url'

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
