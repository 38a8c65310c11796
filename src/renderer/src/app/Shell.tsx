import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconLogout, IconMoon, IconSettings, IconSun, IconUserCircle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useEffect } from 'react'
import type { SignedInUser } from '../features/auth/session'
import { signOutAsking } from '../features/auth/sign-out'
import { SyncIndicator, SyncWarnings } from '../features/sync/SyncIndicator'
import { countEquipmentNeedingAttention, countMyOpenWork } from '../store/queries'
import { syncToasts } from '../sync/sync-toasts'
import { notify } from '../ui/notify'
import { SYNC_COLOR } from '../ui/theme'
import { useCacheQuery } from '../ui/use-cache-query'
import { CommandPalette, PaletteButton } from './CommandPalette'
import { useServices, useSyncStatus } from './context'
import type { NavCount } from './nav'
import { navFor } from './nav'
import { href } from './router'

/** Focus the page's first form field (the reason to skip the navigation), else the page. */
function skipToContent(): void {
  const main = document.getElementById('main')
  const first = main?.querySelector<HTMLElement>(
    'form input:not([type=hidden]):not([disabled]), form select, form textarea',
  )
  ;(first ?? main)?.focus()
}

function useNavCounts(
  userId: string,
): Record<NavCount, { n: number; color: string; label: string }> {
  const { db } = useServices()
  const attention = useCacheQuery(() => countEquipmentNeedingAttention(db), [db], 0)
  const work = useCacheQuery(() => countMyOpenWork(db, userId), [db, userId], 0)
  const conflicts = useSyncStatus((s) => s.openConflicts)
  const unsynced = useSyncStatus((s) => s.unsyncedCount)
  const failed = useSyncStatus((s) => s.failedCount)
  return {
    attention: { n: attention, color: 'orange', label: 'need attention' },
    work: { n: work, color: 'blue', label: 'open, assigned to you' },
    conflicts: { n: conflicts, color: SYNC_COLOR.conflict, label: 'open' },
    sync: failed
      ? { n: failed, color: SYNC_COLOR.failed, label: 'failed' }
      : { n: unsynced, color: SYNC_COLOR.unsynced, label: 'unsynced' },
  }
}

/** Says when edits reached the server, or were refused, whichever page is open. */
function useSyncToasts(): void {
  const { syncStore } = useServices()
  useEffect(
    () =>
      syncStore.subscribe((next, prev) => {
        for (const t of syncToasts(prev, next)) notify[t.kind](t.edits)
      }),
    [syncStore],
  )
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme()
  const scheme = useComputedColorScheme('light')
  const next = scheme === 'dark' ? 'light' : 'dark'
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {scheme === 'dark' ? <IconSun size={18} aria-hidden /> : <IconMoon size={18} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  )
}

function UserMenu({ user }: { user: SignedInUser }) {
  const { supabase, db } = useServices()
  const unsynced = useSyncStatus((s) => s.unsyncedCount + s.failedCount)
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${user.email}`}>
          <Group gap={6} wrap="nowrap">
            <IconUserCircle size={22} aria-hidden />
            <Text size="sm" visibleFrom="lg">
              {user.email}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item
          component="a"
          href={href('settings')}
          leftSection={<IconSettings size={16} aria-hidden />}
        >
          Settings
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => void signOutAsking(supabase, db, unsynced)}
        >
          Sign out…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}

/** Sidebar, header and page area of a signed-in user. */
export function Shell({
  user,
  section,
  banner,
  children,
}: {
  user: SignedInUser
  section: string
  banner?: ReactNode
  children: ReactNode
}) {
  const [navOpen, { toggle, close }] = useDisclosure()
  const counts = useNavCounts(user.id)
  useSyncToasts()
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="lg"
    >
      <AppShell.Header>
        <a
          className="skip-link"
          href="#main"
          onClick={(e) => {
            // Hash routing owns the URL fragment: move focus instead of following the link.
            e.preventDefault()
            skipToContent()
          }}
        >
          Skip to the form
        </a>
        <Group h="100%" px="md" gap="md" wrap="nowrap" justify="space-between">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpen} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text component="a" href={href('home')} fw={800} fz="lg" c="inherit" td="none">
              Outpost
            </Text>
            <PaletteButton />
          </Group>
          <Group gap="md" wrap="nowrap">
            <SyncIndicator />
            <ColorSchemeToggle />
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        <ScrollArea>
          {navFor(user).map((n) => {
            const count = n.count ? counts[n.count] : null
            return (
              <NavLink
                key={n.to}
                href={href(n.to)}
                label={n.label}
                leftSection={<n.icon size={20} stroke={1.6} aria-hidden />}
                rightSection={
                  count && count.n > 0 ? (
                    <Badge size="sm" color={count.color} variant="filled">
                      {count.n}
                      <VisuallyHidden> {count.label}</VisuallyHidden>
                    </Badge>
                  ) : null
                }
                active={section === n.to}
                aria-current={section === n.to ? 'page' : undefined}
                onClick={close}
              />
            )
          })}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <CommandPalette user={user} />
        <SyncWarnings />
        {banner}
        {children}
      </AppShell.Main>
    </AppShell>
  )
}
