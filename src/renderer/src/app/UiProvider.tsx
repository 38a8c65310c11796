import { MantineProvider } from '@mantine/core'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'
import { cssVariablesResolver, theme } from '../ui/theme'

/** The component system around the whole app: theme, colour scheme, dialogs and toasts. */
export function UiProvider({ children }: { children: ReactNode }) {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
    >
      <ModalsProvider labels={{ confirm: 'Confirm', cancel: 'Cancel' }}>
        <Notifications position="bottom-right" limit={4} />
        {children}
      </ModalsProvider>
    </MantineProvider>
  )
}
