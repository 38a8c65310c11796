import { describe, expect, it } from 'vitest'
import { createWindowOptions } from '../../../src/main/window-options'

const options = (devTools = false) =>
  createWindowOptions({
    preloadPath: '/app/out/preload/index.cjs',
    bounds: { x: 10, y: 20, width: 1200, height: 800 },
    devTools,
  })

describe('createWindowOptions', () => {
  it('isolates and sandboxes the renderer with Node out of reach', () => {
    expect(options().webPreferences).toMatchObject({
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
    })
  })

  it('loads only the given preload and no other script hooks', () => {
    const prefs = options().webPreferences ?? {}
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
    expect(prefs).not.toHaveProperty('additionalArguments')
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('partition')
  })

  it('keeps developer tools out of production builds', () => {
    expect(options(false).webPreferences?.devTools).toBe(false)
    expect(options(true).webPreferences?.devTools).toBe(true)
  })

  it('restores the given bounds and waits for ready-to-show', () => {
    expect(options()).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false })
    expect(options().title).toBe('Outpost')
  })
})
