// Where the Electron binary is, without `require('electron')`: on Electron 45 that call
// downloads the binary when it is missing (there is no install script any more), which must not
// happen inside a test run.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The executable inside an Electron dist folder, as node_modules/electron/index.js names it. */
const DEFAULT_EXECUTABLE: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'electron',
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
}

/**
 * The binary `require('electron')` would return, or null when there is none: the one in
 * ELECTRON_OVERRIDE_DIST_PATH when that is set (as node_modules/electron/index.js does), else
 * the downloaded one in node_modules/electron/dist.
 */
export function electronBinary(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  packageDir: string = dirname(createRequire(import.meta.url).resolve('electron/package.json')),
): string | null {
  const pathFile = join(packageDir, 'path.txt')
  const downloaded = existsSync(pathFile)
  const executable = downloaded
    ? readFileSync(pathFile, 'utf8').trim()
    : (DEFAULT_EXECUTABLE[platform] ?? 'electron')
  const override = env.ELECTRON_OVERRIDE_DIST_PATH ?? ''
  const binary =
    override !== ''
      ? join(override, executable)
      : downloaded
        ? join(packageDir, 'dist', executable)
        : null
  return binary !== null && existsSync(binary) ? binary : null
}
