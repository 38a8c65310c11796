import { useEffect, useState } from 'react'
import type { OutpostBridge, RestartOutcome, UpdateState } from '../../../../shared/ipc'

const OUTCOME: Record<RestartOutcome, string | null> = {
  restarting: null,
  'waiting-for-sync': 'Outpost restarts as soon as the edits being sent have reached the server.',
  'nothing-to-install': 'There is no downloaded update to install.',
}

/**
 * The desktop app's updates: download progress, then "Restart to update". The shell never
 * restarts while the outbox is being pushed; it says so and waits.
 */
export function UpdateBanner({ bridge }: { bridge: OutpostBridge }) {
  const [state, setState] = useState<UpdateState | null>(null)
  const [note, setNote] = useState<string | null>(null)
  useEffect(() => {
    void bridge.updates.getState().then(setState)
    return bridge.updates.onState(setState)
  }, [bridge])
  if (!state) return null
  const { phase } = state
  if (phase.status === 'downloading') {
    return (
      <p className="update-banner" role="status">
        Downloading Outpost {phase.version}…{' '}
        <progress aria-label="Update download" max={100} value={phase.percent} />{' '}
        {Math.round(phase.percent)}%
      </p>
    )
  }
  if (phase.status !== 'downloaded') return null
  return (
    <p className="update-banner" role="status">
      Outpost {phase.version} is ready.{' '}
      {state.restartPending ? (
        'It installs when the edits being sent have reached the server.'
      ) : (
        <button
          type="button"
          className="button"
          onClick={() =>
            void bridge.updates.restartToUpdate().then((outcome) => setNote(OUTCOME[outcome]))
          }
        >
          Restart to update
        </button>
      )}
      {note ? <span> {note}</span> : null}
    </p>
  )
}
