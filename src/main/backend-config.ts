// The backend the renderer talks to, kept in userData/backend.json so one build serves any
// site's Supabase. The build's VITE_SUPABASE_URL/VITE_SUPABASE_ANON_KEY (or the local stack)
// are only the starting point.
//
// The backend's origin goes into the CSP's connect-src at the next page load, so a renderer that
// could set it freely could widen its own CSP: a new backend address is saved only after the
// user confirms it in a dialog of the main process.
import { backendOrigins } from '../shared/backend-url'
import type { BackendConfig } from '../shared/ipc'
import { BackendConfigSchema } from '../shared/ipc'
import type { Question } from './ask-user'
import type { JsonFile } from './files'

export const LOCAL_BACKEND_URL = 'http://127.0.0.1:54321'

export function defaultBackendConfig(env: {
  VITE_SUPABASE_URL?: string | undefined
  VITE_SUPABASE_ANON_KEY?: string | undefined
}): BackendConfig {
  const parsed = BackendConfigSchema.safeParse({
    backendUrl: env.VITE_SUPABASE_URL ?? LOCAL_BACKEND_URL,
    anonKey: env.VITE_SUPABASE_ANON_KEY ?? '',
  })
  return parsed.success ? parsed.data : { backendUrl: LOCAL_BACKEND_URL, anonKey: '' }
}

export interface BackendConfigStore {
  current(): BackendConfig
  /** The saved config, or the unchanged current one when the user declines a new address. */
  save(next: BackendConfig): Promise<BackendConfig>
}

/** Whether saving `next` changes what the CSP allows (the http and ws origins). */
export function changesBackendOrigin(current: BackendConfig, next: BackendConfig): boolean {
  const before = backendOrigins(current.backendUrl)
  const after = backendOrigins(next.backendUrl)
  return before?.http !== after?.http || before?.ws !== after?.ws
}

export async function loadBackendConfig(
  file: JsonFile<BackendConfig>,
  defaults: BackendConfig,
  /** Asks the user whether the app may talk to `next.backendUrl` from now on. */
  confirmNewBackend: (next: BackendConfig, current: BackendConfig) => Promise<boolean>,
): Promise<BackendConfigStore> {
  let config = (await file.read()) ?? defaults
  return {
    current: () => config,
    async save(next) {
      if (changesBackendOrigin(config, next) && !(await confirmNewBackend(next, config))) {
        return config
      }
      await file.write(next)
      config = next
      return config
    },
  }
}

/** The dialog main shows before the app talks to another backend. */
export function newBackendQuestion(next: BackendConfig, current: BackendConfig): Question {
  return {
    title: 'Change server',
    message: `Connect Outpost to ${next.backendUrl}?`,
    detail:
      `Outpost will send your sign-in and your sites' data to ${next.backendUrl} ` +
      `instead of ${current.backendUrl}. Continue only if your administrator gave you this ` +
      'address.',
    confirm: 'Connect to this server',
  }
}
