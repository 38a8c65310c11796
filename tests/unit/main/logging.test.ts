import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import type { IpcMain, WebContents } from 'electron'
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { closeElectronLogIpc, logRendererConsole, rotateLogFiles } from '../../../src/main/logging'
import { fake } from './fakes'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-logs-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const fileOps = { existsSync, renameSync, rmSync }

describe('rotateLogFiles', () => {
  it('shifts archives and keeps only the newest ones', () => {
    const log = join(dir, 'main.log')
    for (const generation of ['first', 'second', 'third', 'fourth', 'fifth']) {
      writeFileSync(log, generation)
      rotateLogFiles(log, 3, fileOps)
    }
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log'])
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8')).toBe('fifth')
    expect(readFileSync(join(dir, 'main.3.log'), 'utf8')).toBe('third')
  })
})

describe('logRendererConsole', () => {
  it('writes renderer errors and warnings to the log, not its chatter', () => {
    const contents = new EventEmitter()
    const log = { error: vi.fn(), warn: vi.fn() }
    logRendererConsole(fake<WebContents>(contents), log)
    const message = (level: string, text: string) =>
      contents.emit('console-message', {
        level,
        message: text,
        sourceId: 'app://outpost/assets/index.js',
        lineNumber: 12,
      })
    message('error', 'Uncaught TypeError: x is undefined')
    message('warning', 'slow query')
    message('info', 'rendered')
    message('debug', 'noise')
    expect(log.error).toHaveBeenCalledWith(
      'Uncaught TypeError: x is undefined (app://outpost/assets/index.js:12)',
    )
    expect(log.warn).toHaveBeenCalledTimes(1)
  })
})

describe('closeElectronLogIpc', () => {
  it("removes electron-log's own renderer channel", () => {
    const ipcMain = { removeAllListeners: vi.fn(), removeHandler: vi.fn() }
    closeElectronLogIpc(fake<IpcMain>(ipcMain))
    expect(ipcMain.removeAllListeners).toHaveBeenCalledWith('__ELECTRON_LOG__')
    expect(ipcMain.removeHandler).toHaveBeenCalledWith('__ELECTRON_LOG__')
  })
})
