// Hints that now is a good time to sync: the network coming back (net.isOnline polled, since
// main has no online event), the laptop waking up, or the screen being unlocked. These are only
// hints; the sync engine still finds out whether the backend answers.
import type { PowerMonitor } from 'electron'
import type { SyncRequest } from '../shared/ipc'
import type { Clock } from './clock'

export const POLL_INTERVAL_MS = 15_000

export interface Connectivity {
  isOnline(): boolean
  stop(): void
}

export function watchConnectivity(options: {
  isOnline: () => boolean
  powerMonitor: Pick<PowerMonitor, 'on' | 'off'>
  clock: Clock
  onOnlineChange: (online: boolean) => void
  onSyncRequested: (reason: SyncRequest['reason']) => void
}): Connectivity {
  const { powerMonitor, clock, onOnlineChange, onSyncRequested } = options
  let online = options.isOnline()

  /** Re-reads the hint; true when the network just came back. */
  const refresh = (): boolean => {
    const now = options.isOnline()
    if (now === online) return false
    online = now
    onOnlineChange(online)
    return online
  }
  const poll = (): void => {
    if (refresh()) onSyncRequested('online')
  }
  const onResume = (): void => {
    refresh()
    onSyncRequested('resume')
  }
  const onUnlock = (): void => onSyncRequested('unlock-screen')

  powerMonitor.on('resume', onResume)
  powerMonitor.on('unlock-screen', onUnlock)
  const stopPolling = clock.every(POLL_INTERVAL_MS, poll)

  return {
    isOnline: () => online,
    stop() {
      stopPolling()
      powerMonitor.off('resume', onResume)
      powerMonitor.off('unlock-screen', onUnlock)
    },
  }
}
