import { Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import type { ReactNode } from 'react'

/**
 * Asks before something that cannot be taken back (retire, discard, delete, sign out with
 * unsynced work). A Mantine modal, not window.confirm: it can explain, it is styled, focus
 * stays inside it, and the safe choice is the one Escape and a click outside take.
 */
export function confirmAction({
  title,
  body,
  confirm,
  cancel = 'Cancel',
  danger = true,
}: {
  title: string
  body: ReactNode
  confirm: string
  cancel?: string
  danger?: boolean
}): Promise<boolean> {
  return new Promise((resolve) => {
    modals.openConfirmModal({
      title,
      children: typeof body === 'string' ? <Text size="sm">{body}</Text> : body,
      labels: { confirm, cancel },
      confirmProps: { color: danger ? 'red' : 'blue' },
      onConfirm: () => resolve(true),
      onCancel: () => resolve(false),
      // Escape, the close button and a click outside all mean "no".
      onClose: () => resolve(false),
    })
  })
}
