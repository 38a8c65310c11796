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

/** settings.json's secretBackend, in memory. */
function memoryRecord(initial: string | null = null) {
  let value = initial
  return {
    read: () => value,
    write: vi.fn((next: string | null) => {
      value = next
      return Promise.resolve()
    }),
  }
}

function store(
  safeStorage = fakeSafeStorage(),
  platform: NodeJS.Platform = 'linux',
  options: { record?: ReturnType<typeof memoryRecord>; confirm?: boolean } = {},
) {
  const log = { warn: vi.fn() }
  const record = options.record ?? memoryRecord()
  const confirmDiscard = vi.fn(() => Promise.resolve(options.confirm ?? true))
  const onStatus = vi.fn()
  const secrets = createSecretStore({
    safeStorage: fake<SafeStorage>(safeStorage),
    fs,
    dir: join(dir, 'secrets'),
    platform,
    backendRecord: record,
    confirmDiscard,
    onStatus,
    log,
  })
  return { secrets, log, safeStorage, record, confirmDiscard, onStatus }
}

async function corruptOnlyFile(): Promise<string> {
  const [file] = await readdir(join(dir, 'secrets'))
  const path = join(dir, 'secrets', file ?? '')
  await writeFile(path, 'garbage from another keychain')
  return path
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

  it('keeps a secret that does not decrypt, reports it locked, and reads it after a retry', async () => {
    const safeStorage = fakeSafeStorage()
    const { secrets, log, onStatus } = store(safeStorage)
    await secrets.setItem('k', 'v')
    const [file] = await readdir(join(dir, 'secrets'))
    const path = join(dir, 'secrets', file ?? '')
    const good = await readFile(path)
    // The keyring is locked: decryption fails for now.
    safeStorage.decryptStringAsync.mockRejectedValueOnce(new Error('keyring locked'))
    await expect(secrets.getItem('k')).resolves.toBeNull()
    await expect(readFile(path)).resolves.toEqual(good)
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('Keeping secret k'))
    await expect(secrets.status()).resolves.toMatchObject({ state: 'locked' })
    expect(onStatus).toHaveBeenLastCalledWith(expect.objectContaining({ state: 'locked' }))
    // Unlocked again: retry reads it, and the session comes back.
    await expect(secrets.retry()).resolves.toMatchObject({ state: 'ok' })
    expect(onStatus).toHaveBeenLastCalledWith(expect.objectContaining({ state: 'ok' }))
    await expect(secrets.getItem('k')).resolves.toBe('v')
  })

  it('never deletes an unreadable secret on its own, even across reads', async () => {
    const { secrets } = store()
    await secrets.setItem('k', 'v')
    const path = await corruptOnlyFile()
    await expect(secrets.getItem('k')).resolves.toBeNull()
    await expect(secrets.getItem('k')).resolves.toBeNull()
    await expect(secrets.retry()).resolves.toMatchObject({ state: 'locked' })
    await expect(readFile(path, 'utf8')).resolves.toBe('garbage from another keychain')
  })

  it('keeps the file when encryption is unavailable at start-up (macOS keychain denied)', async () => {
    const safeStorage = fakeSafeStorage()
    const { secrets } = store(safeStorage, 'darwin')
    await secrets.setItem('k', 'v')
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false)
    await expect(secrets.getItem('k')).resolves.toBeNull()
    await expect(secrets.status()).resolves.toMatchObject({
      state: 'locked',
      protection: 'unavailable',
    })
    await expect(readdir(join(dir, 'secrets'))).resolves.toHaveLength(1)
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(true)
    await expect(secrets.retry()).resolves.toMatchObject({ state: 'ok' })
  })

  it('discards only when the user confirms', async () => {
    const declined = store(fakeSafeStorage(), 'linux', { confirm: false })
    await declined.secrets.setItem('k', 'v')
    await corruptOnlyFile()
    await declined.secrets.getItem('k')
    await expect(declined.secrets.discard()).resolves.toMatchObject({ state: 'locked' })
    expect(declined.confirmDiscard).toHaveBeenCalledOnce()
    await expect(readdir(join(dir, 'secrets'))).resolves.toHaveLength(1)

    const accepted = store(fakeSafeStorage(), 'linux', { confirm: true })
    await accepted.secrets.getItem('k')
    await expect(accepted.secrets.discard()).resolves.toMatchObject({ state: 'ok' })
    await expect(readdir(join(dir, 'secrets'))).rejects.toThrow(/ENOENT/)
  })

  it('a new sign-in replaces a locked session', async () => {
    const { secrets } = store()
    await secrets.setItem('k', 'old')
    await corruptOnlyFile()
    await secrets.getItem('k')
    await expect(secrets.setItem('k', 'new')).resolves.toEqual({ ok: true })
    await expect(secrets.status()).resolves.toMatchObject({ state: 'ok' })
    await expect(secrets.getItem('k')).resolves.toBe('new')
  })
})

describe('createSecretStore keyring backends (Linux)', () => {
  it('records the backend the secrets were written with', async () => {
    const { secrets, record } = store(fakeSafeStorage({ backend: 'basic_text' }))
    await secrets.setItem('k', 'v')
    expect(record.read()).toBe('basic_text')
    await expect(secrets.status()).resolves.toEqual({
      state: 'ok',
      protection: 'basic-text',
      backend: 'basic_text',
      recordedBackend: 'basic_text',
    })
  })

  it('records the backend of secrets saved before it was recorded, once they decrypt', async () => {
    await store().secrets.setItem('k', 'v')
    const record = memoryRecord(null)
    record.write.mockClear()
    const { secrets } = store(fakeSafeStorage(), 'linux', { record })
    await expect(secrets.getItem('k')).resolves.toBe('v')
    expect(record.write).toHaveBeenCalledWith('gnome_libsecret')
  })

  it('refuses to switch backends silently: no decrypt, no overwrite, no delete', async () => {
    const keyring = store(fakeSafeStorage({ backend: 'gnome_libsecret' }))
    await keyring.secrets.setItem('k', 'v')
    const [file] = await readdir(join(dir, 'secrets'))
    const path = join(dir, 'secrets', file ?? '')
    const before = await readFile(path)

    // The keyring did not start this time: Chromium fell back to basic_text.
    const fallback = fakeSafeStorage({ backend: 'basic_text' })
    const { secrets, record, onStatus } = store(fallback, 'linux', { record: keyring.record })
    await expect(secrets.getItem('k')).resolves.toBeNull()
    expect(fallback.decryptStringAsync).not.toHaveBeenCalled()
    await expect(secrets.setItem('k', 'other')).resolves.toEqual({
      ok: false,
      reason: 'backend-changed',
    })
    await secrets.removeItem('k')
    expect(fallback.encryptStringAsync).not.toHaveBeenCalled()
    await expect(readFile(path)).resolves.toEqual(before)
    expect(record.read()).toBe('gnome_libsecret')
    const changed = {
      state: 'backend-changed',
      protection: 'basic-text',
      backend: 'basic_text',
      recordedBackend: 'gnome_libsecret',
    }
    await expect(secrets.status()).resolves.toEqual(changed)
    expect(onStatus).toHaveBeenCalledWith(changed)
    await expect(secrets.retry()).resolves.toMatchObject({ state: 'backend-changed' })

    // The user chooses to discard: the new backend is recorded and sign-in works again.
    await expect(secrets.discard()).resolves.toMatchObject({
      state: 'ok',
      recordedBackend: 'basic_text',
    })
    await expect(secrets.setItem('k', 'fresh')).resolves.toEqual({ ok: true })
    await expect(secrets.getItem('k')).resolves.toBe('fresh')
  })

  it('moves to a new backend freely when nothing is saved under the old one', async () => {
    const record = memoryRecord('kwallet5')
    const { secrets } = store(fakeSafeStorage({ backend: 'gnome_libsecret' }), 'linux', { record })
    await expect(secrets.status()).resolves.toMatchObject({ state: 'ok' })
    await expect(secrets.setItem('k', 'v')).resolves.toEqual({ ok: true })
    expect(record.read()).toBe('gnome_libsecret')
  })

  it('records no backend outside Linux', async () => {
    const { secrets, record } = store(fakeSafeStorage({ backend: 'unknown' }), 'win32')
    await secrets.setItem('k', 'v')
    expect(record.write).not.toHaveBeenCalled()
    await expect(secrets.status()).resolves.toMatchObject({ backend: null, recordedBackend: null })
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
