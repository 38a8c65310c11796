import './features/desktop/zod-jitless'
import { Container, Text, Title } from '@mantine/core'
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
import { UiProvider } from './app/UiProvider'
import { warmCharts } from './app/lazy-charts'
import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/spotlight/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/charts/styles.css'
import './styles.css'

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root')!)
  const config = await loadBackendConfig()
  if (!config) {
    root.render(
      <UiProvider>
        <NoBackend />
      </UiProvider>,
    )
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
      <UiProvider>
        <ServicesProvider services={services}>
          <App authStorage={authStorage} />
        </ServicesProvider>
      </UiProvider>
    </StrictMode>,
  )
  // After the first screen: the charts' code, while the laptop is (likely) still online.
  if ('requestIdleCallback' in window) window.requestIdleCallback(() => warmCharts())
  else setTimeout(warmCharts, 1000)
}

function NoBackend() {
  return (
    <Container component="main" size="lg" py="xl">
      <Title order={1}>Outpost</Title>
      <Text my="md">
        No server is configured. Enter the backend URL and anon key your administrator gave you.
      </Text>
      <ServicesProvider
        services={createServices({ url: 'http://127.0.0.1:54321', anonKey: 'unset' })}
      >
        <SettingsPage signedIn={false} />
      </ServicesProvider>
    </Container>
  )
}

void boot()
