import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { electronBinary } from '../../electron/electron-binary'

let dir: string
let packageDir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-electron-bin-'))
  packageDir = join(dir, 'node_modules', 'electron')
  await mkdir(packageDir, { recursive: true })
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function executable(path: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, '#!/bin/sh\n')
  await chmod(path, 0o755)
}

describe('electronBinary (the smoke test’s choice of binary)', () => {
  it('is null when Electron was never downloaded and nothing overrides it', () => {
    expect(electronBinary({}, 'linux', packageDir)).toBeNull()
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH even though path.txt does not exist', async () => {
    const dist = join(dir, 'electron-v45-linux-x64')
    await executable(join(dist, 'electron'))
    expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux', packageDir)).toBe(
      join(dist, 'electron'),
    )
    const mac = join(dir, 'electron-v45-darwin-arm64')
    await executable(join(mac, 'Electron.app/Contents/MacOS/Electron'))
    expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: mac }, 'darwin', packageDir)).toBe(
      join(mac, 'Electron.app/Contents/MacOS/Electron'),
    )
  })

  it('is null when the override holds no executable', () => {
    expect(
      electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'empty') }, 'linux', packageDir),
    ).toBeNull()
  })

  it('uses the downloaded binary named by path.txt', async () => {
    await writeFile(join(packageDir, 'path.txt'), 'electron')
    expect(electronBinary({}, 'linux', packageDir)).toBeNull()
    await executable(join(packageDir, 'dist', 'electron'))
    expect(electronBinary({}, 'linux', packageDir)).toBe(join(packageDir, 'dist', 'electron'))
  })
})
