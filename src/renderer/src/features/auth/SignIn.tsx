import { Anchor, Button, Center, Paper, Stack, Text, Title } from '@mantine/core'
import { useDocumentTitle } from '@mantine/hooks'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { TextField } from '../../ui/Field'

export function SignIn() {
  const { supabase, config } = useServices()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useDocumentTitle('Sign in · Outpost')
  return (
    <Center component="main" mih="100vh" p="md">
      <Paper
        component="form"
        withBorder
        shadow="sm"
        p="xl"
        w={420}
        aria-labelledby="signin-title"
        onSubmit={(e) => {
          e.preventDefault()
          setBusy(true)
          setError(null)
          void supabase.auth
            .signInWithPassword({ email: email.trim(), password })
            .then(({ error: err }) => {
              setBusy(false)
              if (err) {
                setError(
                  navigator.onLine
                    ? err.code === 'invalid_credentials'
                      ? 'Wrong email or password.'
                      : err.message
                    : 'You are offline. Sign in once with a connection; afterwards Outpost opens without one.',
                )
              }
            })
        }}
      >
        <Stack gap="sm">
          <Title order={1} id="signin-title">
            Outpost
          </Title>
          <Text c="dimmed" size="sm">
            Server: {config.url}
          </Text>
          <TextField
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            required
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            required
          />
          {error ? (
            <Text role="alert" c="red.8" size="sm">
              {error}
            </Text>
          ) : null}
          <Button type="submit" loading={busy} fullWidth>
            Sign in
          </Button>
          <Anchor href="#/settings" size="sm">
            Server settings
          </Anchor>
        </Stack>
      </Paper>
    </Center>
  )
}
