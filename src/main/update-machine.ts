// The update lifecycle as a pure state machine:
//   idle → checking → available → downloading(percent) → downloaded, and error from any step.
// It only describes; the adapter in updater.ts feeds it electron-updater's events.
import type { RestartOutcome, UpdatePhase } from '../shared/ipc'

export type UpdateEvent =
  | { type: 'check-started' }
  | { type: 'not-available' }
  | { type: 'available'; version: string }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'failed'; message: string }

export function nextPhase(phase: UpdatePhase, event: UpdateEvent): UpdatePhase {
  if (phase.status === 'disabled') return phase
  // A downloaded update stays installable whatever a later check says.
  if (phase.status === 'downloaded') return phase
  switch (event.type) {
    case 'check-started':
      return phase.status === 'downloading' ? phase : { status: 'checking' }
    case 'not-available':
      return phase.status === 'checking' ? { status: 'idle' } : phase
    case 'available':
      return { status: 'available', version: event.version }
    case 'progress':
      if (phase.status !== 'available' && phase.status !== 'downloading') return phase
      return {
        status: 'downloading',
        version: phase.version,
        percent: Math.min(100, Math.max(0, event.percent)),
      }
    case 'downloaded':
      return { status: 'downloaded', version: event.version }
    case 'failed':
      return { status: 'error', message: event.message }
  }
}

/** Whether checking now is useful: not while a check or download runs, nor once downloaded. */
export function canCheck(phase: UpdatePhase): boolean {
  return phase.status === 'idle' || phase.status === 'error'
}

/**
 * What a restart request leads to. A restart during an outbox push could cut a batch in half
 * on the device side, so it waits for the renderer to report the push is over.
 */
export function restartDecision(phase: UpdatePhase, syncBusy: boolean): RestartOutcome {
  if (phase.status !== 'downloaded') return 'nothing-to-install'
  return syncBusy ? 'waiting-for-sync' : 'restarting'
}
