// The desktop bridge if the renderer runs inside Outpost's window, null in a plain browser.
// Callers branch on null instead of probing window themselves.
import type { OutpostBridge } from '../../../shared/ipc'
// Declares window.outpost wherever this module is compiled.
import type {} from './global'

export function getBridge(): OutpostBridge | null {
  return typeof window === 'undefined' ? null : (window.outpost ?? null)
}
