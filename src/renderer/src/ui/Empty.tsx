import { Skeleton, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconInbox } from '@tabler/icons-react'
import type { ReactNode } from 'react'

/** An empty list says why it is empty and what to do about it. */
export function EmptyState({
  title,
  children,
  icon,
}: {
  title: string
  children?: ReactNode
  icon?: ReactNode
}) {
  return (
    <Stack align="center" gap={6} py="lg">
      <ThemeIcon variant="light" size={44} radius="xl" color="gray">
        {icon ?? <IconInbox size={24} aria-hidden />}
      </ThemeIcon>
      <Text fw={600}>{title}</Text>
      {children ? (
        <Text c="dimmed" size="sm" ta="center" maw={520}>
          {children}
        </Text>
      ) : null}
    </Stack>
  )
}

/** Where a page's content will be, while it loads from this laptop's store. */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading">
      <Skeleton height={30} width="40%" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={36} />
      ))}
    </Stack>
  )
}
