// Timers as a dependency, so periodic work (update checks, connectivity polling) is tested by
// advancing a fake clock instead of waiting.
export interface Clock {
  /** Runs task every intervalMs until the returned function is called. */
  every(intervalMs: number, task: () => void): () => void
}

export const systemClock: Clock = {
  every(intervalMs, task) {
    const timer = setInterval(task, intervalMs)
    return () => clearInterval(timer)
  },
}
