import type { App, Dialog, Session, Shell, WebContents } from 'electron'
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { isAppUrl } from '../../../src/main/app-url'
import { createAskUser, oneQuestionAtATime } from '../../../src/main/ask-user'
import { externalLinkDecision, openLinkQuestion } from '../../../src/main/external-url'
import {
  hardenSession,
  installSecurityGuards,
  isPermissionGranted,
  withContentSecurityPolicy,
} from '../../../src/main/security'
import { electronEvent, fake, FakeWebContents, flushPromises } from './fakes'

const BACKEND = 'https://abc.supabase.co'

/** Electron's dialog: answers with the button the test chose (0 = Cancel, 1 = confirm). */
function fakeDialog(button: number) {
  return {
    showMessageBox: vi.fn((..._args: unknown[]) =>
      Promise.resolve({ response: button, checkboxChecked: false }),
    ),
  }
}

function setup(options: { answer?: number } = {}) {
  const app = new EventEmitter()
  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) }
  const log = { warn: vi.fn() }
  const dialog = fakeDialog(options.answer ?? 1)
  const ask = oneQuestionAtATime(
    createAskUser(fake<Dialog>(dialog), () => undefined),
    log,
  )
  installSecurityGuards(fake<App>(app), fake<Shell>(shell), {
    isAppUrl: (url) => isAppUrl(url, null),
    externalLink: (url) => externalLinkDecision(url, BACKEND),
    askToOpen: (url) => ask(openLinkQuestion(url)),
    log,
  })
  const contents = new FakeWebContents()
  app.emit('web-contents-created', {}, fake<WebContents>(contents))
  return { contents, shell, log, dialog }
}

function navigate(contents: FakeWebContents, event: string, url: string) {
  const details = electronEvent({ url, isMainFrame: true })
  contents.emit(event, details)
  return details
}

describe('installSecurityGuards', () => {
  it('guards every webContents, not only the app window', () => {
    const { contents } = setup()
    for (const event of ['will-attach-webview', 'will-navigate', 'will-frame-navigate']) {
      expect(contents.listenerCount(event)).toBe(1)
    }
    expect(contents.listenerCount('will-redirect')).toBe(1)
    expect(contents.windowOpenHandler).not.toBeNull()
  })

  it('blocks every <webview>', () => {
    const { contents } = setup()
    const event = electronEvent({})
    contents.emit('will-attach-webview', event, { preload: '/evil.js' })
    expect(event.defaultPrevented).toBe(true)
  })

  it('lets the app navigate within itself', () => {
    const { contents, shell } = setup()
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(contents, event, 'app://outpost/sites').defaultPrevented).toBe(false)
    }
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('keeps the app in place and opens web links in the browser once the user agrees', async () => {
    const { contents, shell, dialog } = setup({ answer: 1 })
    expect(navigate(contents, 'will-navigate', 'https://example.com/help').defaultPrevented).toBe(
      true,
    )
    await flushPromises()
    expect(dialog.showMessageBox).toHaveBeenCalledOnce()
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/help')
  })

  it('asks before opening a link it does not know, and opens nothing when declined', async () => {
    const { contents, shell, dialog, log } = setup({ answer: 0 })
    const leak = 'https://collector.evil.example/?token=eyJhbGciOi'
    expect(contents.windowOpenHandler?.({ url: leak })).toEqual({ action: 'deny' })
    await flushPromises()
    navigate(contents, 'will-navigate', leak)
    await flushPromises()
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(2)
    const [options] = dialog.showMessageBox.mock.calls[0] ?? []
    expect(options).toMatchObject({
      message: expect.stringContaining('collector.evil.example'),
      detail: expect.stringContaining(leak),
      buttons: ['Cancel', 'Open in browser'],
      defaultId: 0,
      cancelId: 0,
    })
    expect(shell.openExternal).not.toHaveBeenCalled()
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('declined'))
  })

  it.each([
    'https://github.com/tennetzero/outpost/blob/main/docs/releasing.md',
    'https://github.com/tennetzero/outpost/releases/tag/v1.4.0',
    'https://supabase.com/dashboard/project/abc',
    `${BACKEND}/project/default`,
  ])('opens the app’s own link %s without asking', async (url) => {
    const { contents, shell, dialog } = setup({ answer: 0 })
    navigate(contents, 'will-navigate', url)
    await flushPromises()
    expect(dialog.showMessageBox).not.toHaveBeenCalled()
    expect(shell.openExternal).toHaveBeenCalledWith(url)
  })

  it('shows one question at a time to a page that opens links in a loop', async () => {
    const { contents, dialog } = setup({ answer: 0 })
    for (let i = 0; i < 20; i++) contents.windowOpenHandler?.({ url: `https://x${i}.example/` })
    await flushPromises()
    expect(dialog.showMessageBox).toHaveBeenCalledTimes(1)
  })

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<h1>phish</h1>',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pw@example.com/',
  ])('blocks %s without opening anything', (url) => {
    const { contents, shell, log } = setup()
    expect(navigate(contents, 'will-navigate', url).defaultPrevented).toBe(true)
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    expect(shell.openExternal).not.toHaveBeenCalled()
    expect(log.warn).toHaveBeenCalled()
  })

  it('blocks redirects and frame navigations away from the app', () => {
    const { contents, shell } = setup()
    expect(navigate(contents, 'will-redirect', 'https://evil.example/').defaultPrevented).toBe(true)
    expect(
      navigate(contents, 'will-frame-navigate', 'https://evil.example/').defaultPrevented,
    ).toBe(true)
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('never opens a new window, even for the app itself', async () => {
    const { contents, shell } = setup({ answer: 1 })
    expect(contents.windowOpenHandler?.({ url: 'app://outpost/' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    })
    await flushPromises()
    expect(shell.openExternal).toHaveBeenCalledTimes(1)
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/')
  })

  it('logs, rather than crashes, when the browser cannot be opened', async () => {
    const { contents, shell, log } = setup()
    shell.openExternal.mockRejectedValueOnce(new Error('no browser'))
    navigate(contents, 'will-navigate', 'https://example.com/')
    await flushPromises()
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('no browser'))
  })
})

describe('hardenSession', () => {
  type RequestHandler = (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl?: string },
  ) => void
  type CheckHandler = (contents: unknown, permission: string, origin: string) => boolean
  type HeadersListener = (
    details: { responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void

  function harden(policy: () => string = () => "default-src 'self'") {
    const handlers: {
      request?: RequestHandler
      check?: CheckHandler
      device?: () => boolean
      headers?: HeadersListener
    } = {}
    const session = {
      setPermissionRequestHandler: (h: RequestHandler) => (handlers.request = h),
      setPermissionCheckHandler: (h: CheckHandler) => (handlers.check = h),
      setDevicePermissionHandler: (h: () => boolean) => (handlers.device = h),
      webRequest: { onHeadersReceived: (h: HeadersListener) => (handlers.headers = h) },
    }
    hardenSession(fake<Session>(session), {
      isAppUrl: (url) => isAppUrl(url, null),
      contentSecurityPolicy: policy,
      log: { warn: vi.fn() },
    })
    return handlers
  }

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'serial', 'usb'])(
    'denies %s requests and checks',
    (permission) => {
      const { request, check } = harden()
      const callback = vi.fn()
      request?.({}, permission, callback, { requestingUrl: 'app://outpost/' })
      expect(callback).toHaveBeenCalledWith(false)
      expect(check?.({}, permission, 'app://outpost')).toBe(false)
    },
  )

  it('grants durable storage to the app and to no one else', () => {
    const { request } = harden()
    const callback = vi.fn()
    request?.({}, 'persistent-storage', callback, { requestingUrl: 'app://outpost/' })
    request?.({}, 'persistent-storage', callback, { requestingUrl: 'https://evil.example/' })
    request?.({}, 'persistent-storage', callback, {})
    expect(callback.mock.calls).toEqual([[true], [false], [false]])
  })

  it('denies device access', () => {
    expect(harden().device?.()).toBe(false)
  })

  it('replaces any CSP on responses with the current policy', () => {
    let policy = 'first'
    const { headers } = harden(() => policy)
    const callback = vi.fn()
    headers?.({ responseHeaders: { 'content-security-policy': ['*'], 'X-Other': ['1'] } }, callback)
    policy = 'second'
    headers?.({}, callback)
    expect(callback.mock.calls).toEqual([
      [{ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ['first'] } }],
      [{ responseHeaders: { 'Content-Security-Policy': ['second'] } }],
    ])
  })
})

describe('isPermissionGranted / withContentSecurityPolicy', () => {
  it('needs both an allowed permission and the app as requester', () => {
    const own = (url: string) => isAppUrl(url, null)
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://outpost/', own)).toBe(true)
    expect(isPermissionGranted('clipboard-read', 'app://outpost/', own)).toBe(false)
    expect(isPermissionGranted('persistent-storage', undefined, own)).toBe(false)
  })

  it('drops CSP headers whatever their case', () => {
    expect(
      withContentSecurityPolicy(
        { 'Content-Security-Policy': ['a'], 'CONTENT-SECURITY-POLICY': ['b'] },
        'x',
      ),
    ).toEqual({ 'Content-Security-Policy': ['x'] })
  })
})
