// Main's side of the contract in src/shared/ipc.ts: one handler per channel, each call checked
// for its sender and its payload before the handler runs, and each answer parsed on the way
// out so nothing beyond the declared shape (zod strips unknown keys) reaches the renderer.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { z, ZodType } from 'zod'
import type { EventChannel, EventPayload, InvokeChannel } from '../shared/ipc'
import { eventContract, invokeContract } from '../shared/ipc'

type Contract = typeof invokeContract
type Awaitable<T> = T | Promise<T>

export type InvokeHandlers = {
  [C in InvokeChannel]: (
    request: z.output<Contract[C]['request']>,
  ) => Awaitable<z.input<Contract[C]['response']>>
}

export function registerInvokeHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: InvokeHandlers,
  options: {
    isTrustedSender: (event: IpcMainInvokeEvent) => boolean
    log: { warn(message: string): void }
  },
): void {
  const { isTrustedSender, log } = options
  const channels = Object.keys(invokeContract) as InvokeChannel[]
  for (const channel of channels) {
    // The table and the handler map agree per channel by construction (InvokeHandlers); the
    // loop only needs them as "a schema and a function".
    const { request, response }: { request: ZodType; response: ZodType } = invokeContract[channel]
    const handler = handlers[channel] as (payload: unknown) => unknown
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event)) {
        log.warn(`Rejected ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`)
        throw new Error(`${channel}: not allowed from this frame`)
      }
      const parsed = request.safeParse(payload)
      if (!parsed.success) {
        log.warn(`Rejected ${channel}: ${parsed.error.message}`)
        throw new Error(`${channel}: invalid request`)
      }
      return response.parse(await handler(parsed.data))
    })
  }
}

export type EventSender = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void

/** Sends a validated event to the app window, if there is one. */
export function createEventSender(
  target: () => Pick<WebContents, 'send' | 'isDestroyed'> | undefined,
): EventSender {
  return (channel, payload) => {
    const contents = target()
    if (contents === undefined || contents.isDestroyed()) return
    contents.send(channel, eventContract[channel].parse(payload))
  }
}
