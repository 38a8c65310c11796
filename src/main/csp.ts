// The Content-Security-Policy of the renderer. Scripts come only from the app itself, and the
// renderer may talk only to the app and to the configured backend.
import { backendOrigins } from '../shared/backend-url'

export interface CspOptions {
  backendUrl: string
  /** electron-vite's dev server (development only): its scripts, HMR socket and inline styles. */
  devOrigin: string | null
}

export function buildContentSecurityPolicy({ backendUrl, devOrigin }: CspOptions): string {
  const backend = backendOrigins(backendUrl)
  const connect = ["'self'", ...(backend === null ? [] : [backend.http, backend.ws])]
  const scripts = ["'self'"]
  const styles = ["'self'"]
  if (devOrigin !== null) {
    const devSocket = devOrigin.replace(/^http/, 'ws')
    connect.push(devOrigin, devSocket)
    // Vite injects the React refresh preamble and CSS as inline tags in development only.
    scripts.push("'unsafe-inline'")
    styles.push("'unsafe-inline'")
  }
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    `style-src ${styles.join(' ')}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
