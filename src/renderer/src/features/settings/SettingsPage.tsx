import {
  Button,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core'
import { IconFileExport, IconLogout } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { PageHeader } from '../../ui/PageHeader'
import { signOutAsking } from '../auth/sign-out'
import { useServices, useSyncStatus } from '../../app/context'
import { saveBackendConfig } from '../../app/config'
import { deviceId } from '../../store/db'
import { TextField } from '../../ui/Field'
import { exportOutbox } from './export-outbox'

const MB = 1024 * 1024

export function SettingsPage({ signedIn }: { signedIn: boolean }) {
  const { config, db, supabase } = useServices()
  const pending = useSyncStatus((s) => s.unsyncedCount + s.failedCount)
  const [url, setUrl] = useState(config.url)
  const [anonKey, setAnonKey] = useState(config.anonKey)
  const [device, setDevice] = useState('')
  const [storage, setStorage] = useState<{
    usage: number
    quota: number
    persisted: boolean
  } | null>(null)
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  useEffect(() => {
    void deviceId(db).then(setDevice)
    void (async () => {
      const estimate = await navigator.storage?.estimate?.()
      const persisted = (await navigator.storage?.persisted?.()) ?? false
      if (estimate)
        setStorage({ usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted })
    })()
  }, [db])

  return (
    <section aria-labelledby="settings-title">
      <PageHeader title="Settings" id="settings-title" />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper
          withBorder
          p="md"
          component="form"
          aria-labelledby="settings-server"
          onSubmit={(e) => {
            e.preventDefault()
            void saveBackendConfig({ url: url.trim(), anonKey: anonKey.trim() }).then(() =>
              window.location.reload(),
            )
          }}
        >
          <Stack gap="sm">
            <Title order={2} fz="lg" id="settings-server">
              Server
            </Title>
            <TextField label="Backend URL" type="url" value={url} onChange={setUrl} required />
            <TextField label="Anon key" value={anonKey} onChange={setAnonKey} required />
            <Group>
              <Button type="submit">Save and reload</Button>
            </Group>
          </Stack>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="settings-laptop">
          <Stack gap="sm">
            <Title order={2} fz="lg" id="settings-laptop">
              This laptop
            </Title>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Device id
              </Text>
              <Text size="sm" ff="monospace" data-testid="device-id">
                {device}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Storage used
              </Text>
              <Text size="sm">
                {storage
                  ? `${(storage.usage / MB).toFixed(1)} MB of ${(storage.quota / MB).toFixed(0)} MB${storage.persisted ? ' (kept by the browser)' : ' (may be cleared under pressure)'}`
                  : 'unknown'}
              </Text>
              {storage ? (
                <Progress
                  mt={4}
                  aria-label="Storage used"
                  value={storage.quota ? (100 * storage.usage) / storage.quota : 0}
                />
              ) : null}
            </div>
            <Group gap="sm">
              <Text size="sm">Theme</Text>
              <SegmentedControl
                aria-label="Theme"
                value={colorScheme}
                onChange={(v) => setColorScheme(v)}
                data={[
                  { value: 'auto', label: 'Follow the system' },
                  { value: 'light', label: 'Light' },
                  { value: 'dark', label: 'Dark' },
                ]}
              />
            </Group>
          </Stack>
        </Paper>
        {signedIn ? (
          <Paper withBorder p="md" component="section" aria-labelledby="settings-signout">
            <Stack gap="sm">
              <Title order={2} fz="lg" id="settings-signout">
                Sign out
              </Title>
              <Text size="sm">
                {pending === 0
                  ? 'Every edit on this laptop has reached the server.'
                  : `${pending} edit${pending === 1 ? ' has' : 's have'} not reached the server. Signing out saves a copy to a file first; they also stay on this laptop.`}
              </Text>
              <Group>
                <Button
                  variant="default"
                  leftSection={<IconFileExport size={16} aria-hidden />}
                  onClick={() => void exportOutbox(db)}
                  disabled={pending === 0}
                >
                  Export unsynced edits
                </Button>
                <Button
                  color="red"
                  variant="outline"
                  leftSection={<IconLogout size={16} aria-hidden />}
                  onClick={() => void signOutAsking(supabase, db, pending)}
                >
                  Sign out…
                </Button>
              </Group>
            </Stack>
          </Paper>
        ) : null}
      </SimpleGrid>
    </section>
  )
}
