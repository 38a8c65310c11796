import type { IpcRendererEvent } from 'electron'
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { IpcRendererPort } from '../../../src/preload/bridge'
import { createBridge } from '../../../src/preload/bridge'
import type { UpdateState } from '../../../src/shared/ipc'
import { invokeContract } from '../../../src/shared/ipc'
import { fake } from './fakes'

function setup() {
  const emitter = new EventEmitter()
  const invoke = vi.fn((_channel: string, _payload?: unknown) => Promise.resolve(undefined))
  const ipc = {
    invoke,
    on: emitter.on.bind(emitter),
    removeListener: emitter.removeListener.bind(emitter),
  }
  const bridge = createBridge(fake<IpcRendererPort>(ipc))
  const send = (channel: string, payload: unknown) =>
    emitter.emit(channel, fake<IpcRendererEvent>({ sender: 'ipcRenderer' }), payload)
  return { bridge, invoke, emitter, send }
}

describe('createBridge', () => {
  it('maps each method onto its declared channel and payload', async () => {
    const { bridge, invoke } = setup()
    await bridge.app.info()
    await bridge.config.set({ backendUrl: 'https://a.example', anonKey: 'k' })
    await bridge.secrets.getItem('sb-auth')
    await bridge.secrets.setItem('sb-auth', 'v')
    await bridge.secrets.removeItem('sb-auth')
    await bridge.secrets.status()
    await bridge.secrets.retry()
    await bridge.secrets.discard()
    await bridge.updates.setChannel('beta')
    await bridge.updates.setSyncBusy(true)
    await bridge.updates.restartToUpdate()
    await bridge.logs.write('error', 'boom')
    expect(invoke.mock.calls).toEqual([
      ['outpost:app:info', undefined],
      ['outpost:config:set', { backendUrl: 'https://a.example', anonKey: 'k' }],
      ['outpost:secrets:get-item', { key: 'sb-auth' }],
      ['outpost:secrets:set-item', { key: 'sb-auth', value: 'v' }],
      ['outpost:secrets:remove-item', { key: 'sb-auth' }],
      ['outpost:secrets:status', undefined],
      ['outpost:secrets:retry', undefined],
      ['outpost:secrets:discard', undefined],
      ['outpost:updates:set-channel', 'beta'],
      ['outpost:updates:set-sync-busy', true],
      ['outpost:updates:restart', undefined],
      ['outpost:logs:write', { level: 'error', message: 'boom' }],
    ])
    for (const [channel] of invoke.mock.calls)
      expect(Object.keys(invokeContract)).toContain(channel)
  })

  it('exposes no way to reach an arbitrary channel', () => {
    const { bridge } = setup()
    const methods = Object.values(bridge).flatMap((group) => Object.keys(group))
    expect(methods).not.toContain('invoke')
    expect(methods).not.toContain('send')
    expect(methods).not.toContain('on')
  })

  it('hands listeners the payload, never the IPC event', () => {
    const { bridge, send } = setup()
    const online = vi.fn()
    const syncs = vi.fn()
    const states = vi.fn()
    const secretStates = vi.fn()
    bridge.secrets.onStatus(secretStates)
    bridge.connectivity.onChange(online)
    bridge.sync.onSyncRequested(syncs)
    bridge.updates.onState(states)
    const state: UpdateState = {
      channel: 'stable',
      phase: { status: 'idle' },
      restartPending: false,
    }
    send('outpost:connectivity:changed', { online: false })
    send('outpost:sync:requested', { reason: 'menu' })
    send('outpost:updates:state', state)
    const locked = {
      state: 'locked',
      protection: 'os-keychain',
      backend: 'gnome_libsecret',
      recordedBackend: 'gnome_libsecret',
    }
    send('outpost:secrets:changed', locked)
    expect(secretStates.mock.calls).toEqual([[locked]])
    expect(online.mock.calls).toEqual([[false]])
    expect(syncs.mock.calls).toEqual([[{ reason: 'menu' }]])
    expect(states.mock.calls).toEqual([[state]])
  })

  it('unsubscribes', () => {
    const { bridge, send, emitter } = setup()
    const listener = vi.fn()
    const unsubscribe = bridge.sync.onSyncRequested(listener)
    unsubscribe()
    send('outpost:sync:requested', { reason: 'menu' })
    expect(listener).not.toHaveBeenCalled()
    expect(emitter.listenerCount('outpost:sync:requested')).toBe(0)
  })
})
