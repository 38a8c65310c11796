// The one window's options. Every security-relevant web preference is spelled out, even where
// it matches Electron's default, so a future default change or a careless edit shows in review
// and fails the unit test.
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron'

export interface WindowOptionsInput {
  preloadPath: string
  bounds: Partial<Rectangle> & Pick<Rectangle, 'width' | 'height'>
  devTools: boolean
}

export function createWindowOptions({
  preloadPath,
  bounds,
  devTools,
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 800,
    minHeight: 600,
    title: 'Outpost',
    backgroundColor: '#1f2328',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Chromium would fetch dictionaries from Google's servers; the app works offline.
      spellcheck: false,
      devTools,
    },
  }
}
