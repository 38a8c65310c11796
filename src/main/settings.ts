// User settings that live in main (userData/settings.json).
import { z } from 'zod'
import { UpdateChannelSchema } from '../shared/ipc'

export const SettingsSchema = z.object({ updateChannel: UpdateChannelSchema })
export type Settings = z.infer<typeof SettingsSchema>

export const DEFAULT_SETTINGS: Settings = { updateChannel: 'stable' }
