import { notifications } from '@mantine/notifications'

// Toasts for what happened to an edit. "Saved" means saved on this laptop; whether it has
// reached the office is a separate toast, so a technician offline is never told it is synced.
export const notify = {
  saved(online: boolean, what = 'Saved'): void {
    notifications.show({
      id: 'saved',
      color: online ? 'teal' : 'violet',
      title: online ? what : `${what} on this laptop`,
      message: online
        ? 'It goes to the server with the next sync.'
        : 'Offline: it syncs when the laptop is back online.',
      autoClose: 3000,
    })
  },
  /** A change made straight on the server (an online-only screen): it is there already. */
  savedOnServer(what: string): void {
    notifications.show({
      id: 'saved',
      color: 'teal',
      title: what,
      message: 'Saved on the server; every laptop gets it with its next sync.',
      autoClose: 3000,
    })
  },
  synced(edits: number): void {
    notifications.show({
      id: 'synced',
      color: 'teal',
      title: 'Synced',
      message: `${edits.toLocaleString()} edit${edits === 1 ? '' : 's'} reached the server.`,
      autoClose: 3000,
    })
  },
  failed(edits: number): void {
    notifications.show({
      id: 'failed',
      color: 'red',
      title: 'The server refused an edit',
      message: `${edits.toLocaleString()} edit${edits === 1 ? ' needs' : 's need'} a fix: see Sync center.`,
      autoClose: false,
    })
  },
}
