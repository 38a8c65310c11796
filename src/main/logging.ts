// One log file for the whole app (userData/logs/main.log), rotated so days offline cannot fill
// a small disk: main-process messages, uncaught errors, renderer console errors and warnings,
// and whatever the renderer writes through the bridge.
import { join, parse } from 'node:path'
import type { IpcMain, WebContents } from 'electron'
import type { MainLogger } from 'electron-log'

const MAX_LOG_BYTES = 5 * 1024 * 1024
const KEPT_ARCHIVES = 3

export interface SyncFileOps {
  existsSync(path: string): boolean
  renameSync(from: string, to: string): void
  rmSync(path: string, options: { force: true }): void
}

/** main.log → main.1.log → main.2.log …; the oldest archive is dropped. */
export function rotateLogFiles(path: string, keep: number, fs: SyncFileOps): void {
  const { dir, name, ext } = parse(path)
  const archive = (n: number): string => join(dir, `${name}.${n}${ext}`)
  fs.rmSync(archive(keep), { force: true })
  for (let n = keep - 1; n >= 1; n -= 1) {
    if (fs.existsSync(archive(n))) fs.renameSync(archive(n), archive(n + 1))
  }
  fs.renameSync(path, archive(1))
}

export function configureLogging(
  log: MainLogger,
  options: { dir: string; fs: SyncFileOps; verbose: boolean },
): void {
  const file = log.transports.file
  file.resolvePathFn = () => join(options.dir, 'main.log')
  file.maxSize = MAX_LOG_BYTES
  // electron-log requires the rotation to finish synchronously.
  file.archiveLogFn = (oldFile) => rotateLogFiles(oldFile.path, KEPT_ARCHIVES, options.fs)
  file.level = options.verbose ? 'debug' : 'info'
  log.errorHandler.startCatching({ showDialog: false })
}

/**
 * electron-log listens on an IPC channel of its own for renderer-side logging. Outpost's
 * renderer logs through the validated bridge, so that channel is closed: main answers only
 * the channels of src/shared/ipc.ts.
 */
export function closeElectronLogIpc(
  ipcMain: Pick<IpcMain, 'removeAllListeners' | 'removeHandler'>,
): void {
  ipcMain.removeAllListeners('__ELECTRON_LOG__')
  ipcMain.removeHandler('__ELECTRON_LOG__')
}

type ConsoleLog = Pick<MainLogger, 'error' | 'warn'>

/** Renderer errors reach the log even if the page fails before it can call the bridge. */
export function logRendererConsole(contents: Pick<WebContents, 'on'>, log: ConsoleLog): void {
  contents.on('console-message', (details) => {
    const where = `${details.sourceId}:${details.lineNumber}`
    if (details.level === 'error') log.error(`${details.message} (${where})`)
    else if (details.level === 'warning') log.warn(`${details.message} (${where})`)
  })
}
