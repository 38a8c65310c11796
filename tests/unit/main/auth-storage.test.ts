import type { SupportedStorage } from '@supabase/supabase-js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createAuthStorage,
  SecureStorageUnavailableError,
} from '../../../src/renderer/src/platform/auth-storage'
import { getBridge } from '../../../src/renderer/src/platform/bridge'
import type { OutpostBridge, SecretWriteResult } from '../../../src/shared/ipc'
import { fake } from './fakes'

function bridgeWith(result: SecretWriteResult) {
  const secrets = {
    protection: vi.fn(),
    getItem: vi.fn((_key: string) => Promise.resolve('stored')),
    setItem: vi.fn((_key: string, _value: string) => Promise.resolve(result)),
    removeItem: vi.fn((_key: string) => Promise.resolve()),
  }
  return { bridge: fake<OutpostBridge>({ secrets }), secrets }
}

const unusedBrowserStorage = fake<SupportedStorage>({})

describe('createAuthStorage', () => {
  it('keeps the session in main through the bridge', async () => {
    const { bridge, secrets } = bridgeWith({ ok: true })
    const storage = createAuthStorage(bridge, unusedBrowserStorage)
    await expect(storage.getItem('sb-auth')).resolves.toBe('stored')
    await storage.setItem('sb-auth', '{"refresh_token":"r"}')
    await storage.removeItem('sb-auth')
    expect(secrets.setItem).toHaveBeenCalledWith('sb-auth', '{"refresh_token":"r"}')
    expect(secrets.removeItem).toHaveBeenCalledWith('sb-auth')
  })

  it('fails sign-in with a readable error when the session cannot be stored safely', async () => {
    const { bridge } = bridgeWith({ ok: false, reason: 'encryption-unavailable' })
    const storage = createAuthStorage(bridge, unusedBrowserStorage)
    const attempt = storage.setItem('sb-auth', 'session')
    await expect(attempt).rejects.toBeInstanceOf(SecureStorageUnavailableError)
    await expect(attempt).rejects.toThrow(/keychain/)
  })

  it('uses the browser storage when there is no desktop bridge', () => {
    const browserStorage = fake<SupportedStorage>({ getItem: vi.fn() })
    expect(createAuthStorage(null, browserStorage)).toBe(browserStorage)
  })
})

describe('getBridge', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('is null outside the desktop window', () => {
    expect(getBridge()).toBeNull()
    vi.stubGlobal('window', {})
    expect(getBridge()).toBeNull()
  })

  it('returns what the preload exposed', () => {
    const { bridge } = bridgeWith({ ok: true })
    vi.stubGlobal('window', { outpost: bridge })
    expect(getBridge()).toBe(bridge)
  })
})
