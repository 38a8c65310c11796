// The one contract between the main process, the preload and the renderer: the API the
// renderer sees as `window.outpost`, and the IPC channels behind it with a zod schema for every
// request, response and event. Main validates every request against these schemas, so the
// renderer is treated as untrusted input. Shared by all three processes: no Node, DOM or
// Electron imports here.
import { z } from 'zod'
import { normalizeBackendUrl } from './backend-url'

export const UpdateChannelSchema = z.enum(['stable', 'beta'])
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>

export const LogLevelSchema = z.enum(['error', 'warn', 'info', 'debug'])
export type LogLevel = z.infer<typeof LogLevelSchema>

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  isPackaged: z.boolean(),
})
export type AppInfo = z.infer<typeof AppInfoSchema>

/** Where the backend lives. Not secret: the anon key is public by design (RLS guards data). */
export const BackendConfigSchema = z.object({
  backendUrl: z
    .string()
    .max(2048)
    .refine((url) => normalizeBackendUrl(url) !== null, {
      message: 'Use an https:// address (http:// only for a backend on this computer)',
    })
    .transform((url) => normalizeBackendUrl(url) ?? url),
  // Empty means "not configured yet": a build without VITE_SUPABASE_ANON_KEY asks the user.
  anonKey: z
    .string()
    .trim()
    .max(4096)
    .regex(/^[\w.-]*$/, 'An anon key has only letters, digits, dots, dashes and underscores'),
})
export type BackendConfig = z.infer<typeof BackendConfigSchema>

// supabase-js keys look like `sb-<project>-auth-token`; the key becomes a file name in main.
export const SecretKeySchema = z.string().regex(/^[\w.:-]{1,200}$/)
export const SecretValueSchema = z.string().max(256 * 1024)

/**
 * How secrets are protected at rest: by the OS keychain (Keychain, DPAPI, libsecret/kwallet),
 * by Chromium's fixed key on Linux without a keyring (`basic-text`, obfuscation only), or not
 * at all, in which case nothing is stored.
 */
export const SecretProtectionSchema = z.enum(['os-keychain', 'basic-text', 'unavailable'])
export type SecretProtection = z.infer<typeof SecretProtectionSchema>

export const SecretWriteResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({
    ok: z.literal(false),
    // `backend-changed`: the secrets were written with another Linux keyring backend; nothing is
    // overwritten until the user chooses (secrets.discard()).
    reason: z.enum(['encryption-unavailable', 'backend-changed']),
  }),
])
export type SecretWriteResult = z.infer<typeof SecretWriteResultSchema>

/** safeStorage.getSelectedStorageBackend() on Linux (`basic_text`, `gnome_libsecret`, …). */
export const StorageBackendSchema = z.string().regex(/^[a-z0-9_]{1,32}$/)

/**
 * What the renderer tells the user about the saved sign-in:
 * - `ok`: nothing to say (a `basic-text` protection is still worth a notice);
 * - `locked`: a saved secret exists but does not decrypt now (keyring locked, Keychain prompt
 *   denied, new OS profile). It is kept; `retry()` tries again, `discard()` deletes it;
 * - `backend-changed`: Linux picked another keyring backend than the one the secrets were
 *   written with. Nothing is read or overwritten until the user discards (or restarts with the
 *   old backend, e.g. `--password-store=gnome-libsecret`).
 */
export const SecretStoreStatusSchema = z.object({
  state: z.enum(['ok', 'locked', 'backend-changed']),
  protection: SecretProtectionSchema,
  /** The backend in use now; null outside Linux. */
  backend: StorageBackendSchema.nullable(),
  /** The backend the saved secrets were written with (settings.json); null if none recorded. */
  recordedBackend: StorageBackendSchema.nullable(),
})
export type SecretStoreStatus = z.infer<typeof SecretStoreStatusSchema>

export const ConnectivitySchema = z.object({ online: z.boolean() })

export const SyncRequestSchema = z.object({
  reason: z.enum(['menu', 'online', 'resume', 'unlock-screen']),
})
export type SyncRequest = z.infer<typeof SyncRequestSchema>

export const UpdatePhaseSchema = z.discriminatedUnion('status', [
  // Development builds and installs that update another way (deb, Store) never check.
  z.object({ status: z.literal('disabled') }),
  z.object({ status: z.literal('idle') }),
  z.object({ status: z.literal('checking') }),
  z.object({ status: z.literal('available'), version: z.string() }),
  z.object({
    status: z.literal('downloading'),
    version: z.string(),
    percent: z.number().min(0).max(100),
  }),
  z.object({ status: z.literal('downloaded'), version: z.string() }),
  z.object({ status: z.literal('error'), message: z.string() }),
])
export type UpdatePhase = z.infer<typeof UpdatePhaseSchema>

export const UpdateStateSchema = z.object({
  channel: UpdateChannelSchema,
  phase: UpdatePhaseSchema,
  /** A restart was asked for and waits until the renderer reports the outbox push is done. */
  restartPending: z.boolean(),
})
export type UpdateState = z.infer<typeof UpdateStateSchema>

export const RestartOutcomeSchema = z.enum(['restarting', 'waiting-for-sync', 'nothing-to-install'])
export type RestartOutcome = z.infer<typeof RestartOutcomeSchema>

const LogEntrySchema = z.object({
  level: LogLevelSchema,
  message: z.string().transform((message) => message.slice(0, 10_000)),
})

const none = z.undefined()
const nothing = z.void()

/** Renderer → main requests (`ipcRenderer.invoke`), keyed by channel name. */
export const invokeContract = {
  'outpost:app:info': { request: none, response: AppInfoSchema },
  'outpost:config:get': { request: none, response: BackendConfigSchema },
  'outpost:config:set': { request: BackendConfigSchema, response: BackendConfigSchema },
  'outpost:secrets:protection': { request: none, response: SecretProtectionSchema },
  'outpost:secrets:get-item': {
    request: z.object({ key: SecretKeySchema }),
    response: SecretValueSchema.nullable(),
  },
  'outpost:secrets:set-item': {
    request: z.object({ key: SecretKeySchema, value: SecretValueSchema }),
    response: SecretWriteResultSchema,
  },
  'outpost:secrets:remove-item': { request: z.object({ key: SecretKeySchema }), response: nothing },
  'outpost:secrets:status': { request: none, response: SecretStoreStatusSchema },
  'outpost:secrets:retry': { request: none, response: SecretStoreStatusSchema },
  'outpost:secrets:discard': { request: none, response: SecretStoreStatusSchema },
  'outpost:connectivity:is-online': { request: none, response: z.boolean() },
  'outpost:updates:get-state': { request: none, response: UpdateStateSchema },
  'outpost:updates:check': { request: none, response: nothing },
  'outpost:updates:restart': { request: none, response: RestartOutcomeSchema },
  'outpost:updates:set-channel': { request: UpdateChannelSchema, response: UpdateStateSchema },
  'outpost:updates:set-sync-busy': { request: z.boolean(), response: nothing },
  'outpost:logs:write': { request: LogEntrySchema, response: nothing },
  'outpost:logs:open': { request: none, response: nothing },
} as const

export type InvokeChannel = keyof typeof invokeContract
/** What the renderer sends. */
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>
/** What the renderer receives. */
export type InvokeResponse<C extends InvokeChannel> = z.output<
  (typeof invokeContract)[C]['response']
>

/** Main → renderer events (`webContents.send`), keyed by channel name. */
export const eventContract = {
  'outpost:connectivity:changed': ConnectivitySchema,
  'outpost:sync:requested': SyncRequestSchema,
  'outpost:updates:state': UpdateStateSchema,
  'outpost:secrets:changed': SecretStoreStatusSchema,
} as const

export type EventChannel = keyof typeof eventContract
export type EventPayload<C extends EventChannel> = z.output<(typeof eventContract)[C]>

export type Unsubscribe = () => void

/** `window.outpost`: present in the desktop app, absent when the renderer runs in a browser. */
export interface OutpostBridge {
  app: {
    info(): Promise<AppInfo>
  }
  config: {
    get(): Promise<BackendConfig>
    /**
     * Saves the backend. A new backend address is saved only after the user confirms it in a
     * dialog of the main process; declined, the answer is the unchanged current config. The
     * page keeps the CSP it was loaded with, so reload after saving: the next load allows the
     * new backend in connect-src.
     */
    set(config: BackendConfig): Promise<BackendConfig>
  }
  /** Async key/value storage for the Supabase session, encrypted by main with safeStorage. */
  secrets: {
    protection(): Promise<SecretProtection>
    getItem(key: string): Promise<string | null>
    setItem(key: string, value: string): Promise<SecretWriteResult>
    removeItem(key: string): Promise<void>
    status(): Promise<SecretStoreStatus>
    onStatus(listener: (status: SecretStoreStatus) => void): Unsubscribe
    /** Tries to decrypt the kept secrets again (after unlocking the keyring). */
    retry(): Promise<SecretStoreStatus>
    /** Deletes the saved sign-in after the user confirms in a main-process dialog. */
    discard(): Promise<SecretStoreStatus>
  }
  connectivity: {
    /** A hint only: true means a network interface is up, not that the backend answers. */
    isOnline(): Promise<boolean>
    onChange(listener: (online: boolean) => void): Unsubscribe
  }
  sync: {
    /** "Sync now" from the menu, the network coming back, or the computer waking up. */
    onSyncRequested(listener: (request: SyncRequest) => void): Unsubscribe
  }
  updates: {
    getState(): Promise<UpdateState>
    onState(listener: (state: UpdateState) => void): Unsubscribe
    check(): Promise<void>
    /** Installs a downloaded update, or waits until `setSyncBusy(false)` if a push is running. */
    restartToUpdate(): Promise<RestartOutcome>
    setChannel(channel: UpdateChannel): Promise<UpdateState>
    /** The renderer reports while it pushes the outbox; main never restarts meanwhile. */
    setSyncBusy(busy: boolean): Promise<void>
  }
  logs: {
    write(level: LogLevel, message: string): Promise<void>
    open(): Promise<void>
  }
}
