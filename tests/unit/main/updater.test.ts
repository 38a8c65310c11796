import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { AutoUpdaterPort } from '../../../src/main/updater'
import { CHECK_INTERVAL_MS, createUpdater, isUpdateSupported } from '../../../src/main/updater'
import type { UpdateChannel, UpdateState } from '../../../src/shared/ipc'
import { fake, FakeClock, flushPromises } from './fakes'

class FakeAutoUpdater extends EventEmitter {
  private currentChannel: string | null = null
  allowPrerelease = false
  allowDowngrade = false
  autoDownload = false
  autoInstallOnAppQuit = false
  checkForUpdates = vi.fn(() => {
    this.emit('checking-for-update')
    return Promise.resolve(null)
  })
  quitAndInstall = vi.fn()

  get channel(): string | null {
    return this.currentChannel
  }

  /** Like electron-updater, setting a channel switches downgrades on. */
  set channel(value: string | null) {
    this.currentChannel = value
    this.allowDowngrade = true
  }

  /** Drives a whole successful download. */
  deliver(version: string): void {
    this.emit('update-available', { version })
    this.emit('download-progress', { percent: 42.4 })
    this.emit('download-progress', { percent: 42.2 })
    this.emit('update-downloaded', { version })
  }
}

function setup(options: { enabled?: boolean; channel?: UpdateChannel } = {}) {
  const autoUpdater = new FakeAutoUpdater()
  const clock = new FakeClock()
  const states: UpdateState[] = []
  const log = { info: vi.fn(), error: vi.fn() }
  const updater = createUpdater({
    autoUpdater: fake<AutoUpdaterPort>(autoUpdater),
    clock,
    log,
    enabled: options.enabled ?? true,
    channel: options.channel ?? 'stable',
    onState: (state) => states.push(state),
  })
  return { autoUpdater, clock, states, log, updater }
}

async function downloaded() {
  const context = setup()
  context.updater.start()
  await flushPromises()
  context.autoUpdater.deliver('1.3.0')
  return context
}

describe('createUpdater', () => {
  it('downloads in the background and installs on quit', () => {
    const { autoUpdater } = setup()
    expect(autoUpdater.autoDownload).toBe(true)
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true)
  })

  it('checks on start and every four hours', async () => {
    const { autoUpdater, clock, updater } = setup()
    updater.start()
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1)
    autoUpdater.emit('update-not-available', { version: '1.0.0' })
    clock.advance(CHECK_INTERVAL_MS - 1)
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1)
    clock.advance(1)
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(2)
    autoUpdater.emit('update-not-available', { version: '1.0.0' })
    clock.advance(CHECK_INTERVAL_MS)
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(3)
    updater.stop()
    expect(clock.pending).toBe(0)
    await flushPromises()
  })

  it('publishes each state once, in order', async () => {
    const { states } = await downloaded()
    expect(states.map((state) => state.phase)).toEqual([
      { status: 'checking' },
      { status: 'available', version: '1.3.0' },
      { status: 'downloading', version: '1.3.0', percent: 42 },
      { status: 'downloaded', version: '1.3.0' },
    ])
  })

  it('does not check again once an update waits to be installed', async () => {
    const { autoUpdater, clock, updater } = await downloaded()
    clock.advance(CHECK_INTERVAL_MS)
    await updater.check()
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1)
  })

  it('restarts at once when no push is running', async () => {
    const { autoUpdater, updater } = await downloaded()
    expect(updater.requestRestart()).toBe('restarting')
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledWith(true, true)
  })

  it('never restarts while the outbox is being pushed, and restarts when it ends', async () => {
    const { autoUpdater, updater, states } = await downloaded()
    updater.setSyncBusy(true)
    expect(updater.requestRestart()).toBe('waiting-for-sync')
    expect(updater.requestRestart()).toBe('waiting-for-sync')
    expect(updater.getState().restartPending).toBe(true)
    expect(states.at(-1)?.restartPending).toBe(true)
    updater.setSyncBusy(true)
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled()
    updater.setSyncBusy(false)
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledTimes(1)
    updater.setSyncBusy(true)
    updater.setSyncBusy(false)
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledTimes(1)
  })

  it('does not restart when a push ends unless a restart was asked for', async () => {
    const { autoUpdater, updater } = await downloaded()
    updater.setSyncBusy(true)
    updater.setSyncBusy(false)
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled()
  })

  it('has nothing to install before the download finished', () => {
    const { autoUpdater, updater } = setup()
    expect(updater.requestRestart()).toBe('nothing-to-install')
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled()
  })

  it('logs errors, reports them, and tries again at the next check', async () => {
    const { autoUpdater, clock, log, updater } = setup()
    autoUpdater.checkForUpdates.mockImplementationOnce(() => {
      const error = new Error('net::ERR_NAME_NOT_RESOLVED')
      autoUpdater.emit('error', error)
      return Promise.reject(error)
    })
    updater.start()
    await flushPromises()
    expect(updater.getState().phase).toEqual({
      status: 'error',
      message: 'net::ERR_NAME_NOT_RESOLVED',
    })
    expect(log.error).toHaveBeenCalledTimes(1)
    clock.advance(CHECK_INTERVAL_MS)
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(2)
    expect(updater.getState().phase).toEqual({ status: 'checking' })
  })

  it('follows the chosen channel without ever allowing a downgrade', async () => {
    const { autoUpdater, updater } = setup({ channel: 'beta' })
    expect(autoUpdater.channel).toBe('beta')
    expect(autoUpdater.allowPrerelease).toBe(true)
    expect(autoUpdater.allowDowngrade).toBe(false)
    const state = updater.setChannel('stable')
    expect(state.channel).toBe('stable')
    expect(autoUpdater.channel).toBe('latest')
    expect(autoUpdater.allowPrerelease).toBe(false)
    expect(autoUpdater.allowDowngrade).toBe(false)
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1)
    await flushPromises()
  })

  it('stays inert where updates cannot work', async () => {
    const { autoUpdater, clock, updater } = setup({ enabled: false })
    updater.start()
    await updater.check()
    expect(updater.getState().phase).toEqual({ status: 'disabled' })
    expect(updater.requestRestart()).toBe('nothing-to-install')
    expect(updater.setChannel('beta').channel).toBe('beta')
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled()
    expect(autoUpdater.listenerCount('error')).toBe(0)
    expect(clock.pending).toBe(0)
  })
})

describe('isUpdateSupported', () => {
  const runtime = {
    isPackaged: true,
    platform: 'darwin' as NodeJS.Platform,
    windowsStore: false,
    env: {},
  }

  it('updates packaged installs that electron-updater can replace', () => {
    expect(isUpdateSupported(runtime)).toBe(true)
    expect(isUpdateSupported({ ...runtime, platform: 'win32' })).toBe(true)
    expect(
      isUpdateSupported({
        ...runtime,
        platform: 'linux',
        env: { APPIMAGE: '/opt/Outpost.AppImage' },
      }),
    ).toBe(true)
  })

  it('leaves development, Store, deb and opted-out installs alone', () => {
    expect(isUpdateSupported({ ...runtime, isPackaged: false })).toBe(false)
    expect(isUpdateSupported({ ...runtime, platform: 'win32', windowsStore: true })).toBe(false)
    expect(isUpdateSupported({ ...runtime, platform: 'linux' })).toBe(false)
    expect(isUpdateSupported({ ...runtime, env: { OUTPOST_DISABLE_UPDATES: '1' } })).toBe(false)
    expect(isUpdateSupported({ ...runtime, platform: 'freebsd' })).toBe(false)
  })
})
