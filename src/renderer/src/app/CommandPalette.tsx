import { Group, Kbd, Text, UnstyledButton } from '@mantine/core'
import { Spotlight, spotlight } from '@mantine/spotlight'
import { IconBuildingFactory2, IconSearch, IconServerCog } from '@tabler/icons-react'
import { useHotkeys } from '@mantine/hooks'
import { useState } from 'react'
import type { SignedInUser } from '../features/auth/session'
import type { LocalRowOf } from '../store/db'
import { equipmentByCode, listEquipment, listSites } from '../store/queries'
import { EquipmentStatusBadge } from '../ui/StatusBadge'
import { useCacheQuery } from '../ui/use-cache-query'
import { useServices } from './context'
import { navFor } from './nav'
import { href, navigate } from './router'

const SHOWN_PER_GROUP = 8

interface Hit {
  id: string
  label: string
  description?: string
  to: string
  icon: React.ReactNode
  right?: React.ReactNode
}

const has = (text: string | null | undefined, q: string) =>
  Boolean(text && text.toLowerCase().includes(q))

/** Equipment whose serial or tag is the query come first: that is what a scanner types. */
function equipmentHits(rows: LocalRowOf<'equipment'>[], q: string, siteName: Map<string, string>) {
  const exact = (e: LocalRowOf<'equipment'>) =>
    e.serial_number?.toLowerCase() === q || e.asset_tag?.toLowerCase() === q
  return rows
    .filter((e) => exact(e) || has(e.name, q) || has(e.serial_number, q) || has(e.asset_tag, q))
    .sort((a, b) => Number(exact(b)) - Number(exact(a)))
    .slice(0, SHOWN_PER_GROUP)
    .map((e): Hit => ({
      id: e.id,
      label: e.name,
      description: [e.serial_number, e.asset_tag, siteName.get(e.site_id)]
        .filter(Boolean)
        .join(' · '),
      to: href('equipment', e.id),
      icon: <IconServerCog size={18} aria-hidden />,
      right: <EquipmentStatusBadge status={e.status} />,
    }))
}

/** The palette's hits for query `q`, in the order Enter takes them: equipment, sites, pages. */
function hitGroups(
  user: SignedInUser,
  q: string,
  sites: LocalRowOf<'sites'>[],
  equipment: LocalRowOf<'equipment'>[],
): { name: string; hits: Hit[] }[] {
  const siteName = new Map(sites.map((s) => [s.id, s.name]))

  const pages: Hit[] = navFor(user)
    .filter((n) => !q || has(n.label, q) || n.keywords.some((k) => has(k, q)))
    .map((n) => ({
      id: n.to,
      label: n.label,
      to: href(n.to),
      icon: <n.icon size={18} aria-hidden />,
    }))
  const siteHits: Hit[] = q
    ? sites
        .filter((s) => has(s.name, q) || has(s.code, q) || has(s.county, q))
        .slice(0, SHOWN_PER_GROUP)
        .map((s) => ({
          id: s.id,
          label: s.name,
          description: s.code ?? undefined,
          to: href('sites', s.id),
          icon: <IconBuildingFactory2 size={18} aria-hidden />,
        }))
    : []
  const equipmentFound = q ? equipmentHits(equipment, q, siteName) : []
  return [
    { name: 'Equipment', hits: equipmentFound },
    { name: 'Sites', hits: siteHits },
    { name: 'Pages', hits: pages },
  ].filter((g) => g.hits.length > 0)
}

/**
 * Ctrl/Cmd+K: pages, sites and equipment, from the laptop's own store so it works offline. A
 * barcode scanner types the code and Enter: Enter with nothing picked opens the one unit whose
 * serial or tag it is, else the first hit.
 */
export function CommandPalette({ user }: { user: SignedInUser }) {
  const { db } = useServices()
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  // Not from the readings grid, where '/' is a key a cell may take.
  useHotkeys([
    [
      '/',
      (e) => {
        if (e.target instanceof Element && e.target.closest('[role="grid"]')) return
        e.preventDefault()
        spotlight.open()
      },
      { preventDefault: false },
    ],
  ])
  const sites = useCacheQuery(() => (open ? listSites(db) : []), [db, open], [])
  const equipment = useCacheQuery(() => (open ? listEquipment(db) : []), [db, open], [])
  const q = query.trim().toLowerCase()
  const groups = hitGroups(user, q, sites, equipment)

  function go(to: string) {
    setMessage(null)
    spotlight.close()
    navigate(to)
  }

  async function enterWithoutPick() {
    if (!q) return
    const matches = await equipmentByCode(db, query)
    if (matches.length === 1) return go(href('equipment', matches[0]!.id))
    // From the store, not the lists on screen: a scanner's Enter can come before they load.
    const fresh = hitGroups(user, q, await listSites(db), await listEquipment(db))
    const first = fresh[0]?.hits[0]
    if (first) return go(first.to)
    setMessage(`No equipment with serial or tag "${query.trim()}" on this laptop`)
  }

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={(v) => {
        setQuery(v)
        setMessage(null)
      }}
      onSpotlightOpen={() => setOpen(true)}
      onSpotlightClose={() => setOpen(false)}
      // Ctrl/Cmd+K works from inside a field too (a technician mid-form looks up a unit); '/'
      // is a character there, so it opens the palette only outside fields.
      shortcut="mod + K"
      tagsToIgnore={[]}
      // No opening animation: the search box takes the focus at once, so letters typed right
      // after Ctrl+K land in it instead of being lost while it fades in.
      transitionProps={{ duration: 0 }}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        aria-label="Scan or type serial / asset tag, or search"
        placeholder="Scan or type a serial, asset tag, site or page…"
        leftSection={<IconSearch size={18} aria-hidden />}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return
          const picked = document.querySelector('[data-spotlight-list] [data-selected]')
          if (!picked) void enterWithoutPick()
        }}
      />
      <Spotlight.ActionsList data-spotlight-list>
        {groups.map((g) => (
          <Spotlight.ActionsGroup key={g.name} label={g.name}>
            {g.hits.map((h) => (
              <Spotlight.Action key={h.id} onClick={() => go(h.to)}>
                <Group wrap="nowrap" w="100%" gap="sm">
                  {h.icon}
                  <div style={{ flex: 1 }}>
                    <Text size="sm">{h.label}</Text>
                    {h.description ? <Text size="xs">{h.description}</Text> : null}
                  </div>
                  {h.right}
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ))}
        {groups.length === 0 || message ? (
          <Spotlight.Empty role="status">
            {message ?? 'Nothing on this laptop matches.'}
          </Spotlight.Empty>
        ) : null}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  )
}

/** The header's way into the palette, showing its shortcut. */
export function PaletteButton() {
  const mac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)
  return (
    <UnstyledButton
      onClick={() => spotlight.open()}
      aria-label="Open the command palette (Ctrl+K)"
      px="sm"
      py={6}
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
        minWidth: 240,
      }}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap">
          <IconSearch size={16} aria-hidden />
          <Text size="sm" c="dimmed">
            Serial, tag, site…
          </Text>
        </Group>
        <Group gap={2} wrap="nowrap">
          <Kbd size="xs">{mac ? '⌘' : 'Ctrl'}</Kbd>
          <Kbd size="xs">K</Kbd>
        </Group>
      </Group>
    </UnstyledButton>
  )
}
