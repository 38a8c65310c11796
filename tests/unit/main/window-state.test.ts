import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SIZE,
  initialWindowBounds,
  isReachable,
  windowStateOf,
  WindowStateSchema,
} from '../../../src/main/window-state'

const laptop = { x: 0, y: 0, width: 1920, height: 1040 }
const externalRight = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('initialWindowBounds', () => {
  it('uses the default size on first launch', () => {
    expect(initialWindowBounds(null, [laptop])).toEqual({
      bounds: DEFAULT_SIZE,
      maximized: false,
    })
  })

  it('restores a window that is still on screen', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: true }
    expect(initialWindowBounds(saved, [laptop])).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    })
  })

  it('restores onto a second monitor while it is connected', () => {
    const saved = { x: 2200, y: 100, width: 1400, height: 900, maximized: false }
    expect(initialWindowBounds(saved, [laptop, externalRight]).bounds).toMatchObject({ x: 2200 })
  })

  it.each([
    ['on a monitor that was unplugged', { x: 2200, y: 100 }],
    ['far off to the left', { x: -5000, y: 100 }],
    ['above every screen, title bar unreachable', { x: 100, y: -700 }],
    ['below the bottom edge', { x: 100, y: 1030 }],
    ['with only a sliver visible', { x: 1880, y: 100 }],
  ])('ignores a position %s and centres the saved size', (_case, position) => {
    const saved = { ...position, width: 1200, height: 800, maximized: false }
    expect(initialWindowBounds(saved, [laptop])).toEqual({
      bounds: { width: 1200, height: 800 },
      maximized: false,
    })
  })

  it('shrinks a saved size that no longer fits any screen', () => {
    const saved = { x: 2000, y: 0, width: 2500, height: 1400, maximized: false }
    expect(initialWindowBounds(saved, [laptop]).bounds).toEqual({ width: 1920, height: 1040 })
  })
})

describe('isReachable', () => {
  it('needs the title bar inside a work area', () => {
    expect(isReachable({ x: 0, y: 0, width: 800, height: 600 }, [laptop])).toBe(true)
    expect(isReachable({ x: 0, y: -10, width: 800, height: 600 }, [laptop])).toBe(false)
    expect(isReachable({ x: 0, y: 0, width: 800, height: 600 }, [])).toBe(false)
  })
})

describe('WindowStateSchema / windowStateOf', () => {
  it('rejects corrupted state files', () => {
    expect(WindowStateSchema.safeParse({ x: 0, y: 0, width: 'big' }).success).toBe(false)
    expect(
      WindowStateSchema.safeParse({ x: 0.5, y: 0, width: 800, height: 600, maximized: false })
        .success,
    ).toBe(false)
    expect(
      WindowStateSchema.safeParse({ x: 0, y: 0, width: 1e9, height: 600, maximized: false })
        .success,
    ).toBe(false)
  })

  it('saves the normal bounds of a maximized window', () => {
    const window = {
      getNormalBounds: () => ({ x: 5, y: 6, width: 900, height: 700 }),
      isMaximized: () => true,
    }
    expect(windowStateOf(window)).toEqual({ x: 5, y: 6, width: 900, height: 700, maximized: true })
  })
})
