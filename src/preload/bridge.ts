// The renderer's whole view of the desktop: named methods over the channels declared in
// src/shared/ipc.ts, and nothing that could reach an arbitrary channel. Event listeners get
// the payload only, never Electron's event object (it carries `sender`).
import type { IpcRenderer, IpcRendererEvent } from 'electron'
import type {
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
  OutpostBridge,
  Unsubscribe,
} from '../shared/ipc'

export type IpcRendererPort = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

export function createBridge(ipc: IpcRendererPort) {
  const invoke = <C extends InvokeChannel>(
    channel: C,
    request: InvokeRequest<C>,
  ): Promise<InvokeResponse<C>> => ipc.invoke(channel, request) as Promise<InvokeResponse<C>>

  const subscribe = <C extends EventChannel>(
    channel: C,
    listener: (payload: EventPayload<C>) => void,
  ): Unsubscribe => {
    const forward = (_event: IpcRendererEvent, payload: EventPayload<C>): void => listener(payload)
    ipc.on(channel, forward)
    return () => {
      ipc.removeListener(channel, forward)
    }
  }

  return {
    app: {
      info: () => invoke('outpost:app:info', undefined),
    },
    config: {
      get: () => invoke('outpost:config:get', undefined),
      set: (config) => invoke('outpost:config:set', config),
    },
    secrets: {
      protection: () => invoke('outpost:secrets:protection', undefined),
      getItem: (key) => invoke('outpost:secrets:get-item', { key }),
      setItem: (key, value) => invoke('outpost:secrets:set-item', { key, value }),
      removeItem: (key) => invoke('outpost:secrets:remove-item', { key }),
      status: () => invoke('outpost:secrets:status', undefined),
      onStatus: (listener) => subscribe('outpost:secrets:changed', listener),
      retry: () => invoke('outpost:secrets:retry', undefined),
      discard: () => invoke('outpost:secrets:discard', undefined),
    },
    connectivity: {
      isOnline: () => invoke('outpost:connectivity:is-online', undefined),
      onChange: (listener) =>
        subscribe('outpost:connectivity:changed', ({ online }) => listener(online)),
    },
    sync: {
      onSyncRequested: (listener) => subscribe('outpost:sync:requested', listener),
    },
    updates: {
      getState: () => invoke('outpost:updates:get-state', undefined),
      onState: (listener) => subscribe('outpost:updates:state', listener),
      check: () => invoke('outpost:updates:check', undefined),
      restartToUpdate: () => invoke('outpost:updates:restart', undefined),
      setChannel: (channel) => invoke('outpost:updates:set-channel', channel),
      setSyncBusy: (busy) => invoke('outpost:updates:set-sync-busy', busy),
    },
    logs: {
      write: (level, message) => invoke('outpost:logs:write', { level, message }),
      open: () => invoke('outpost:logs:open', undefined),
    },
  } satisfies OutpostBridge
}
