// Serves the built renderer (out/renderer) at app://outpost/. A privileged standard scheme gives
// the renderer a real, stable origin (IndexedDB, Web Locks, fetch) without the extra powers
// Chromium grants file:// pages, which the GrantFileProtocolExtraPrivileges fuse turns off.
import { extname, resolve, sep } from 'node:path'
import { APP_HOST, APP_SCHEME } from './app-url'

export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  // Vite emits <script type="module" crossorigin>, which is fetched in CORS mode.
  corsEnabled: true,
  codeCache: true,
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * The file under rendererDir that an app:// URL names, or null for any other host, an
 * undecodable path, or a path that climbs out of rendererDir.
 */
export function resolveAppAsset(rendererDir: string, requestUrl: string): string | null {
  let url: URL
  let pathname: string
  try {
    url = new URL(requestUrl)
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  if (pathname.includes('\0')) return null
  const root = resolve(rendererDir)
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`)
  return file.startsWith(root + sep) ? file : null
}

export interface AppProtocolOptions {
  rendererDir: string
  readFile: (path: string) => Promise<Uint8Array>
  contentSecurityPolicy: () => string
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR'
}

export function createAppProtocolHandler({
  rendererDir,
  readFile,
  contentSecurityPolicy,
}: AppProtocolOptions): (request: Request) => Promise<Response> {
  const indexFile = resolve(rendererDir, 'index.html')

  const respond = async (file: string): Promise<Response> => {
    const body = await readFile(file)
    const extension = extname(file).toLowerCase()
    const headers = new Headers({
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
    })
    if (extension === '.html') headers.set('Content-Security-Policy', contentSecurityPolicy())
    return new Response(new Uint8Array(body), { status: 200, headers })
  }

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405 })
    }
    const file = resolveAppAsset(rendererDir, request.url)
    if (file === null) return new Response(null, { status: 404 })
    try {
      return await respond(file)
    } catch (error) {
      if (!isMissing(error)) throw error
      // A client-side route (no file extension) reloads into the single page app.
      if (extname(file) === '') return respond(indexFile)
      return new Response(null, { status: 404 })
    }
  }
}
