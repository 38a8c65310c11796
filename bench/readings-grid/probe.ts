// In-page measurement, bundled into both grid pages (so nothing is evaluated from Node but
// calls of `window.__bench`): mount time, long tasks, long animation frames and frame gaps of
// one phase at a time.

export interface PhaseStats {
  wallMs: number
  /** Durations of the `longtask` entries that started in the phase (each ≥ 50 ms). */
  longtasks: number[]
  /** `long-animation-frame` entries that started in the phase (each ≥ 50 ms). */
  loafs: { duration: number; blocking: number }[]
  /** The longest gap between two animation frames (ms), and the 95th percentile. */
  frameMax: number
  frameP95: number
  frames: number
}

export interface BenchApi {
  /** From `render()` to the first frame with the grid's cells on screen; null until then. */
  mountMs: number | null
  /** Starts the observers (after the mount, `buffered: false`). */
  observe(): void
  begin(): void
  end(): Promise<PhaseStats>
  /** Element count of the grid (the grid's root and everything in it). */
  nodes(): number
  gridSelector: string
  /** CSS selector of a data cell (`col` is the meter's index, 0 the site meter). */
  cellSelector: (row: number, col: number) => string
  /** The value a cell shows, or null when the cell is not rendered. */
  cellText: (row: number, col: number) => string | null
  /** Scrolls the grid to the top-left corner and waits two frames. */
  toTop(): Promise<void>
  /** Resolves at the start of the `n`th next animation frame (rendering has happened since). */
  frames(n: number): Promise<void>
}

declare global {
  interface Window {
    __bench: BenchApi
  }
}

interface LongEntry extends PerformanceEntry {
  blockingDuration?: number
}

export const nextFrame = (): Promise<number> =>
  new Promise((resolve) => requestAnimationFrame(resolve))

export function installBench(page: {
  gridSelector: string
  cellSelector: (row: number, col: number) => string
  cellText: (row: number, col: number) => string | null
  scrollers: () => (HTMLElement | null)[]
}): BenchApi {
  const longtasks: PerformanceEntry[] = []
  const loafs: LongEntry[] = []
  let frames: number[] = []
  let recording = false
  let phaseStart = 0
  const grid = () => document.querySelector(page.gridSelector)

  const loop = (t: number) => {
    if (recording) frames.push(t)
    requestAnimationFrame(loop)
  }

  const api: BenchApi = {
    mountMs: null,
    observe() {
      new PerformanceObserver((list) => longtasks.push(...list.getEntries())).observe({
        type: 'longtask',
        buffered: false,
      })
      new PerformanceObserver((list) => loafs.push(...list.getEntries())).observe({
        type: 'long-animation-frame',
        buffered: false,
      })
      requestAnimationFrame(loop)
    },
    begin() {
      frames = []
      recording = true
      phaseStart = performance.now()
    },
    async end() {
      const end = performance.now()
      // Entries are delivered after the task or frame: give them a moment to arrive.
      await nextFrame()
      await new Promise((resolve) => setTimeout(resolve, 150))
      recording = false
      const gaps = frames.slice(1).map((t, i) => t - frames[i]!)
      gaps.sort((a, b) => a - b)
      const within = (e: PerformanceEntry) => e.startTime >= phaseStart && e.startTime <= end
      return {
        wallMs: end - phaseStart,
        longtasks: longtasks.filter(within).map((e) => e.duration),
        loafs: loafs
          .filter(within)
          .map((e) => ({ duration: e.duration, blocking: e.blockingDuration ?? 0 })),
        frameMax: gaps.at(-1) ?? 0,
        frameP95: gaps[Math.floor(gaps.length * 0.95)] ?? 0,
        frames: frames.length,
      }
    },
    nodes: () => {
      const root = grid()
      return root ? root.querySelectorAll('*').length + 1 : 0
    },
    gridSelector: page.gridSelector,
    cellSelector: page.cellSelector,
    cellText: page.cellText,
    async toTop() {
      for (const el of page.scrollers()) {
        if (!el) continue
        el.scrollTop = 0
        el.scrollLeft = 0
      }
      await nextFrame()
      await nextFrame()
    },
    async frames(n) {
      for (let i = 0; i < n; i++) await nextFrame()
    },
  }
  window.__bench = api
  return api
}

/** Renders, then records the mount time at the first frame after `ready()` holds. */
export function mountTimed(render: () => void, ready: () => boolean): void {
  const start = performance.now()
  render()
  const poll = () => {
    if (!ready()) {
      requestAnimationFrame(poll)
      return
    }
    // This frame paints the cells; the next one starts after that paint.
    requestAnimationFrame((t) => {
      window.__bench.mountMs = t - start
    })
  }
  requestAnimationFrame(poll)
}
