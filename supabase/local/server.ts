// The HTTP front: what Supabase's API gateway (Kong) does for the two services, i.e. routing
// /rest/v1 and /auth/v1, CORS, and reading bodies.
import http from 'node:http'
import type { AuthContext } from './auth/handler'
import { handleAuth } from './auth/handler'
import type { RestContext } from './rest/handler'
import { handleRest } from './rest/handler'

export interface ApiServerOptions {
  rest: RestContext
  auth: AuthContext
  log: (line: string) => void
  /** The project's anon and service-role keys: the gateway refuses requests without one. */
  apiKeys: readonly string[]
  /** Request bodies above this many bytes get 413. */
  maxBodyBytes?: number
}

interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

const EXPOSED_HEADERS = [
  'Content-Range',
  'Content-Location',
  'Location',
  'Preference-Applied',
  'Range-Unit',
  'X-Supabase-Api-Version',
].join(', ')

const ALLOWED_HEADERS = [
  'apikey',
  'authorization',
  'x-client-info',
  'content-type',
  'content-profile',
  'accept-profile',
  'prefer',
  'range',
  'range-unit',
  'x-supabase-api-version',
  'x-outpost-device',
].join(', ')

/** Any origin: the server listens on loopback by default and supabase-js sends no cookies. */
function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    ...(req.headers.origin ? { Vary: 'Origin' } : {}),
  }
}

function preflight(req: http.IncomingMessage): Reply {
  const requested = req.headers['access-control-request-headers']
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS',
      // Whatever the browser asks for, as Supabase's gateway allows; the list is the floor.
      'Access-Control-Allow-Headers': requested
        ? `${ALLOWED_HEADERS}, ${requested}`
        : ALLOWED_HEADERS,
      'Access-Control-Max-Age': '86400',
      Allow: 'GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS',
    },
    body: '',
  }
}

function normalizeHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLarge())
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
})

/** Auth routes the gateway leaves open (links in emails and OAuth redirects carry no key). */
const OPEN_AUTH_PATHS = new Set(['/verify', '/callback', '/authorize'])

/** Supabase's gateway (Kong key-auth) answers these before any service sees the request. */
function checkApiKey(
  headers: Record<string, string>,
  query: URLSearchParams,
  keys: readonly string[],
): Reply | null {
  const key = headers.apikey || query.get('apikey')
  if (!key)
    return json(401, {
      message: 'No API key found in request',
      hint: 'No `apikey` request header or url param was found.',
    })
  if (!keys.includes(key))
    return json(401, {
      message: 'Invalid API key',
      hint: 'Double check your Supabase `anon` or `service_role` API key.',
    })
  return null
}

async function dispatch(req: http.IncomingMessage, options: ApiServerOptions): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const method = (req.method ?? 'GET').toUpperCase()
  if (method === 'OPTIONS') return preflight(req)
  const service = /^\/(rest|auth)\/v1(\/.*)?$/.exec(url.pathname)
  if (!service) return json(404, { message: 'no Route matched with those values' })
  const headers = normalizeHeaders(req)
  const path = service[2] ?? '/'
  if (!(service[1] === 'auth' && OPEN_AUTH_PATHS.has(path))) {
    const refused = checkApiKey(headers, url.searchParams, options.apiKeys)
    if (refused) return refused
  }
  // The gateway consumes the key; PostgREST would read `apikey=` as a filter.
  url.searchParams.delete('apikey')
  const body = await readBody(req, options.maxBodyBytes ?? 20 * 1024 * 1024)
  const common = { method, path, query: url.searchParams, headers, body }
  if (service[1] === 'rest') return handleRest(common, options.rest)
  return handleAuth({ ...common, ip: req.socket.remoteAddress }, options.auth)
}

export function createApiServer(options: ApiServerOptions): http.Server {
  return http.createServer((req, res) => {
    const started = Date.now()
    dispatch(req, options)
      .catch((error: unknown): Reply => {
        if (error instanceof BodyTooLarge) return json(413, { message: 'Request body too large' })
        options.log(
          `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        )
        return json(500, { message: 'Internal server error' })
      })
      .then((reply) => {
        res.writeHead(reply.status, { ...corsHeaders(req), ...reply.headers })
        res.end(reply.body)
        options.log(
          `${req.method ?? ''} ${req.url ?? ''} ${reply.status} ${Date.now() - started}ms`,
        )
      })
      .catch((error: unknown) => {
        options.log(`could not answer ${req.url ?? ''}: ${String(error)}`)
        res.destroy()
      })
  })
}
