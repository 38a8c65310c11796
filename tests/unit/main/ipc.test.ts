import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { isAppUrl } from '../../../src/main/app-url'
import type { InvokeHandlers } from '../../../src/main/ipc-main'
import { createEventSender, registerInvokeHandlers } from '../../../src/main/ipc-main'
import { isTrustedSender } from '../../../src/main/trusted-sender'
import type { InvokeChannel } from '../../../src/shared/ipc'
import { eventContract, invokeContract } from '../../../src/shared/ipc'
import { fake } from './fakes'

const WINDOW_ID = 7
const mainFrame = { processId: 3, routingId: 1, url: 'app://outpost/index.html' }

function invokeEvent(
  frame: { processId: number; routingId: number; url: string } | null = mainFrame,
  senderId = WINDOW_ID,
): IpcMainInvokeEvent {
  return fake<IpcMainInvokeEvent>({ sender: { id: senderId, mainFrame }, senderFrame: frame })
}

const trusted = (event: IpcMainInvokeEvent) =>
  isTrustedSender(event, { webContentsId: WINDOW_ID, isAppUrl: (url) => isAppUrl(url, null) })

const secretStatus = {
  state: 'ok' as const,
  protection: 'os-keychain' as const,
  backend: null,
  recordedBackend: null,
}

function handlersFor(overrides: Partial<InvokeHandlers> = {}): InvokeHandlers {
  const state = {
    channel: 'stable' as const,
    phase: { status: 'idle' as const },
    restartPending: false,
  }
  return {
    'outpost:app:info': () => ({
      name: 'Outpost',
      version: '1.0.0',
      platform: 'linux',
      isPackaged: false,
    }),
    'outpost:config:get': () => ({ backendUrl: 'http://127.0.0.1:54321', anonKey: 'key' }),
    'outpost:config:set': (config) => config,
    'outpost:secrets:protection': () => 'os-keychain',
    'outpost:secrets:get-item': () => null,
    'outpost:secrets:set-item': () => ({ ok: true }),
    'outpost:secrets:remove-item': () => undefined,
    'outpost:secrets:status': () => secretStatus,
    'outpost:secrets:retry': () => secretStatus,
    'outpost:secrets:discard': () => secretStatus,
    'outpost:connectivity:is-online': () => true,
    'outpost:updates:get-state': () => state,
    'outpost:updates:check': () => undefined,
    'outpost:updates:restart': () => 'nothing-to-install',
    'outpost:updates:set-channel': (channel) => ({ ...state, channel }),
    'outpost:updates:set-sync-busy': () => undefined,
    'outpost:logs:write': () => undefined,
    'outpost:logs:open': () => undefined,
    ...overrides,
  }
}

type Listener = (event: IpcMainInvokeEvent, payload?: unknown) => Promise<unknown>

function register(overrides: Partial<InvokeHandlers> = {}) {
  const registered = new Map<string, Listener>()
  const ipcMain = {
    handle: (channel: string, listener: Listener) => registered.set(channel, listener),
  }
  const log = { warn: vi.fn() }
  registerInvokeHandlers(fake<IpcMain>(ipcMain), handlersFor(overrides), {
    isTrustedSender: trusted,
    log,
  })
  const call = (channel: InvokeChannel, payload?: unknown, event = invokeEvent()) => {
    const listener = registered.get(channel)
    if (listener === undefined) throw new Error(`no handler for ${channel}`)
    return listener(event, payload)
  }
  return { registered, call, log }
}

describe('registerInvokeHandlers', () => {
  it('registers exactly the channels of the contract', () => {
    expect([...register().registered.keys()].sort()).toEqual(Object.keys(invokeContract).sort())
  })

  it('passes valid requests through and returns the declared shape', async () => {
    const setItem = vi.fn(() => ({ ok: true as const }))
    const { call } = register({ 'outpost:secrets:set-item': setItem })
    await expect(
      call('outpost:secrets:set-item', { key: 'sb-127-auth-token', value: '{}' }),
    ).resolves.toEqual({
      ok: true,
    })
    expect(setItem).toHaveBeenCalledWith({ key: 'sb-127-auth-token', value: '{}' })
  })

  it('strips fields a handler returns beyond the contract', async () => {
    const { call } = register({
      'outpost:app:info': () => ({
        name: 'Outpost',
        version: '1.0.0',
        platform: 'linux',
        isPackaged: true,
        secret: 'do not leak',
      }),
    })
    await expect(call('outpost:app:info')).resolves.not.toHaveProperty('secret')
  })

  it.each([
    ['outpost:secrets:get-item', { key: '../../etc/passwd' }],
    ['outpost:secrets:get-item', { key: '' }],
    ['outpost:secrets:get-item', 'sb-auth-token'],
    ['outpost:secrets:set-item', { key: 'k', value: 42 }],
    ['outpost:secrets:set-item', { key: 'k', value: 'x'.repeat(300 * 1024) }],
    ['outpost:config:set', { backendUrl: 'javascript:alert(1)', anonKey: 'k' }],
    ['outpost:config:set', { backendUrl: 'http://evil.example', anonKey: 'k' }],
    ['outpost:config:set', { backendUrl: 'https://a;b.com', anonKey: 'k' }],
    ['outpost:config:set', { backendUrl: 'https://ok.example', anonKey: "k' onerror" }],
    ['outpost:updates:set-channel', 'nightly'],
    ['outpost:updates:set-sync-busy', 'yes'],
    ['outpost:logs:write', { level: 'fatal', message: 'x' }],
    ['outpost:app:info', { unexpected: true }],
  ] as const)('rejects %s with %j before the handler runs', async (channel, payload) => {
    const spy = vi.fn()
    const { call, log } = register({ [channel]: spy })
    await expect(call(channel, payload)).rejects.toThrow(/invalid request/)
    expect(spy).not.toHaveBeenCalled()
    expect(log.warn).toHaveBeenCalled()
  })

  it.each([
    ['an iframe', { processId: 3, routingId: 9, url: 'app://outpost/frame.html' }, WINDOW_ID],
    ['a page that left the app', { ...mainFrame, url: 'https://evil.example/' }, WINDOW_ID],
    ['another process', { ...mainFrame, processId: 4 }, WINDOW_ID],
    ['another webContents', mainFrame, 99],
    ['a destroyed frame', null, WINDOW_ID],
  ])('refuses calls from %s', async (_who, frame, senderId) => {
    const spy = vi.fn()
    const { call } = register({ 'outpost:secrets:get-item': spy })
    await expect(
      call('outpost:secrets:get-item', { key: 'sb-auth' }, invokeEvent(frame, senderId)),
    ).rejects.toThrow(/not allowed/)
    expect(spy).not.toHaveBeenCalled()
  })

  it('truncates oversized log messages instead of storing them whole', async () => {
    const write = vi.fn()
    const { call } = register({ 'outpost:logs:write': write })
    await call('outpost:logs:write', { level: 'error', message: 'x'.repeat(50_000) })
    expect(write).toHaveBeenCalledWith({ level: 'error', message: 'x'.repeat(10_000) })
  })
})

describe('isTrustedSender', () => {
  it('trusts the top frame of the app window showing the app', () => {
    expect(trusted(invokeEvent())).toBe(true)
  })

  it('trusts nobody while no window exists', () => {
    expect(isTrustedSender(invokeEvent(), { webContentsId: undefined, isAppUrl: () => true })).toBe(
      false,
    )
  })
})

describe('createEventSender', () => {
  it('sends validated payloads to the window', () => {
    const contents = { send: vi.fn(), isDestroyed: () => false }
    const send = createEventSender(() => fake<WebContents>(contents))
    send('outpost:connectivity:changed', { online: true })
    expect(contents.send).toHaveBeenCalledWith('outpost:connectivity:changed', { online: true })
  })

  it('refuses a payload that breaks the contract', () => {
    const contents = { send: vi.fn(), isDestroyed: () => false }
    const send = createEventSender(() => fake<WebContents>(contents))
    expect(() =>
      send('outpost:sync:requested', fake<{ reason: 'menu' }>({ reason: 'because' })),
    ).toThrow()
    expect(contents.send).not.toHaveBeenCalled()
  })

  it('does nothing without a live window', () => {
    const destroyed = { send: vi.fn(), isDestroyed: () => true }
    createEventSender(() => undefined)('outpost:sync:requested', { reason: 'menu' })
    createEventSender(() => fake<WebContents>(destroyed))('outpost:sync:requested', {
      reason: 'menu',
    })
    expect(destroyed.send).not.toHaveBeenCalled()
  })
})

describe('the IPC contract', () => {
  it('namespaces every channel and never reuses a name', () => {
    const names = [...Object.keys(invokeContract), ...Object.keys(eventContract)]
    expect(new Set(names).size).toBe(names.length)
    for (const name of names) expect(name).toMatch(/^outpost:[a-z]+:[a-z-]+$/)
  })

  it.each(['ipc.ts', 'backend-url.ts'])(
    'keeps shared/%s free of Node, DOM and Electron imports',
    (file) => {
      const source = readFileSync(resolve(import.meta.dirname, '../../../src/shared', file), 'utf8')
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1])
      for (const specifier of imports) expect(specifier).toMatch(/^(zod|\.\/[\w-]+)$/)
    },
  )
})
