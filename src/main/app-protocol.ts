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
  /** fs.realpath: where a path really is once every symlink is followed. */
  realpath: (path: string) => Promise<string>
  contentSecurityPolicy: () => string
  log?: { warn(message: string): void }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR'
}

function isInside(root: string, file: string): boolean {
  return file.startsWith(root.endsWith(sep) ? root : root + sep)
}

/**
 * Every response, the page and each script, style, image, error and refusal alike, carries the
 * CSP and nosniff: a document can be any response the renderer navigates or frames, not only
 * index.html. A file is served only if its real path (symlinks followed) is inside the real
 * renderer folder, as Signal's protocol filter does: a symlink in out/renderer cannot lead out.
 */
export function createAppProtocolHandler({
  rendererDir,
  readFile,
  realpath,
  contentSecurityPolicy,
  log,
}: AppProtocolOptions): (request: Request) => Promise<Response> {
  const indexFile = resolve(rendererDir, 'index.html')
  let realRoot: Promise<string> | undefined

  const reply = (status: number, body: Uint8Array | null, contentType?: string): Response => {
    const headers = new Headers({
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
    })
    if (contentType !== undefined) headers.set('Content-Type', contentType)
    return new Response(body === null ? null : new Uint8Array(body), { status, headers })
  }

  /** The file's real path, or null when it is missing or lies outside the renderer folder. */
  const locate = async (file: string): Promise<string | null> => {
    realRoot ??= realpath(resolve(rendererDir))
    const root = await realRoot
    let real: string
    try {
      real = await realpath(file)
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
    if (isInside(root, real)) return real
    log?.warn(`Refused app:// request for ${file}: it resolves outside the renderer (${real})`)
    return null
  }

  const serve = async (file: string): Promise<Response | null> => {
    const real = await locate(file)
    if (real === null) return null
    try {
      const body = await readFile(real)
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
      return reply(200, body, type)
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, null)
    const file = resolveAppAsset(rendererDir, request.url)
    if (file === null) return reply(404, null)
    const served = await serve(file)
    if (served !== null) return served
    // A client-side route (no file extension) reloads into the single page app.
    if (extname(file) === '') return (await serve(indexFile)) ?? reply(404, null)
    return reply(404, null)
  }
}
