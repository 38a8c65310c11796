// The renderer's own address. Production serves it from the privileged `app://outpost` scheme
// (a stable origin for IndexedDB, unlike file://); development from electron-vite's server.
// Changing the scheme or host would orphan every device's offline data, so they are fixed here.

export const APP_SCHEME = 'app'
export const APP_HOST = 'outpost'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

function parse(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/**
 * The development server origin, only if it is plain http on this computer; anything else in
 * ELECTRON_RENDERER_URL is ignored rather than trusted.
 */
export function devServerOrigin(rendererUrl: string | undefined): string | null {
  if (rendererUrl === undefined) return null
  const url = parse(rendererUrl)
  if (url === null || url.protocol !== 'http:') return null
  if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') return null
  if (url.username !== '' || url.password !== '') return null
  return url.origin
}

/** Whether a URL belongs to the app itself (the only place its windows may navigate). */
export function isAppUrl(value: string, devOrigin: string | null): boolean {
  const url = parse(value)
  if (url === null || url.username !== '' || url.password !== '') return false
  if (url.protocol === `${APP_SCHEME}:`) return url.host === APP_HOST
  return devOrigin !== null && url.origin === devOrigin
}
