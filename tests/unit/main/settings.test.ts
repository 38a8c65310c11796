import { describe, expect, it, vi } from 'vitest'
import type { JsonFile } from '../../../src/main/files'
import type { Settings } from '../../../src/main/settings'
import { DEFAULT_SETTINGS, loadSettings, SettingsSchema } from '../../../src/main/settings'

function memoryFile(initial: Settings | null) {
  const written: Settings[] = []
  const write = vi.fn((value: Settings) => {
    written.push(value)
    return Promise.resolve()
  })
  const file: JsonFile<Settings> = { read: () => Promise.resolve(initial), write }
  return { file, written, write }
}

describe('loadSettings', () => {
  it('starts from the defaults', async () => {
    expect((await loadSettings(memoryFile(null).file)).current()).toEqual(DEFAULT_SETTINGS)
  })

  it('keeps every writer’s change: the channel and the keyring backend', async () => {
    const { file, written } = memoryFile({ updateChannel: 'stable' })
    const settings = await loadSettings(file)
    await Promise.all([
      settings.update({ updateChannel: 'beta' }),
      settings.update({ secretBackend: 'gnome_libsecret' }),
    ])
    expect(settings.current()).toEqual({ updateChannel: 'beta', secretBackend: 'gnome_libsecret' })
    expect(written.at(-1)).toEqual({ updateChannel: 'beta', secretBackend: 'gnome_libsecret' })
  })

  it('goes on writing after a failed write', async () => {
    const { file, written, write } = memoryFile(null)
    write.mockRejectedValueOnce(new Error('disk full'))
    const settings = await loadSettings(file)
    await expect(settings.update({ updateChannel: 'beta' })).rejects.toThrow('disk full')
    await settings.update({ secretBackend: 'kwallet5' })
    expect(written).toEqual([{ updateChannel: 'beta', secretBackend: 'kwallet5' }])
  })

  it('reads files written before the backend was recorded', () => {
    expect(SettingsSchema.parse({ updateChannel: 'beta' })).toEqual({ updateChannel: 'beta' })
    expect(SettingsSchema.safeParse({ updateChannel: 'beta', secretBackend: 'a b' }).success).toBe(
      false,
    )
  })
})
