import { getBridge } from '../platform/bridge'

// Where the backend is: production configuration is a URL and an anon key, nothing else.
// Sources, first found wins: the user's saved settings, the config.json served beside the
// web build (the local backend writes it), then the values baked in at build time.
export interface BackendConfig {
  url: string
  anonKey: string
}

const SETTINGS_KEY = 'outpost.backend'
/** The last config.json the server gave, so a page opened offline still knows its backend. */
const SERVED_KEY = 'outpost.backend.served'

function valid(value: unknown): value is BackendConfig {
  const v = value as Partial<BackendConfig> | null
  return (
    typeof v?.url === 'string' &&
    /^https?:\/\//.test(v.url) &&
    typeof v.anonKey === 'string' &&
    v.anonKey.length > 0
  )
}

function parse(raw: string | null): BackendConfig | null {
  try {
    const parsed: unknown = JSON.parse(raw ?? 'null')
    return valid(parsed) ? parsed : null
  } catch {
    return null
  }
}

export function savedBackendConfig(): BackendConfig | null {
  return parse(localStorage.getItem(SETTINGS_KEY))
}

export async function saveBackendConfig(config: BackendConfig): Promise<void> {
  const bridge = getBridge()
  // The desktop shell keeps it, and widens its Content-Security-Policy to the new origin.
  if (bridge) await bridge.config.set({ backendUrl: config.url, anonKey: config.anonKey })
  else localStorage.setItem(SETTINGS_KEY, JSON.stringify(config))
}

export async function loadBackendConfig(): Promise<BackendConfig | null> {
  const bridge = getBridge()
  if (bridge) {
    const desktop = await bridge.config.get()
    const fromShell = { url: desktop.backendUrl, anonKey: desktop.anonKey }
    if (valid(fromShell)) return fromShell
  }
  const saved = savedBackendConfig()
  if (saved) return saved
  try {
    const response = await fetch('./config.json', { cache: 'no-store' })
    if (response.ok) {
      const served: unknown = await response.json()
      if (valid(served)) {
        localStorage.setItem(SERVED_KEY, JSON.stringify(served))
        return served
      }
    }
  } catch {
    // Offline: use what the server said last time.
  }
  const remembered = parse(localStorage.getItem(SERVED_KEY))
  if (remembered) return remembered
  const built = {
    url: import.meta.env.VITE_SUPABASE_URL,
    anonKey: import.meta.env.VITE_SUPABASE_ANON_KEY,
  }
  return valid(built) ? built : null
}
