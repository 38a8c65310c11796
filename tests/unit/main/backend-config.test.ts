import { describe, expect, it, vi } from 'vitest'
import {
  changesBackendOrigin,
  defaultBackendConfig,
  LOCAL_BACKEND_URL,
  loadBackendConfig,
  newBackendQuestion,
} from '../../../src/main/backend-config'
import type { JsonFile } from '../../../src/main/files'
import { backendOrigins, normalizeBackendUrl } from '../../../src/shared/backend-url'
import type { BackendConfig } from '../../../src/shared/ipc'
import { BackendConfigSchema } from '../../../src/shared/ipc'

function memoryFile(
  initial: BackendConfig | null,
): JsonFile<BackendConfig> & { saved: BackendConfig[] } {
  const saved: BackendConfig[] = []
  return {
    saved,
    read: () => Promise.resolve(initial),
    write: vi.fn((value: BackendConfig) => {
      saved.push(value)
      return Promise.resolve()
    }),
  }
}

describe('defaultBackendConfig', () => {
  it('starts from the local Supabase stack', () => {
    expect(defaultBackendConfig({})).toEqual({ backendUrl: LOCAL_BACKEND_URL, anonKey: '' })
  })

  it('takes the build-time values when present', () => {
    expect(
      defaultBackendConfig({
        VITE_SUPABASE_URL: 'https://abc.supabase.co/',
        VITE_SUPABASE_ANON_KEY: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
      }),
    ).toEqual({ backendUrl: 'https://abc.supabase.co', anonKey: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' })
  })

  it('falls back to the local stack when the build values are unusable', () => {
    expect(defaultBackendConfig({ VITE_SUPABASE_URL: 'http://prod.example.com' })).toEqual({
      backendUrl: LOCAL_BACKEND_URL,
      anonKey: '',
    })
  })
})

const yes = () => Promise.resolve(true)

describe('loadBackendConfig', () => {
  const defaults = { backendUrl: LOCAL_BACKEND_URL, anonKey: 'local' }

  it('prefers the saved config over the defaults', async () => {
    const saved = { backendUrl: 'https://site.example', anonKey: 'k' }
    expect((await loadBackendConfig(memoryFile(saved), defaults, yes)).current()).toEqual(saved)
    expect((await loadBackendConfig(memoryFile(null), defaults, yes)).current()).toEqual(defaults)
  })

  it('saves, and answers the saved config from then on', async () => {
    const file = memoryFile(null)
    const store = await loadBackendConfig(file, defaults, yes)
    const next = { backendUrl: 'https://site.example', anonKey: 'k' }
    await expect(store.save(next)).resolves.toEqual(next)
    expect(store.current()).toEqual(next)
    expect(file.saved).toEqual([next])
  })

  it('saves a new backend address only when the user confirms it', async () => {
    const file = memoryFile(null)
    const confirm = vi.fn(() => Promise.resolve(false))
    const store = await loadBackendConfig(file, defaults, confirm)
    const evil = { backendUrl: 'https://collector.evil.example', anonKey: 'k' }
    await expect(store.save(evil)).resolves.toEqual(defaults)
    expect(confirm).toHaveBeenCalledWith(evil, defaults)
    expect(store.current()).toEqual(defaults)
    expect(file.saved).toEqual([])

    confirm.mockResolvedValueOnce(true)
    await expect(store.save(evil)).resolves.toEqual(evil)
    expect(file.saved).toEqual([evil])
  })

  it('does not ask again for the same origin (a new anon key, a path)', async () => {
    const file = memoryFile({ backendUrl: 'https://site.example', anonKey: 'old' })
    const confirm = vi.fn(() => Promise.resolve(false))
    const store = await loadBackendConfig(file, defaults, confirm)
    const next = { backendUrl: 'https://site.example/api', anonKey: 'new' }
    await expect(store.save(next)).resolves.toEqual(next)
    expect(confirm).not.toHaveBeenCalled()
  })

  it('compares origins as the CSP sees them', () => {
    const at = (backendUrl: string) => ({ backendUrl, anonKey: '' })
    expect(changesBackendOrigin(at('https://a.example'), at('https://a.example/x'))).toBe(false)
    expect(changesBackendOrigin(at('https://a.example'), at('https://b.example'))).toBe(true)
    expect(changesBackendOrigin(at('https://a.example'), at('https://a.example:8443'))).toBe(true)
    expect(changesBackendOrigin(at('http://127.0.0.1:54321'), at('http://localhost:54321'))).toBe(
      true,
    )
  })

  it('names both servers in the question', () => {
    const question = newBackendQuestion(
      { backendUrl: 'https://new.example', anonKey: '' },
      { backendUrl: 'https://old.example', anonKey: '' },
    )
    expect(question.message).toContain('https://new.example')
    expect(question.detail).toContain('https://old.example')
  })
})

describe('backend URL rules', () => {
  it.each([
    ['http://127.0.0.1:54321', 'http://127.0.0.1:54321'],
    ['http://localhost:54321/', 'http://localhost:54321'],
    ['http://[::1]:54321', 'http://[::1]:54321'],
    ['https://abc.supabase.co', 'https://abc.supabase.co'],
    ['https://ops.example.com/supabase/', 'https://ops.example.com/supabase'],
    ['  HTTPS://ABC.SUPABASE.CO  ', 'https://abc.supabase.co'],
  ])('accepts %s as %s', (input, normalized) => {
    expect(normalizeBackendUrl(input)).toBe(normalized)
  })

  it.each([
    'http://ops.example.com',
    'http://192.168.1.5:54321',
    'https://user:pw@abc.supabase.co',
    'https://abc.supabase.co/?apikey=x',
    'https://abc.supabase.co/#x',
    'https://a;b.com',
    "https://a'b.com",
    'ws://127.0.0.1:54321',
    'file:///tmp/db',
    'javascript:alert(1)',
    '',
  ])('refuses %s', (input) => {
    expect(normalizeBackendUrl(input)).toBeNull()
    expect(BackendConfigSchema.safeParse({ backendUrl: input, anonKey: '' }).success).toBe(false)
  })

  it('derives the websocket origin for Realtime', () => {
    expect(backendOrigins('https://abc.supabase.co/x')).toEqual({
      http: 'https://abc.supabase.co',
      ws: 'wss://abc.supabase.co',
    })
  })
})
