import { Text } from '@mantine/core'
import type { Services } from '../../app/services'
import type { OutpostDB } from '../../store/db'
import { confirmAction } from '../../ui/confirm'
import { exportOutbox } from '../settings/export-outbox'

/**
 * Signing out asks first. With edits not yet on the server it says how many, and the only way
 * out is through an export to a file: the edits also stay on this laptop and sync at the next
 * sign-in, but a laptop handed on or wiped would otherwise take them with it.
 */
export async function signOutAsking(
  supabase: Services['supabase'],
  db: OutpostDB,
  unsynced: number,
): Promise<boolean> {
  const ok =
    unsynced === 0
      ? await confirmAction({
          title: 'Sign out?',
          body: 'Every edit on this laptop has reached the server.',
          confirm: 'Sign out',
          danger: false,
        })
      : await confirmAction({
          title: `Sign out with ${unsynced} unsynced edit${unsynced === 1 ? '' : 's'}?`,
          body: (
            <Text size="sm">
              {unsynced === 1 ? 'One edit has' : `${unsynced} edits have`} not reached the server.
              They stay on this laptop and sync when you sign in again; a copy is saved to a file
              first in case the laptop is handed on.
            </Text>
          ),
          confirm: 'Export them and sign out',
          cancel: 'Stay signed in',
        })
  if (!ok) return false
  if (unsynced > 0) await exportOutbox(db)
  await supabase.auth.signOut({ scope: 'local' })
  return true
}
