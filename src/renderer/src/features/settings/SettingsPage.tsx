import { useEffect, useState } from 'react'
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
  const [exported, setExported] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  useEffect(() => {
    void deviceId(db).then(setDevice)
    void (async () => {
      const estimate = await navigator.storage?.estimate?.()
      const persisted = (await navigator.storage?.persisted?.()) ?? false
      if (estimate)
        setStorage({ usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted })
    })()
  }, [db])

  async function signOut() {
    if (pending > 0 && !exported) {
      setMessage(
        `${pending} edit${pending === 1 ? ' has' : 's have'} not reached the server. Sync first, or export them to a file before signing out.`,
      )
      return
    }
    await supabase.auth.signOut({ scope: 'local' })
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void saveBackendConfig({ url: url.trim(), anonKey: anonKey.trim() }).then(() =>
            window.location.reload(),
          )
        }}
      >
        <h2>Server</h2>
        <TextField label="Backend URL" type="url" value={url} onChange={setUrl} required />
        <TextField label="Anon key" value={anonKey} onChange={setAnonKey} required />
        <button type="submit" className="button">
          Save and reload
        </button>
      </form>
      <h2>This laptop</h2>
      <dl>
        <dt>Device id</dt>
        <dd data-testid="device-id">{device}</dd>
        <dt>Storage used</dt>
        <dd>
          {storage
            ? `${(storage.usage / MB).toFixed(1)} MB of ${(storage.quota / MB).toFixed(0)} MB${storage.persisted ? ' (kept by the browser)' : ' (may be cleared under pressure)'}`
            : 'unknown'}
        </dd>
      </dl>
      {signedIn ? (
        <>
          <h2>Sign out</h2>
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                void exportOutbox(db).then(() => {
                  setExported(true)
                  setMessage(
                    'Unsynced edits exported. You can sign out now; they also stay on this laptop.',
                  )
                })
              }
            >
              Export unsynced edits
            </button>
            <button type="button" className="button button-danger" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
          {message ? <p role="alert">{message}</p> : null}
        </>
      ) : null}
    </section>
  )
}
