// What the desktop shell adds when present: connectivity hints and "Sync now" from main,
// and telling main while a push runs so an update never restarts the app mid-push.
import type { OutpostBridge } from '../../../shared/ipc'
import type { Services } from './services'

export function connectDesktop(bridge: OutpostBridge, services: Services): () => void {
  const { engine, syncStore } = services
  const offConnectivity = bridge.connectivity.onChange((online) => engine.setOnline(online))
  const offSync = bridge.sync.onSyncRequested(() => void engine.sync())
  let busy = false
  const offStore = syncStore.subscribe((status) => {
    const pushing = status.phase === 'pushing'
    if (pushing !== busy) {
      busy = pushing
      void bridge.updates.setSyncBusy(pushing)
    }
  })
  return () => {
    offConnectivity()
    offSync()
    offStore()
  }
}
