// User settings that live in main (userData/settings.json): the update channel, and on Linux the
// safeStorage backend the saved sign-in was encrypted with (secret-store.ts refuses to switch
// backends silently).
import { z } from 'zod'
import { StorageBackendSchema, UpdateChannelSchema } from '../shared/ipc'
import type { JsonFile } from './files'

export const SettingsSchema = z.object({
  updateChannel: UpdateChannelSchema,
  secretBackend: StorageBackendSchema.optional(),
})
export type Settings = z.infer<typeof SettingsSchema>

export const DEFAULT_SETTINGS: Settings = { updateChannel: 'stable' }

export interface SettingsStore {
  current(): Settings
  /** Applies `patch` and writes the whole file: every writer goes through here, so none loses
   * another's change. */
  update(patch: Partial<Settings>): Promise<Settings>
}

export async function loadSettings(file: JsonFile<Settings>): Promise<SettingsStore> {
  let settings = (await file.read()) ?? DEFAULT_SETTINGS
  let writes = Promise.resolve()
  return {
    current: () => settings,
    update(patch) {
      settings = { ...settings, ...patch }
      const next = settings
      // One write at a time, in order; a failed write does not block the next one.
      const written = writes.then(() => file.write(next))
      writes = written.catch(() => undefined)
      return written.then(() => next)
    },
  }
}
