import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { createJsonFile, writeJsonFileSync } from '../../../src/main/files'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-files-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const schema = z.object({ updateChannel: z.enum(['stable', 'beta']) })

function file(name = 'settings.json') {
  const log = { warn: vi.fn() }
  return { json: createJsonFile({ fs, path: join(dir, 'nested', name), schema, log }), log }
}

describe('createJsonFile', () => {
  it('reads null before the first write, then what was written', async () => {
    const { json } = file()
    await expect(json.read()).resolves.toBeNull()
    await json.write({ updateChannel: 'beta' })
    await expect(json.read()).resolves.toEqual({ updateChannel: 'beta' })
  })

  it('replaces the file in one step and leaves no temporary files', async () => {
    const { json } = file()
    await json.write({ updateChannel: 'beta' })
    await json.write({ updateChannel: 'stable' })
    expect(await readdir(join(dir, 'nested'))).toEqual(['settings.json'])
    expect(JSON.parse(await readFile(join(dir, 'nested', 'settings.json'), 'utf8'))).toEqual({
      updateChannel: 'stable',
    })
  })

  it.each([
    ['half-written JSON', '{"updateChannel": "be'],
    ['a value outside the schema', '{"updateChannel": "nightly"}'],
  ])('treats %s as missing and says so in the log', async (_case, content) => {
    const { json, log } = file()
    await fs.mkdir(join(dir, 'nested'))
    await writeFile(join(dir, 'nested', 'settings.json'), content)
    await expect(json.read()).resolves.toBeNull()
    expect(log.warn).toHaveBeenCalled()
  })
})

describe('writeJsonFileSync', () => {
  it('writes a file that createJsonFile reads back, with nothing left over', async () => {
    const path = join(dir, 'nested', 'settings.json')
    writeJsonFileSync({ mkdirSync, writeFileSync, renameSync }, path, { updateChannel: 'beta' })
    await expect(file().json.read()).resolves.toEqual({ updateChannel: 'beta' })
    expect(await readdir(join(dir, 'nested'))).toEqual(['settings.json'])
  })
})
