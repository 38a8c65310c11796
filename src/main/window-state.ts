// Where the window was last time. A saved position is reused only while it is still visible:
// laptops move between docking stations, and a window restored onto a monitor that is gone
// cannot be reached by the user.
import { z } from 'zod'

export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof WindowStateSchema>

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_SIZE = { width: 1280, height: 800 }

// Enough of the window, including its top edge (the title bar), to grab it with the mouse.
const MIN_VISIBLE_WIDTH = 100
const MIN_VISIBLE_HEIGHT = 50

export function isReachable(bounds: Rect, workAreas: readonly Rect[]): boolean {
  return workAreas.some((area) => {
    const overlapWidth =
      Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x)
    const overlapHeight =
      Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y)
    const topEdgeInside = bounds.y >= area.y && bounds.y < area.y + area.height - MIN_VISIBLE_HEIGHT
    return overlapWidth >= MIN_VISIBLE_WIDTH && overlapHeight >= MIN_VISIBLE_HEIGHT && topEdgeInside
  })
}

export interface InitialBounds {
  bounds: Partial<Rect> & Pick<Rect, 'width' | 'height'>
  maximized: boolean
}

/** The saved bounds if still reachable; otherwise the saved size, centred by Electron. */
export function initialWindowBounds(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): InitialBounds {
  if (saved === null) return { bounds: { ...DEFAULT_SIZE }, maximized: false }
  const { x, y, width, height, maximized } = saved
  if (isReachable({ x, y, width, height }, workAreas)) {
    return { bounds: { x, y, width, height }, maximized }
  }
  const largest = workAreas.reduce<Rect | null>(
    (best, area) =>
      best === null || area.width * area.height > best.width * best.height ? area : best,
    null,
  )
  return {
    bounds: {
      width: Math.min(width, largest?.width ?? width),
      height: Math.min(height, largest?.height ?? height),
    },
    maximized,
  }
}

/** What to save when the window closes: its normal (unmaximized) bounds and whether maximized. */
export function windowStateOf(window: {
  getNormalBounds(): Rect
  isMaximized(): boolean
}): WindowState {
  const { x, y, width, height } = window.getNormalBounds()
  return { x, y, width, height, maximized: window.isMaximized() }
}
