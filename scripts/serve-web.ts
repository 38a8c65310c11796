// Serves the web build of the renderer (out/web) with a config.json naming the backend: how
// `npm start` and the end-to-end tests run the app as a plain web page.
import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

export const WEB_DIR = path.resolve('out/web')

/** `vite build` of the renderer as a web page into out/web; throws when the build fails. */
export function buildWeb(): void {
  const build = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'],
    { stdio: 'inherit' },
  )
  if (build.status !== 0) throw new Error(`the web build failed (exit ${build.status})`)
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

export interface WebServer {
  url: string
  close(): Promise<void>
}

export async function serveWeb(options: {
  config: { url: string; anonKey: string }
  port?: number
  dir?: string
}): Promise<WebServer> {
  const dir = options.dir ?? WEB_DIR
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (pathname === '/config.json') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(options.config))
      return
    }
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname)
    if (!file.startsWith(dir)) {
      res.writeHead(403).end()
      return
    }
    readFile(file).then(
      (body) =>
        res
          .writeHead(200, {
            'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          })
          .end(body),
      () => res.writeHead(404).end('not found'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
