// zod 4 probes `new Function` (a CSP violation under the app's policy) when the first z.object
// is constructed, unless z.config({ jitless: true }) ran before. ES modules evaluate their
// imports first, so the config has to be the renderer entry's first import, in a module that
// imports nothing but zod. Checked in a fresh Node process that counts `new Function` calls.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const entry = resolve(root, 'src/renderer/src/main.tsx')
const jitless = resolve(root, 'src/renderer/src/features/desktop/zod-jitless.ts')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-zod-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** `new Function` calls while importing `modules` in order and parsing with the IPC schemas. */
async function evalCalls(modules: string[]): Promise<number> {
  const script = join(dir, `probe-${modules.length}.mjs`)
  await writeFile(
    script,
    `let calls = 0
globalThis.Function = new Proxy(Function, {
  construct(target, args) { calls++; return Reflect.construct(target, args) },
})
for (const url of ${JSON.stringify(modules.map((m) => pathToFileURL(m).href))}) await import(url)
const ipc = await import(${JSON.stringify(pathToFileURL(resolve(root, 'src/shared/ipc.ts')).href)})
ipc.BackendConfigSchema.parse({ backendUrl: 'https://a.example', anonKey: 'k' })
ipc.SecretStoreStatusSchema.parse({ state: 'ok', protection: 'os-keychain', backend: null, recordedBackend: null })
console.log(JSON.stringify({ calls }))
`,
  )
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    encoding: 'utf8',
  })
  expect(result.status, result.stderr).toBe(0)
  return (JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { calls: number }).calls
}

describe('zod under the CSP', () => {
  it('probes eval when schemas are created before jitless is set (the bug)', async () => {
    expect(await evalCalls([])).toBeGreaterThan(0)
  })

  it('never calls new Function once the jitless module ran first', async () => {
    expect(await evalCalls([jitless])).toBe(0)
  })

  it('is the renderer entry’s first import, and imports nothing but zod', () => {
    const imports = [...readFileSync(entry, 'utf8').matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)]
    expect(imports[0]?.[1]).toBe('./features/desktop/zod-jitless')
    const own = [...readFileSync(jitless, 'utf8').matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)]
    expect(own.map((match) => match[1])).toEqual(['zod'])
    expect(readFileSync(jitless, 'utf8')).toContain('z.config({ jitless: true })')
  })

  it('leaves the preload without zod: it imports the contract for its types only', () => {
    for (const file of ['src/preload/index.ts', 'src/preload/bridge.ts']) {
      const source = readFileSync(resolve(root, file), 'utf8')
      for (const [line] of source.matchAll(/^import\b.*$/gm)) {
        if (line.includes('shared/') || line.includes("'zod'"))
          expect(line).toMatch(/^import type /)
      }
    }
  })
})
