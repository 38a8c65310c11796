// Stand-ins for the Electron objects main-process modules receive as parameters. Each fake
// implements only what the module under test touches; `as unknown as` hands it over where the
// production signature names the real Electron type.
import { EventEmitter } from 'node:events'
import type { Clock } from '../../../src/main/clock'

export function fake<T>(value: object): T {
  return value as unknown as T
}

/** Timers that run when the test says so. */
export class FakeClock implements Clock {
  private timers: { intervalMs: number; task: () => void; elapsed: number }[] = []

  every(intervalMs: number, task: () => void): () => void {
    const timer = { intervalMs, task, elapsed: 0 }
    this.timers.push(timer)
    return () => {
      this.timers = this.timers.filter((t) => t !== timer)
    }
  }

  advance(ms: number): void {
    for (const timer of [...this.timers]) {
      timer.elapsed += ms
      while (timer.elapsed >= timer.intervalMs) {
        timer.elapsed -= timer.intervalMs
        timer.task()
      }
    }
  }

  get pending(): number {
    return this.timers.length
  }
}

/** An Electron-style event: listeners may call preventDefault(). */
export function electronEvent<T extends object>(
  fields: T,
): T & {
  preventDefault(): void
  defaultPrevented: boolean
} {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
  }
  return event
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
