// Who may call the bridge: only the top frame of the app's own window, while it shows the app.
// Anything else that reaches IPC (an iframe, a page that navigated away, another webContents)
// is refused before its payload is even parsed.
import type { IpcMainInvokeEvent } from 'electron'

export interface TrustedSenderPolicy {
  /** The app window's webContents id; undefined while no window exists. */
  webContentsId: number | undefined
  isAppUrl: (url: string) => boolean
}

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  { webContentsId, isAppUrl }: TrustedSenderPolicy,
): boolean {
  const frame = event.senderFrame
  if (frame === null || webContentsId === undefined) return false
  if (event.sender.id !== webContentsId) return false
  const mainFrame = event.sender.mainFrame
  if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) {
    return false
  }
  return isAppUrl(frame.url)
}
