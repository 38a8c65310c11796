// Small JSON and blob files in userData, written atomically: a crash or power cut halfway
// through a write (common on field laptops) leaves the previous file, never half of the new one.
import { dirname } from 'node:path'
import type { ZodType } from 'zod'

/** The subset of node:fs/promises the stores use; tests pass the real module and a temp dir. */
export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>
  writeFile(path: string, data: Uint8Array | string, options?: { mode?: number }): Promise<void>
  rename(from: string, to: string): Promise<void>
  mkdir(path: string, options: { recursive: true }): Promise<unknown>
  rm(path: string, options: { force: true; recursive?: boolean }): Promise<void>
  readdir(path: string): Promise<string[]>
}

function isMissingFile(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

export async function readFileOrNull(fs: FileSystem, path: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(path)
  } catch (error) {
    if (isMissingFile(error)) return null
    throw error
  }
}

/** Only the owner may read the file (mode 0600; ignored on Windows, where userData is private). */
export async function writeFileAtomic(
  fs: FileSystem,
  path: string,
  data: Uint8Array | string,
): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await fs.writeFile(temporary, data, { mode: 0o600 })
  await fs.rename(temporary, path)
}

export interface SyncFileSystem {
  mkdirSync(path: string, options: { recursive: true }): unknown
  writeFileSync(path: string, data: string, options: { mode: number }): void
  renameSync(from: string, to: string): void
}

/**
 * For the last write before the app quits (the window's bounds on close): an asynchronous
 * write could still be pending when the process exits.
 */
export function writeJsonFileSync(fs: SyncFileSystem, path: string, value: unknown): void {
  fs.mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  fs.writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 })
  fs.renameSync(temporary, path)
}

export interface JsonFile<T> {
  /** The stored value, or null when the file is missing, unreadable JSON, or fails the schema. */
  read(): Promise<T | null>
  write(value: T): Promise<void>
}

export function createJsonFile<T>(options: {
  fs: FileSystem
  path: string
  schema: ZodType<T>
  log: { warn(message: string): void }
}): JsonFile<T> {
  const { fs, path, schema, log } = options
  return {
    async read() {
      const bytes = await readFileOrNull(fs, path)
      if (bytes === null) return null
      let json: unknown
      try {
        json = JSON.parse(new TextDecoder().decode(bytes))
      } catch {
        log.warn(`Ignoring ${path}: not JSON`)
        return null
      }
      const parsed = schema.safeParse(json)
      if (!parsed.success) {
        log.warn(`Ignoring ${path}: ${parsed.error.message}`)
        return null
      }
      return parsed.data
    },
    write(value) {
      return writeFileAtomic(fs, path, `${JSON.stringify(value, null, 2)}\n`)
    },
  }
}
