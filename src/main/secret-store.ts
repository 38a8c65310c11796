// The Supabase session (its refresh token is a long-lived credential) kept encrypted with
// safeStorage, one file per key in userData/secrets. The renderer never sees a key or a file,
// only get/set/remove by name, and a status it shows to the user.
//
// A saved session is never deleted because it does not decrypt right now: a locked keyring or a
// denied Keychain prompt would otherwise sign out a technician who is days into an offline
// stretch and cannot sign in again without a network. The file is kept, the status says
// `locked`, retry() tries again and only discard() (confirmed by the user) deletes it.
//
// On Linux without a keyring Chromium falls back to `basic_text`: a key compiled into every
// Chromium, so the file is obfuscated, not protected. We store anyway (the offline database in
// the same profile is no better protected, and being signed out offline is worse) and report it
// as `basic-text` so the renderer tells the user. The backend the secrets were written with is
// recorded in settings.json; when Linux later selects another backend (a keyring that stopped
// starting, a new desktop session), nothing is decrypted or overwritten until the user chooses,
// as Signal Desktop does: a silent switch would turn a keyring-protected sign-in into a
// basic_text one, or lose it.
import { join } from 'node:path'
import type { SafeStorage } from 'electron'
import type { SecretProtection, SecretStoreStatus, SecretWriteResult } from '../shared/ipc'
import type { FileSystem } from './files'
import { readFileOrNull, writeFileAtomic } from './files'

export type SafeStoragePort = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
>

/** Where the backend of the saved secrets is remembered (settings.json's `secretBackend`). */
export interface BackendRecord {
  read(): string | null
  write(backend: string | null): Promise<void>
}

export interface SecretStore {
  protection(): Promise<SecretProtection>
  status(): Promise<SecretStoreStatus>
  getItem(key: string): Promise<string | null>
  setItem(key: string, value: string): Promise<SecretWriteResult>
  removeItem(key: string): Promise<void>
  /** Decrypts every kept secret again; `ok` once all of them read. */
  retry(): Promise<SecretStoreStatus>
  /** Deletes every saved secret and records the current backend, if the user confirms. */
  discard(): Promise<SecretStoreStatus>
}

const FILE_SUFFIX = '.bin'

export function createSecretStore(options: {
  safeStorage: SafeStoragePort
  fs: FileSystem
  dir: string
  platform: NodeJS.Platform
  backendRecord: BackendRecord
  /** Asks the user before discard() deletes anything (a dialog of the main process). */
  confirmDiscard: () => Promise<boolean>
  onStatus?: (status: SecretStoreStatus) => void
  log: { warn(message: string): void }
}): SecretStore {
  const { safeStorage, fs, dir, platform, backendRecord, confirmDiscard, log } = options
  // base64url keeps any key a valid, reversible file name on every OS.
  const fileFor = (key: string): string =>
    join(dir, `${Buffer.from(key, 'utf8').toString('base64url')}${FILE_SUFFIX}`)

  /** Keys whose file exists but did not decrypt; kept, and tried again by retry(). */
  const locked = new Set<string>()
  let warnedBasicText = false
  let lastReported: string | null = null

  const currentBackend = (): string | null => {
    if (platform !== 'linux') return null
    const backend = safeStorage.getSelectedStorageBackend()
    return backend === 'unknown' ? null : backend
  }

  const protection = async (): Promise<SecretProtection> => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable'
    return currentBackend() === 'basic_text' ? 'basic-text' : 'os-keychain'
  }

  const hasSavedSecrets = async (): Promise<boolean> => {
    try {
      return (await fs.readdir(dir)).some((name) => name.endsWith(FILE_SUFFIX))
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === 'ENOENT') return false
      throw error
    }
  }

  /** Linux chose another backend than the one the saved secrets were written with. */
  const backendChanged = (): boolean => {
    const recorded = backendRecord.read()
    const current = currentBackend()
    return recorded !== null && current !== null && recorded !== current
  }

  const status = async (): Promise<SecretStoreStatus> => {
    const changed = backendChanged() && (await hasSavedSecrets())
    return {
      state: changed ? 'backend-changed' : locked.size > 0 ? 'locked' : 'ok',
      protection: await protection(),
      backend: currentBackend(),
      recordedBackend: backendRecord.read(),
    }
  }

  const report = async (): Promise<SecretStoreStatus> => {
    const next = await status()
    const text = JSON.stringify(next)
    if (text !== lastReported) {
      lastReported = text
      options.onStatus?.(next)
    }
    return next
  }

  const recordBackend = async (): Promise<void> => {
    const current = currentBackend()
    if (current !== null && backendRecord.read() !== current) await backendRecord.write(current)
  }

  const write = async (key: string, value: string): Promise<void> => {
    const encrypted = await safeStorage.encryptStringAsync(value)
    await writeFileAtomic(fs, fileFor(key), encrypted)
  }

  /** The secret, or null with the key marked locked (its file stays). */
  const decrypt = async (key: string, encrypted: Uint8Array): Promise<string | null> => {
    if ((await protection()) === 'unavailable') {
      log.warn(`Keeping secret ${key}: encryption is unavailable right now`)
      locked.add(key)
      return null
    }
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
        Buffer.from(encrypted),
      )
      locked.delete(key)
      // Secrets written before the backend was recorded: this backend reads them.
      await recordBackend()
      if (shouldReEncrypt) await write(key, result)
      return result
    } catch (error) {
      log.warn(`Keeping secret ${key}, which does not decrypt now: ${String(error)}`)
      locked.add(key)
      return null
    }
  }

  return {
    protection,
    status: report,

    async getItem(key) {
      const encrypted = await readFileOrNull(fs, fileFor(key))
      if (encrypted === null) {
        locked.delete(key)
        return null
      }
      if (backendChanged()) {
        log.warn(
          `Not reading ${key}: written with ${backendRecord.read()}, ` +
            `Linux now selects ${currentBackend()}`,
        )
        await report()
        return null
      }
      const value = await decrypt(key, encrypted)
      await report()
      return value
    },

    async setItem(key, value) {
      if (backendChanged() && (await hasSavedSecrets())) {
        log.warn(`Refused to overwrite ${key}: the keyring backend changed`)
        await report()
        return { ok: false, reason: 'backend-changed' }
      }
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
      // A new session replaces one that could not be read (the user signed in again).
      locked.delete(key)
      await recordBackend()
      await report()
      return { ok: true }
    },

    async removeItem(key) {
      if (backendChanged() && (await hasSavedSecrets())) {
        log.warn(`Kept ${key}: the keyring backend changed; only discarding deletes it`)
        return
      }
      await fs.rm(fileFor(key), { force: true })
      locked.delete(key)
      await report()
    },

    async retry() {
      if (!backendChanged()) {
        for (const key of [...locked]) {
          const encrypted = await readFileOrNull(fs, fileFor(key))
          if (encrypted === null) locked.delete(key)
          else await decrypt(key, encrypted)
        }
      }
      return report()
    },

    async discard() {
      if (!(await confirmDiscard())) return report()
      log.warn('Discarding the saved sign-in at the user’s request')
      await fs.rm(dir, { force: true, recursive: true })
      locked.clear()
      const current = currentBackend()
      await backendRecord.write(current)
      return report()
    },
  }
}
