import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core'
import { useDocumentTitle } from '@mantine/hooks'
import type { ReactNode } from 'react'

export interface Crumb {
  label: string
  href: string
}

/**
 * Every page's title: the heading, the window title (what the taskbar and Alt+Tab show), the
 * breadcrumbs of a record page and the page's main actions, laid out the same everywhere.
 */
export function PageHeader({
  title,
  id,
  crumbs,
  description,
  actions,
}: {
  title: string
  /** The heading's id, for the section's aria-labelledby. */
  id?: string
  crumbs?: Crumb[]
  description?: ReactNode
  actions?: ReactNode
}) {
  useDocumentTitle(`${title} · Outpost`)
  return (
    <Stack gap={4} mb="md">
      {crumbs && crumbs.length > 0 ? (
        <Breadcrumbs aria-label="Breadcrumbs" separatorMargin={6}>
          {crumbs.map((c) => (
            <Anchor key={c.href} href={c.href} size="sm">
              {c.label}
            </Anchor>
          ))}
          <Text size="sm" c="dimmed" aria-current="page">
            {title}
          </Text>
        </Breadcrumbs>
      ) : null}
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Title order={1} id={id} fz={26}>
          {title}
        </Title>
        {actions ? <Group gap="xs">{actions}</Group> : null}
      </Group>
      {description ? (
        <Text c="dimmed" size="sm">
          {description}
        </Text>
      ) : null}
    </Stack>
  )
}
