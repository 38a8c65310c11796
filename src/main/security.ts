// App-wide guards, installed before the first window exists: every webContents (including ones
// we never create on purpose) may show only the app, never a webview, never a new window, and
// the session denies every permission but two harmless ones and sends a strict CSP.
import type { App, Session, Shell, WebContents } from 'electron'
import type { ExternalLinkDecision } from './external-url'

export interface GuardOptions {
  isAppUrl: (url: string) => boolean
  /** external-url.ts's externalLinkDecision, with the configured backend. */
  externalLink: (url: string) => ExternalLinkDecision
  /** Asks the user, in a main-process dialog, whether to open a link the app does not know. */
  askToOpen: (url: string) => Promise<boolean>
  log: { warn(message: string): void }
}

export function installSecurityGuards(
  app: Pick<App, 'on'>,
  shell: Pick<Shell, 'openExternal'>,
  options: GuardOptions,
): void {
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, shell, options)
  })
}

function guardWebContents(
  contents: WebContents,
  shell: Pick<Shell, 'openExternal'>,
  { isAppUrl, externalLink, askToOpen, log }: GuardOptions,
): void {
  const open = async (url: string): Promise<void> => {
    try {
      await shell.openExternal(url)
    } catch (error) {
      log.warn(`Could not open ${url} in the browser: ${String(error)}`)
    }
  }
  const openOutside = (url: string): void => {
    const decision = externalLink(url)
    if (decision === 'block') {
      log.warn(`Blocked a link to ${url}`)
      return
    }
    if (decision === 'open') {
      void open(url)
      return
    }
    askToOpen(url)
      .then((yes) => {
        if (yes) return open(url)
        log.warn(`Not opening ${url}: the user declined`)
      })
      .catch((error: unknown) => log.warn(`Could not ask about ${url}: ${String(error)}`))
  }

  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log.warn('Blocked a <webview>')
  })
  // A link clicked in the page: the app stays, the web page opens in the browser.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return
    event.preventDefault()
    openOutside(event.url)
  })
  // Any frame, including iframes the CSP would not have let load anyway.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })
}

// Durable IndexedDB (navigator.storage.persist) protects days of offline edits from eviction;
// writing to the clipboard lets technicians copy IDs. Nothing else is ever granted.
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'persistent-storage',
  'clipboard-sanitized-write',
])

export function isPermissionGranted(
  permission: string,
  requestingUrl: string | undefined,
  isAppUrl: (url: string) => boolean,
): boolean {
  return (
    GRANTED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isAppUrl(requestingUrl)
  )
}

/** Replaces any Content-Security-Policy a response carries with ours. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== 'content-security-policy',
  )
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [policy] }
}

export interface SessionHardening {
  isAppUrl: (url: string) => boolean
  /** Read on every response, so a changed backend URL applies from the next page load. */
  contentSecurityPolicy: () => string
  log: { warn(message: string): void }
}

export function hardenSession(
  session: Pick<
    Session,
    | 'setPermissionRequestHandler'
    | 'setPermissionCheckHandler'
    | 'setDevicePermissionHandler'
    | 'webRequest'
  >,
  { isAppUrl, contentSecurityPolicy, log }: SessionHardening,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isPermissionGranted(permission, details.requestingUrl, isAppUrl)
    if (!granted) log.warn(`Denied permission ${permission} to ${details.requestingUrl}`)
    callback(granted)
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, isAppUrl),
  )
  session.setDevicePermissionHandler(() => false)
  // Covers http(s) documents (the dev server); the app:// handler sets the same header itself
  // because webRequest never sees custom-protocol responses.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy()),
    })
  })
}
