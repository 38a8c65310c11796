// Thin adapter between electron-updater and the pure machine in update-machine.ts: it checks on
// start and every four hours, downloads in the background, publishes every state change, and
// installs only when asked and no outbox push is running.
import type { AppUpdater } from 'electron-updater'
import type { RestartOutcome, UpdateChannel, UpdatePhase, UpdateState } from '../shared/ipc'
import type { Clock } from './clock'
import type { UpdateEvent } from './update-machine'
import { canCheck, nextPhase, restartDecision } from './update-machine'

export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000

export type AutoUpdaterPort = Pick<
  AppUpdater,
  | 'on'
  | 'checkForUpdates'
  | 'quitAndInstall'
  | 'channel'
  | 'allowPrerelease'
  | 'allowDowngrade'
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
>

/**
 * electron-updater can replace only what it installed: a packaged app from our dmg/zip, NSIS
 * installer or AppImage. Development runs, Store builds and deb installs (updated by IT through
 * apt, since dpkg needs root) never check. OUTPOST_DISABLE_UPDATES=1 lets IT-managed fleets opt
 * out.
 */
export function isUpdateSupported(runtime: {
  isPackaged: boolean
  platform: NodeJS.Platform
  windowsStore: boolean
  env: Readonly<Record<string, string | undefined>>
}): boolean {
  const { isPackaged, platform, windowsStore, env } = runtime
  if (!isPackaged || env.OUTPOST_DISABLE_UPDATES === '1') return false
  if (platform === 'darwin') return true
  if (platform === 'win32') return !windowsStore
  if (platform === 'linux') return (env.APPIMAGE ?? '') !== ''
  return false
}

export interface Updater {
  /** First check now, then every CHECK_INTERVAL_MS. */
  start(): void
  stop(): void
  getState(): UpdateState
  check(): Promise<void>
  requestRestart(): RestartOutcome
  setSyncBusy(busy: boolean): void
  setChannel(channel: UpdateChannel): UpdateState
}

export function createUpdater(options: {
  autoUpdater: AutoUpdaterPort
  clock: Clock
  log: { info(message: string): void; error(message: string): void }
  enabled: boolean
  channel: UpdateChannel
  onState: (state: UpdateState) => void
}): Updater {
  const { autoUpdater, clock, log, enabled, onState } = options
  let channel = options.channel
  let phase: UpdatePhase = enabled ? { status: 'idle' } : { status: 'disabled' }
  let syncBusy = false
  let restartPending = false
  let stopTimer: (() => void) | null = null

  const getState = (): UpdateState => ({ channel, phase, restartPending })
  const publish = (): void => onState(getState())

  const dispatch = (event: UpdateEvent): void => {
    const next = nextPhase(phase, event)
    // Progress and duplicate errors repeat the same state; the renderer hears each state once.
    if (JSON.stringify(next) === JSON.stringify(phase)) return
    phase = next
    publish()
  }

  const applyChannel = (): void => {
    autoUpdater.channel = channel === 'beta' ? 'beta' : 'latest'
    autoUpdater.allowPrerelease = channel === 'beta'
    // Setting `channel` turns downgrades on. Leaving beta must not install an older build:
    // its IndexedDB schema could be older than the data already on the device.
    autoUpdater.allowDowngrade = false
  }

  const install = (): void => {
    restartPending = false
    log.info('Restarting to install the downloaded update')
    // Silent, then relaunch: technicians are not asked installer questions.
    autoUpdater.quitAndInstall(true, true)
  }

  const check = async (): Promise<void> => {
    if (!enabled || !canCheck(phase)) return
    try {
      await autoUpdater.checkForUpdates()
    } catch (error) {
      dispatch({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
  }

  if (enabled) {
    autoUpdater.autoDownload = true
    autoUpdater.autoInstallOnAppQuit = true
    applyChannel()
    autoUpdater.on('checking-for-update', () => dispatch({ type: 'check-started' }))
    autoUpdater.on('update-not-available', () => dispatch({ type: 'not-available' }))
    autoUpdater.on('update-available', (info) => {
      log.info(`Update ${info.version} available; downloading`)
      dispatch({ type: 'available', version: info.version })
    })
    autoUpdater.on('download-progress', (progress) =>
      dispatch({ type: 'progress', percent: Math.round(progress.percent) }),
    )
    autoUpdater.on('update-downloaded', (info) => {
      log.info(`Update ${info.version} downloaded`)
      dispatch({ type: 'downloaded', version: info.version })
    })
    autoUpdater.on('error', (error) => {
      log.error(`Update failed: ${error.stack ?? error.message}`)
      dispatch({ type: 'failed', message: error.message })
    })
  }

  return {
    start() {
      if (!enabled || stopTimer !== null) return
      void check()
      stopTimer = clock.every(CHECK_INTERVAL_MS, () => void check())
    },
    stop() {
      stopTimer?.()
      stopTimer = null
    },
    getState,
    check,
    requestRestart() {
      const outcome = restartDecision(phase, syncBusy)
      if (outcome === 'restarting') install()
      if (outcome === 'waiting-for-sync' && !restartPending) {
        restartPending = true
        log.info('Restart requested during an outbox push; waiting for it to finish')
        publish()
      }
      return outcome
    },
    setSyncBusy(busy) {
      syncBusy = busy
      if (restartPending && restartDecision(phase, syncBusy) === 'restarting') install()
    },
    setChannel(next) {
      if (next !== channel) {
        channel = next
        if (enabled) applyChannel()
        publish()
        void check()
      }
      return getState()
    },
  }
}
