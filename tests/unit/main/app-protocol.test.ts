import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createAppProtocolHandler, resolveAppAsset } from '../../../src/main/app-protocol'

let root: string
let rendererDir: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'outpost-protocol-'))
  rendererDir = join(root, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Outpost</title>')
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(root, 'secret.txt'), 'outside the renderer')
  await mkdir(join(root, 'elsewhere'))
  await writeFile(join(root, 'elsewhere', 'key.pem'), 'private key outside the renderer')
  // Symlinks inside the renderer folder: two lead out, one stays in.
  await symlink(join(root, 'secret.txt'), join(rendererDir, 'assets', 'leak.js'))
  await symlink(join(root, 'elsewhere'), join(rendererDir, 'linked-dir'))
  await symlink(join(rendererDir, 'assets', 'index-abc.js'), join(rendererDir, 'alias.js'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const CSP = "default-src 'self'"
const handler = (log = { warn: vi.fn() }) =>
  createAppProtocolHandler({
    rendererDir,
    readFile: (path) => readFile(path),
    realpath: (path) => realpath(path),
    contentSecurityPolicy: () => CSP,
    log,
  })

describe('resolveAppAsset', () => {
  it('maps app://outpost paths into the renderer folder', () => {
    expect(resolveAppAsset(rendererDir, 'app://outpost/')).toBe(join(rendererDir, 'index.html'))
    expect(resolveAppAsset(rendererDir, 'app://outpost/assets/index-abc.js?v=1')).toBe(
      join(rendererDir, 'assets', 'index-abc.js'),
    )
  })

  it.each([
    'app://outpost/../secret.txt',
    'app://outpost/%2e%2e/secret.txt',
    'app://outpost/assets/..%2f..%2fsecret.txt',
    'app://outpost/..%5csecret.txt',
    'app://outpost/%00index.html',
    'app://outpost/%E0%A4%A',
    'app://other/index.html',
    'app://outpost.evil/index.html',
    'https://outpost/index.html',
  ])('refuses %s', (url) => {
    const file = resolveAppAsset(rendererDir, url)
    expect(file === null || file.startsWith(rendererDir + '/')).toBe(true)
    expect(file).not.toBe(join(root, 'secret.txt'))
  })
})

describe('createAppProtocolHandler', () => {
  it('serves the page with its CSP and the right content types', async () => {
    const page = await handler()(new Request('app://outpost/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(await page.text()).toContain('<title>Outpost</title>')

    const script = await handler()(new Request('app://outpost/assets/index-abc.js'))
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it.each([
    ['app://outpost/assets/index-abc.js', 'GET', 200],
    ['app://outpost/sites/42', 'GET', 200],
    ['app://outpost/assets/gone.js', 'GET', 404],
    ['app://outpost/assets/leak.js', 'GET', 404],
    ['app://other/index.html', 'GET', 404],
    ['app://outpost/index.html', 'POST', 405],
  ])('sends the CSP with every response: %s %s → %i', async (url, method, status) => {
    const response = await handler()(new Request(url, { method }))
    expect(response.status).toBe(status)
    expect(response.headers.get('content-security-policy')).toBe(CSP)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('follows no symlink out of the renderer folder', async () => {
    const log = { warn: vi.fn() }
    const file = await handler(log)(new Request('app://outpost/assets/leak.js'))
    expect(file.status).toBe(404)
    expect(await file.text()).not.toContain('outside the renderer')
    const dir = await handler(log)(new Request('app://outpost/linked-dir/key.pem'))
    expect(dir.status).toBe(404)
    expect(await dir.text()).not.toContain('private key')
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('outside the renderer'))
  })

  it('serves a symlink that stays inside the renderer folder', async () => {
    const response = await handler()(new Request('app://outpost/alias.js'))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('console.log(1)')
  })

  it('works when the renderer folder itself is reached through a symlink', async () => {
    const linkedRoot = join(root, 'linked-renderer')
    await symlink(rendererDir, linkedRoot)
    const viaLink = createAppProtocolHandler({
      rendererDir: linkedRoot,
      readFile: (path) => readFile(path),
      realpath: (path) => realpath(path),
      contentSecurityPolicy: () => CSP,
    })
    expect((await viaLink(new Request('app://outpost/index.html'))).status).toBe(200)
    expect((await viaLink(new Request('app://outpost/assets/leak.js'))).status).toBe(404)
  })

  it('answers client-side routes with the page, missing assets with 404', async () => {
    const route = await handler()(new Request('app://outpost/sites/42'))
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('<title>Outpost</title>')
    expect((await handler()(new Request('app://outpost/assets/gone.js'))).status).toBe(404)
  })

  it('never serves files outside the renderer', async () => {
    const response = await handler()(new Request('app://outpost/%2e%2e/secret.txt'))
    expect(await response.text()).not.toContain('outside the renderer')
  })

  it('refuses anything but reads', async () => {
    const response = await handler()(new Request('app://outpost/index.html', { method: 'POST' }))
    expect(response.status).toBe(405)
  })
})
