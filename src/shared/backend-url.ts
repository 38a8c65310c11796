// Which backend URLs the app accepts. The URL ends up inside the Content-Security-Policy header,
// so anything that could smuggle a directive (`;`, quotes, spaces, wildcards) must be refused
// here rather than escaped later: the URL parser keeps such characters in host names.

const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})*$`)
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/

/** A host name made only of DNS letters, digits, hyphens and dots (or a bracketed IPv6). */
export function isPlainHost(hostname: string): boolean {
  return HOSTNAME.test(hostname) || IPV6_LITERAL.test(hostname)
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname)
}

function parse(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/**
 * The backend URL in canonical form (origin plus path, no trailing slash), or null when it is
 * not acceptable: only https, or plain http to this computer (the local Supabase stack), and
 * never credentials, a query or a fragment.
 */
export function normalizeBackendUrl(value: string): string | null {
  const url = parse(value.trim())
  if (url === null) return null
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return null
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return null
  }
  if (!isPlainHost(url.hostname)) return null
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** The origins a renderer needs to reach the backend: REST over http(s), Realtime over ws(s). */
export function backendOrigins(value: string): { http: string; ws: string } | null {
  const normalized = normalizeBackendUrl(value)
  if (normalized === null) return null
  const { origin, protocol } = new URL(normalized)
  const wsProtocol = protocol === 'https:' ? 'wss:' : 'ws:'
  return { http: origin, ws: `${wsProtocol}${origin.slice(protocol.length)}` }
}
