// The Supabase session (its refresh token is a long-lived credential) kept encrypted with
// safeStorage, one file per key in userData/secrets. The renderer never sees a key or a file,
// only get/set/remove by name.
//
// On Linux without a keyring Chromium falls back to `basic_text`: a key compiled into every
// Chromium, so the file is obfuscated, not protected. We accept it anyway and report it as
// `basic-text`: a technician offline for days who restarts the laptop would otherwise have to
// sign in again, which needs the network they do not have, and the same user can already read
// the offline database in the profile. Everywhere else, no encryption means nothing is stored.
import { join } from 'node:path'
import type { SafeStorage } from 'electron'
import type { SecretProtection, SecretWriteResult } from '../shared/ipc'
import type { FileSystem } from './files'
import { readFileOrNull, writeFileAtomic } from './files'

export type SafeStoragePort = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
>

export interface SecretStore {
  protection(): Promise<SecretProtection>
  getItem(key: string): Promise<string | null>
  setItem(key: string, value: string): Promise<SecretWriteResult>
  removeItem(key: string): Promise<void>
}

export function createSecretStore(options: {
  safeStorage: SafeStoragePort
  fs: FileSystem
  dir: string
  platform: NodeJS.Platform
  log: { warn(message: string): void }
}): SecretStore {
  const { safeStorage, fs, dir, platform, log } = options
  // base64url keeps any key a valid, reversible file name on every OS.
  const fileFor = (key: string): string =>
    join(dir, `${Buffer.from(key, 'utf8').toString('base64url')}.bin`)

  const protection = async (): Promise<SecretProtection> => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable'
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'basic-text'
    }
    return 'os-keychain'
  }

  let warnedBasicText = false

  const write = async (key: string, value: string): Promise<void> => {
    const encrypted = await safeStorage.encryptStringAsync(value)
    await writeFileAtomic(fs, fileFor(key), encrypted)
  }

  return {
    protection,

    async getItem(key) {
      const encrypted = await readFileOrNull(fs, fileFor(key))
      if (encrypted === null) return null
      if ((await protection()) === 'unavailable') return null
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
          Buffer.from(encrypted),
        )
        if (shouldReEncrypt) await write(key, result)
        return result
      } catch (error) {
        // A new OS user profile or a reset keychain: the old session cannot come back, so the
        // file goes and the user signs in again.
        log.warn(`Discarding unreadable secret ${key}: ${String(error)}`)
        await fs.rm(fileFor(key), { force: true })
        return null
      }
    },

    async setItem(key, value) {
      const level = await protection()
      if (level === 'unavailable') {
        log.warn(`Refused to store ${key}: no OS encryption available`)
        return { ok: false, reason: 'encryption-unavailable' }
      }
      if (level === 'basic-text' && !warnedBasicText) {
        warnedBasicText = true
        log.warn('No keyring: secrets are only obfuscated (Linux basic_text)')
      }
      await write(key, value)
      return { ok: true }
    },

    async removeItem(key) {
      await fs.rm(fileFor(key), { force: true })
    },
  }
}
