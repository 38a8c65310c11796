import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const handler = () =>
  createAppProtocolHandler({
    rendererDir,
    readFile: (path) => readFile(path),
    contentSecurityPolicy: () => "default-src 'self'",
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
