import { useState } from 'react'
import { useServices } from '../../app/context'
import { TextField } from '../../ui/Field'

export function SignIn() {
  const { supabase, config } = useServices()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <main className="signin">
      <form
        className="form"
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
        <h1 id="signin-title">Outpost</h1>
        <p className="muted">Server: {config.url}</p>
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
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p>
          <a href="#/settings">Server settings</a>
        </p>
      </form>
    </main>
  )
}
