import { Modal } from '@mantine/core'
import type { ReactNode } from 'react'

/**
 * A modal dialog for a form (a reason, a month to close): focus is kept inside, Escape
 * cancels, the page behind is inert. For a plain yes/no use ui/confirm instead.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
}) {
  return (
    <Modal opened={open} onClose={onClose} title={title} size="lg" centered>
      {children}
    </Modal>
  )
}
