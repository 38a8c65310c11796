import type { SafeStorage } from 'electron'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSecretStore } from '../../../src/main/secret-store'
import { fake } from './fakes'

// Reversible but unreadable: every byte flipped, behind a marker that decryption requires.
const MARKER = Buffer.from('enc1')
const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0xa5))

function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  return {
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(options.available ?? true)),
    getSelectedStorageBackend: vi.fn(() => options.backend ?? 'gnome_libsecret'),
    encryptStringAsync: vi.fn((plain: string) =>
      Promise.resolve(Buffer.concat([MARKER, flip(Buffer.from(plain, 'utf8'))])),
    ),
    decryptStringAsync: vi.fn((encrypted: Buffer) => {
      if (!encrypted.subarray(0, MARKER.length).equals(MARKER)) {
        return Promise.reject(new Error('Error while decrypting the ciphertext'))
      }
      const result = flip(encrypted.subarray(MARKER.length)).toString('utf8')
      return Promise.resolve({ result, shouldReEncrypt: false })
    }),
  }
}

const SESSION = JSON.stringify({
  access_token: 'eyJhbGciOiJIUzI1NiJ9.access',
  refresh_token: 'refresh-token-very-secret',
  user: { email: 'tech@example.com' },
})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-secrets-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function store(safeStorage = fakeSafeStorage(), platform: NodeJS.Platform = 'linux') {
  const log = { warn: vi.fn() }
  const secrets = createSecretStore({
    safeStorage: fake<SafeStorage>(safeStorage),
    fs,
    dir: join(dir, 'secrets'),
    platform,
    log,
  })
  return { secrets, log, safeStorage }
}

async function allStoredBytes(): Promise<string> {
  const files = await readdir(join(dir, 'secrets'))
  const contents = await Promise.all(files.map((file) => readFile(join(dir, 'secrets', file))))
  return Buffer.concat(contents).toString('latin1') + files.join('\n')
}

describe('createSecretStore', () => {
  it('round-trips a session', async () => {
    const { secrets } = store()
    await expect(secrets.setItem('sb-127-auth-token', SESSION)).resolves.toEqual({ ok: true })
    await expect(secrets.getItem('sb-127-auth-token')).resolves.toBe(SESSION)
  })

  it('never writes the secret, or a readable key name, to disk', async () => {
    const { secrets } = store()
    await secrets.setItem('sb-127-auth-token', SESSION)
    const disk = await allStoredBytes()
    expect(disk).not.toContain('refresh-token-very-secret')
    expect(disk).not.toContain('tech@example.com')
    expect(disk).not.toContain('access_token')
    expect(disk).not.toContain('.tmp')
  })

  it('keeps files private to the user', async () => {
    const { secrets } = store()
    await secrets.setItem('k', 'v')
    const [file] = await readdir(join(dir, 'secrets'))
    const { mode } = await fs.stat(join(dir, 'secrets', file ?? ''))
    if (process.platform !== 'win32') expect(mode & 0o077).toBe(0)
  })

  it('answers null for unknown keys and forgets removed ones', async () => {
    const { secrets } = store()
    await expect(secrets.getItem('missing')).resolves.toBeNull()
    await secrets.setItem('k', 'v')
    await secrets.removeItem('k')
    await secrets.removeItem('k')
    await expect(secrets.getItem('k')).resolves.toBeNull()
  })

  it('keeps keys apart', async () => {
    const { secrets } = store()
    await secrets.setItem('sb-a-auth-token', 'a')
    await secrets.setItem('sb-a-auth-token-code-verifier', 'b')
    await expect(secrets.getItem('sb-a-auth-token')).resolves.toBe('a')
    await expect(secrets.getItem('sb-a-auth-token-code-verifier')).resolves.toBe('b')
  })

  it('refuses to store anything when encryption is unavailable', async () => {
    const { secrets, log } = store(fakeSafeStorage({ available: false }), 'win32')
    await expect(secrets.protection()).resolves.toBe('unavailable')
    await expect(secrets.setItem('sb-auth', SESSION)).resolves.toEqual({
      ok: false,
      reason: 'encryption-unavailable',
    })
    await expect(readdir(join(dir, 'secrets'))).rejects.toThrow(/ENOENT/)
    expect(log.warn).toHaveBeenCalled()
  })

  it('reports the OS keychain when one protects the key', async () => {
    await expect(store(fakeSafeStorage(), 'darwin').secrets.protection()).resolves.toBe(
      'os-keychain',
    )
    await expect(store(fakeSafeStorage(), 'linux').secrets.protection()).resolves.toBe(
      'os-keychain',
    )
  })

  it('stores on Linux without a keyring, flagged as basic-text and warned once', async () => {
    const { secrets, log } = store(fakeSafeStorage({ backend: 'basic_text' }), 'linux')
    await expect(secrets.protection()).resolves.toBe('basic-text')
    await secrets.setItem('k', 'v1')
    await secrets.setItem('k', 'v2')
    await expect(secrets.getItem('k')).resolves.toBe('v2')
    expect(log.warn).toHaveBeenCalledTimes(1)
  })

  it('drops a secret that can no longer be decrypted, so the user signs in again', async () => {
    const { secrets, log } = store()
    await secrets.setItem('k', 'v')
    const [file] = await readdir(join(dir, 'secrets'))
    await writeFile(join(dir, 'secrets', file ?? ''), 'garbage from another keychain')
    await expect(secrets.getItem('k')).resolves.toBeNull()
    await expect(readdir(join(dir, 'secrets'))).resolves.toEqual([])
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('Discarding'))
  })

  it('re-encrypts when safeStorage rotated its key', async () => {
    const safeStorage = fakeSafeStorage()
    const { secrets } = store(safeStorage)
    await secrets.setItem('k', 'v')
    safeStorage.decryptStringAsync.mockResolvedValueOnce({ result: 'v', shouldReEncrypt: true })
    await expect(secrets.getItem('k')).resolves.toBe('v')
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(2)
  })
})
