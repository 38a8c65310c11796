// Main process entry and the only module that loads Electron at runtime. It wires the small,
// separately tested modules of this folder together; the decisions live in them.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron'
import type { WebContents } from 'electron'
import log from 'electron-log/main'
import electronUpdater from 'electron-updater'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import * as fs from 'node:fs/promises'
import { join } from 'node:path'
import type { SyncRequest } from '../shared/ipc'
import { BackendConfigSchema } from '../shared/ipc'
import { appSchemePrivileges, createAppProtocolHandler } from './app-protocol'
import { APP_ENTRY_URL, APP_SCHEME, devServerOrigin, isAppUrl } from './app-url'
import { createAskUser, oneQuestionAtATime } from './ask-user'
import type { BackendConfigStore } from './backend-config'
import { defaultBackendConfig, loadBackendConfig, newBackendQuestion } from './backend-config'
import { systemClock } from './clock'
import { watchConnectivity } from './connectivity'
import { buildContentSecurityPolicy } from './csp'
import { externalLinkDecision, openLinkQuestion } from './external-url'
import { createJsonFile, writeJsonFileSync } from './files'
import { createEventSender, registerInvokeHandlers } from './ipc-main'
import { closeElectronLogIpc, configureLogging, logRendererConsole } from './logging'
import { buildMenuTemplate } from './menu'
import { createSecretStore } from './secret-store'
import { hardenSession, installSecurityGuards } from './security'
import { loadSettings, SettingsSchema } from './settings'
import { isTrustedSender } from './trusted-sender'
import { createUpdater, isUpdateSupported } from './updater'
import { createWindowOptions } from './window-options'
import { initialWindowBounds, windowStateOf, WindowStateSchema } from './window-state'

const userData = app.getPath('userData')
const logDir = join(userData, 'logs')
configureLogging(log, {
  dir: logDir,
  fs: { existsSync, renameSync, rmSync },
  verbose: !app.isPackaged,
})
closeElectronLogIpc(ipcMain)

// Both must happen before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: appSchemePrivileges }])
app.enableSandbox()

const rendererUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const devOrigin = devServerOrigin(rendererUrl)
const isOwnUrl = (url: string): boolean => isAppUrl(url, devOrigin)

let mainWindow: BrowserWindow | undefined
let backend: BackendConfigStore | undefined

// Questions only main can ask (links, a new backend, discarding the saved sign-in), in a dialog
// over the window: the renderer can neither draw nor answer them.
const askUser = createAskUser(dialog, () =>
  mainWindow === undefined || mainWindow.isDestroyed() ? undefined : mainWindow,
)
const askAboutLink = oneQuestionAtATime(askUser, log)

installSecurityGuards(app, shell, {
  isAppUrl: isOwnUrl,
  externalLink: (url) => externalLinkDecision(url, backend?.current().backendUrl ?? null),
  askToOpen: (url) => askAboutLink(openLinkQuestion(url)),
  log,
})

/** The window's webContents, unless the window is gone or being torn down. */
function liveContents(): WebContents | undefined {
  return mainWindow === undefined || mainWindow.isDestroyed() ? undefined : mainWindow.webContents
}

if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    if (mainWindow === undefined) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  start().catch((error: unknown) => {
    log.error('Outpost failed to start', error)
    app.exit(1)
  })
} else {
  app.quit()
}

async function start(): Promise<void> {
  await app.whenReady()
  log.info(
    `Outpost ${app.getVersion()} starting (${process.platform}, packaged: ${app.isPackaged})`,
  )

  const windowStatePath = join(userData, 'window-state.json')
  const windowStateFile = createJsonFile({
    fs,
    path: windowStatePath,
    schema: WindowStateSchema,
    log,
  })
  const settings = await loadSettings(
    createJsonFile({ fs, path: join(userData, 'settings.json'), schema: SettingsSchema, log }),
  )
  const backendConfig = await loadBackendConfig(
    createJsonFile({ fs, path: join(userData, 'backend.json'), schema: BackendConfigSchema, log }),
    defaultBackendConfig(import.meta.env),
    (next, current) => askUser(newBackendQuestion(next, current)),
  )
  backend = backendConfig
  const send = createEventSender(liveContents)
  const secrets = createSecretStore({
    safeStorage,
    fs,
    dir: join(userData, 'secrets'),
    platform: process.platform,
    backendRecord: {
      read: () => settings.current().secretBackend ?? null,
      write: async (secretBackend) => {
        await settings.update({ secretBackend: secretBackend ?? undefined })
      },
    },
    confirmDiscard: () =>
      askUser({
        title: 'Discard saved sign-in',
        message: 'Discard the saved sign-in?',
        detail:
          'Signing in again needs a connection to the server. Edits not yet sent stay on this ' +
          'computer and are sent after you sign in.',
        confirm: 'Discard',
      }),
    onStatus: (status) => send('outpost:secrets:changed', status),
    log,
  })
  const secretStatus = await secrets.status()
  if (secretStatus.protection === 'basic-text') {
    log.warn('Linux selected the basic_text backend: the saved sign-in is only obfuscated')
  }

  const contentSecurityPolicy = (): string =>
    buildContentSecurityPolicy({ backendUrl: backendConfig.current().backendUrl, devOrigin })
  hardenSession(session.defaultSession, { isAppUrl: isOwnUrl, contentSecurityPolicy, log })
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rendererDir: join(import.meta.dirname, '../renderer'),
      readFile: (path) => fs.readFile(path),
      realpath: (path) => fs.realpath(path),
      contentSecurityPolicy,
      log,
    }),
  )
  const requestSync = (reason: SyncRequest['reason']): void =>
    send('outpost:sync:requested', { reason })

  const updater = createUpdater({
    autoUpdater: electronUpdater.autoUpdater,
    clock: systemClock,
    log,
    enabled: isUpdateSupported({
      isPackaged: app.isPackaged,
      platform: process.platform,
      windowsStore: process.windowsStore === true,
      env: process.env,
    }),
    channel: settings.current().updateChannel,
    onState: (state) => send('outpost:updates:state', state),
  })
  electronUpdater.autoUpdater.logger = log.scope('updater')

  const connectivity = watchConnectivity({
    isOnline: () => net.isOnline(),
    powerMonitor,
    clock: systemClock,
    onOnlineChange: (online) => send('outpost:connectivity:changed', { online }),
    onSyncRequested: requestSync,
  })

  const openLogs = async (): Promise<void> => {
    const failure = await shell.openPath(logDir)
    if (failure !== '') log.warn(`Could not open the log folder: ${failure}`)
  }
  const rendererLog = log.scope('renderer')

  registerInvokeHandlers(
    ipcMain,
    {
      'outpost:app:info': () => ({
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        isPackaged: app.isPackaged,
      }),
      'outpost:config:get': () => backendConfig.current(),
      'outpost:config:set': (next) => backendConfig.save(next),
      'outpost:secrets:protection': () => secrets.protection(),
      'outpost:secrets:get-item': ({ key }) => secrets.getItem(key),
      'outpost:secrets:set-item': ({ key, value }) => secrets.setItem(key, value),
      'outpost:secrets:remove-item': ({ key }) => secrets.removeItem(key),
      'outpost:secrets:status': () => secrets.status(),
      'outpost:secrets:retry': () => secrets.retry(),
      'outpost:secrets:discard': () => secrets.discard(),
      'outpost:connectivity:is-online': () => connectivity.isOnline(),
      'outpost:updates:get-state': () => updater.getState(),
      'outpost:updates:check': () => updater.check(),
      'outpost:updates:restart': () => updater.requestRestart(),
      'outpost:updates:set-channel': async (channel) => {
        await settings.update({ updateChannel: channel })
        return updater.setChannel(channel)
      },
      'outpost:updates:set-sync-busy': (busy) => updater.setSyncBusy(busy),
      'outpost:logs:write': ({ level, message }) => rendererLog[level](message),
      'outpost:logs:open': () => openLogs(),
    },
    {
      isTrustedSender: (event) =>
        isTrustedSender(event, { webContentsId: liveContents()?.id, isAppUrl: isOwnUrl }),
      log,
    },
  )

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        appName: app.name,
        devTools: !app.isPackaged,
        actions: { syncNow: () => requestSync('menu'), openLogs: () => void openLogs() },
      }),
    ),
  )

  const openWindow = async (): Promise<void> => {
    const workAreas = screen.getAllDisplays().map((display) => display.workArea)
    const { bounds, maximized } = initialWindowBounds(await windowStateFile.read(), workAreas)
    const window = new BrowserWindow(
      createWindowOptions({
        preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
        bounds,
        devTools: !app.isPackaged,
      }),
    )
    // Set before loading: the page calls the bridge while it loads, and IPC trusts this window.
    mainWindow = window
    const contents = window.webContents

    window.once('ready-to-show', () => {
      if (maximized) window.maximize()
      window.show()
    })
    window.on('close', () => {
      try {
        writeJsonFileSync(
          { mkdirSync, writeFileSync, renameSync },
          windowStatePath,
          windowStateOf(window),
        )
      } catch (error) {
        log.warn('Could not save the window position', error)
      }
    })
    window.on('closed', () => {
      mainWindow = undefined
      updater.setSyncBusy(false)
    })

    logRendererConsole(contents, rendererLog)
    // Whoever reported a push in progress is gone; a pending restart must not wait forever.
    contents.on('render-process-gone', (_event, details) => {
      log.error(`Renderer process gone: ${details.reason}`)
      updater.setSyncBusy(false)
    })
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) updater.setSyncBusy(false)
    })

    await window.loadURL(
      rendererUrl !== undefined && devOrigin !== null ? rendererUrl : APP_ENTRY_URL,
    )
  }

  app.on('activate', () => {
    if (mainWindow !== undefined) return
    openWindow().catch((error: unknown) => log.error('Could not reopen the window', error))
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('before-quit', () => {
    updater.stop()
    connectivity.stop()
  })

  await openWindow()
  updater.start()
}
