// The backend the renderer talks to, kept in userData/backend.json so one build serves any
// site's Supabase. The build's VITE_SUPABASE_URL/VITE_SUPABASE_ANON_KEY (or the local stack)
// are only the starting point.
import type { BackendConfig } from '../shared/ipc'
import { BackendConfigSchema } from '../shared/ipc'
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
  save(next: BackendConfig): Promise<BackendConfig>
}

export async function loadBackendConfig(
  file: JsonFile<BackendConfig>,
  defaults: BackendConfig,
): Promise<BackendConfigStore> {
  let config = (await file.read()) ?? defaults
  return {
    current: () => config,
    async save(next) {
      await file.write(next)
      config = next
      return config
    },
  }
}
