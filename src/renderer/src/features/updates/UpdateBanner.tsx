import { Alert, Button, Group, Progress, Text } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
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
      <Alert role="status" color="blue" icon={<IconDownload aria-hidden />} mb="sm">
        <Group gap="sm">
          <Text size="sm">Downloading Outpost {phase.version}…</Text>
          <Progress aria-label="Update download" value={phase.percent} w={160} />
          <Text size="sm">{Math.round(phase.percent)}%</Text>
        </Group>
      </Alert>
    )
  }
  if (phase.status !== 'downloaded') return null
  return (
    <Alert role="status" color="teal" icon={<IconDownload aria-hidden />} mb="sm">
      <Group gap="sm">
        <Text size="sm">Outpost {phase.version} is ready.</Text>
        {state.restartPending ? (
          <Text size="sm">It installs when the edits being sent have reached the server.</Text>
        ) : (
          <Button
            size="xs"
            onClick={() =>
              void bridge.updates.restartToUpdate().then((outcome) => setNote(OUTCOME[outcome]))
            }
          >
            Restart to update
          </Button>
        )}
        {note ? <Text size="sm">{note}</Text> : null}
      </Group>
    </Alert>
  )
}
