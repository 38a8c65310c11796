import { Alert, Text } from '@mantine/core'
import type { ReactNode } from 'react'

/** One labelled fact of a record page ("Kind", "Site"), in the facts row under its title. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  )
}

/** A record kept only for its unsynced edit after its site left the user's scope. */
export function OutOfScopeNotice({ row }: { row: { _outOfScope?: boolean } }) {
  return row._outOfScope ? (
    <Alert role="alert" color="yellow">
      This site is no longer assigned to you; your unsynced edit is kept until you or the office
      decide.
    </Alert>
  ) : null
}
