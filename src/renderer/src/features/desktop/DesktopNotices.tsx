// What the desktop shell must tell the user about the saved sign-in (src/main/secret-store.ts):
// that it could not be unlocked and is kept (try again, or discard it), that Linux chose another
// keyring than the one it was saved with, or that this computer has no keyring at all. Mounted
// in a root of its own so it needs nothing from the app's state. Discarding is confirmed by main
// in a dialog of its own; after a retry or a discard the page reloads so supabase-js reads the
// session again.
import { useEffect, useState } from 'react'
import { Alert, Button, Group, Text } from '@mantine/core'
import { IconKey } from '@tabler/icons-react'
import { createRoot } from 'react-dom/client'
import { UiProvider } from '../../app/UiProvider'
import type { OutpostBridge, SecretStoreStatus } from '../../../../shared/ipc'

export type NoticeAction = 'retry' | 'discard' | 'dismiss'

export interface Notice {
  tone: 'warning' | 'info'
  text: string
  actions: NoticeAction[]
}

/** Chromium's --password-store value for a backend name, to start Outpost with the old one. */
const PASSWORD_STORE: Readonly<Record<string, string>> = {
  basic_text: 'basic',
  gnome_libsecret: 'gnome-libsecret',
  kwallet: 'kwallet',
  kwallet5: 'kwallet5',
  kwallet6: 'kwallet6',
}

const KEYRING_NAME: Readonly<Record<string, string>> = {
  basic_text: 'no keyring (basic_text)',
  gnome_libsecret: 'the GNOME keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
}

const keyring = (backend: string | null): string =>
  backend === null ? 'an unknown keyring' : (KEYRING_NAME[backend] ?? backend)

export function noticeFor(status: SecretStoreStatus): Notice | null {
  if (status.state === 'locked') {
    return {
      tone: 'warning',
      text:
        'Outpost could not unlock your saved sign-in: the keyring may be locked, or access to ' +
        'it was refused. It is kept on this computer. Unlock the keyring and try again; ' +
        'discarding it means signing in again, which needs a connection to the server.',
      actions: ['retry', 'discard'],
    }
  }
  if (status.state === 'backend-changed') {
    const flag =
      status.recordedBackend === null ? undefined : PASSWORD_STORE[status.recordedBackend]
    return {
      tone: 'warning',
      text:
        `Your sign-in was saved with ${keyring(status.recordedBackend)}, but this session ` +
        `uses ${keyring(status.backend)}. Outpost does not read or replace it with another ` +
        'keyring. Sign in to the desktop session you used before' +
        (flag === undefined ? '' : `, or start Outpost with --password-store=${flag}`) +
        '; or discard the saved sign-in and sign in again (needs a connection).',
      actions: ['discard'],
    }
  }
  if (status.protection === 'basic-text') {
    return {
      tone: 'info',
      text:
        'This computer has no keyring, so your saved sign-in is only obfuscated on disk, not ' +
        'encrypted: anyone who can read your files can use it. Ask IT to set up GNOME Keyring ' +
        'or KWallet.',
      actions: ['dismiss'],
    }
  }
  return null
}

const LABEL: Record<NoticeAction, string> = {
  retry: 'Try again',
  discard: 'Discard saved sign-in…',
  dismiss: 'Dismiss',
}

export function DesktopNotices({ bridge }: { bridge: OutpostBridge }) {
  const [status, setStatus] = useState<SecretStoreStatus | null>(null)
  const [dismissed, setDismissed] = useState(false)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    void bridge.secrets.status().then(setStatus)
    return bridge.secrets.onStatus(setStatus)
  }, [bridge])
  const notice = status === null ? null : noticeFor(status)
  if (notice === null || (dismissed && notice.tone === 'info')) return null

  const run = (action: NoticeAction): void => {
    if (action === 'dismiss') {
      setDismissed(true)
      return
    }
    setBusy(true)
    const call = action === 'retry' ? bridge.secrets.retry() : bridge.secrets.discard()
    void call
      .then((next) => {
        const before = status
        setStatus(next)
        // Readable again (or discarded): supabase-js has to read the session anew.
        if (next.state === 'ok' && before?.state !== 'ok') window.location.reload()
      })
      .finally(() => setBusy(false))
  }

  return (
    <Alert
      role={notice.tone === 'warning' ? 'alert' : 'status'}
      color={notice.tone === 'warning' ? 'yellow' : 'blue'}
      icon={<IconKey aria-hidden />}
      radius={0}
    >
      <Text size="sm">{notice.text}</Text>
      <Group gap="xs" mt="xs">
        {notice.actions.map((action) => (
          <Button
            key={action}
            size="xs"
            variant={action === 'discard' ? 'outline' : 'default'}
            color={action === 'discard' ? 'red' : undefined}
            disabled={busy}
            onClick={() => run(action)}
          >
            {LABEL[action]}
          </Button>
        ))}
      </Group>
    </Alert>
  )
}

/** Renders the notices above the app, in their own root. */
export function mountDesktopNotices(bridge: OutpostBridge): void {
  const container = document.createElement('div')
  container.id = 'desktop-notices'
  document.body.prepend(container)
  createRoot(container).render(
    <UiProvider>
      <DesktopNotices bridge={bridge} />
    </UiProvider>,
  )
}
