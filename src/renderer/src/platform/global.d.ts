import type { OutpostBridge } from '../../../shared/ipc'

declare global {
  interface Window {
    /** Set by the desktop preload; undefined when the renderer runs as a plain web page. */
    outpost?: OutpostBridge
  }
}
