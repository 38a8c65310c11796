import './features/desktop/zod-jitless'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { loadBackendConfig } from './app/config'
import { ServicesProvider } from './app/context'
import { connectDesktop } from './app/desktop'
import { mountDesktopNotices } from './features/desktop/DesktopNotices'
import { createServices } from './app/services'
import { SettingsPage } from './features/settings/SettingsPage'
import { getBridge } from './platform/bridge'
import { createAuthStorage } from './platform/auth-storage'
import './styles.css'

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!)
  const config = await loadBackendConfig()
  if (!config) {
    root.render(<NoBackend />)
    return
  }
  const authStorage = createAuthStorage()
  const services = createServices(config, authStorage)
  // Keep IndexedDB from being evicted under storage pressure: it holds unsynced work.
  void navigator.storage?.persist?.()
  const bridge = getBridge()
  if (bridge) connectDesktop(bridge, services)
  if (bridge) mountDesktopNotices(bridge)
  root.render(
    <StrictMode>
      <ServicesProvider services={services}>
        <App authStorage={authStorage} />
      </ServicesProvider>
    </StrictMode>,
  )
}

function NoBackend() {
  return (
    <main className="page">
      <h1>Outpost</h1>
      <p>
        No server is configured. Enter the backend URL and anon key your administrator gave you.
      </p>
      <ServicesProvider
        services={createServices({ url: 'http://127.0.0.1:54321', anonKey: 'unset' })}
      >
        <SettingsPage signedIn={false} />
      </ServicesProvider>
    </main>
  )
}

void boot()
