import { useEffect, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { href } from '../../app/router'
import { formatAgo } from '../../ui/format'

const DAY_MS = 86_400_000

/** Always on screen: connection, unsynced and failed edits, last sync, Sync now. */
export function SyncIndicator() {
  const { engine } = useServices()
  const status = useSyncStatus((s) => s)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  const unsyncedFor = status.oldestUnsyncedAt
    ? now - new Date(status.oldestUnsyncedAt).getTime()
    : 0
  const days = Math.floor(unsyncedFor / DAY_MS)
  const busy = status.phase === 'pushing' || status.phase === 'pulling'
  const progress = status.progress
  return (
    <div className="sync-indicator" role="status" aria-live="polite" aria-label="Sync status">
      <span
        className={status.online ? 'net net-online' : 'net net-offline'}
        data-testid="connection"
      >
        {status.online ? 'Online' : 'Offline'}
      </span>
      <a href={href('sync')} className="sync-counts">
        <span data-testid="pending-count">{status.unsyncedCount}</span> pending
        {status.failedCount > 0 ? (
          <span className="failed-count">
            , <span data-testid="failed-count">{status.failedCount}</span> failed
          </span>
        ) : null}
        {status.openConflicts > 0 ? <span>, {status.openConflicts} conflicts</span> : null}
      </a>
      <span className="muted" data-testid="last-sync">
        Last synced {formatAgo(status.lastSuccessAt, now)}
      </span>
      {busy && progress ? (
        <span className="sync-progress">
          <progress
            aria-label="Sync progress"
            max={progress.totalRows ?? progress.tablesTotal}
            value={progress.totalRows ? progress.rows : progress.tablesDone}
          />
          {progress.rows.toLocaleString()} rows
          {progress.totalRows ? ` of ${progress.totalRows.toLocaleString()}` : ''}
        </span>
      ) : null}
      <button
        type="button"
        className="button"
        onClick={() => void engine.sync()}
        disabled={busy || !status.online}
      >
        {busy ? 'Syncing…' : 'Sync now'}
      </button>
      {days >= 1 ? (
        <p className={days >= 3 ? 'unsynced-warning severe' : 'unsynced-warning'} role="alert">
          Edits on this laptop have not reached the office for {days} {days === 1 ? 'day' : 'days'}.
          Connect and sync when you can.
        </p>
      ) : null}
      {status.phase === 'signed-out' ? (
        <p className="unsynced-warning" role="alert">
          Sign in again to sync. Your unsynced edits are kept on this laptop.
        </p>
      ) : null}
      {status.phase === 'error' && status.lastError ? (
        <p className="sync-error" role="alert">
          {status.lastError}
        </p>
      ) : null}
    </div>
  )
}
