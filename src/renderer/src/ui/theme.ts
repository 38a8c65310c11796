// One theme for the whole app. Colours carry meaning, and each meaning has exactly one colour:
// a green badge is always "working", violet is always "on this laptop only", red is always
// "needs someone". Light and dark come from Mantine's colour scheme (night shifts at a site).
import { createTheme } from '@mantine/core'
import type { CSSVariablesResolver, MantineColor } from '@mantine/core'
import type { EquipmentStatus, SiteStatus } from '../../../shared/schema/tables'

export const theme = createTheme({
  primaryColor: 'blue',
  // xxl: a 1920 px and wider screen gets a third column where a page has one to give.
  breakpoints: { xs: '36em', sm: '48em', md: '62em', lg: '75em', xl: '88em', xxl: '120em' },
  primaryShade: { light: 8, dark: 8 },
  // Filled buttons and badges pick black or white text by the fill's luminance, so green,
  // yellow and orange fills stay readable (white on green-8 is 3.4:1).
  autoContrast: true,
  luminanceThreshold: 0.2,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // Gloves and bright sun: body text and controls stay at 16 px with 36 px+ targets; only the
  // data tables are dense (see `components.Table`).
  fontSizes: { xs: '0.8rem', sm: '0.9rem', md: '1rem', lg: '1.125rem', xl: '1.25rem' },
  headings: { fontWeight: '650' },
  focusRing: 'auto',
  components: {
    Table: {
      defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', highlightOnHover: true },
    },
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    NativeSelect: { defaultProps: { size: 'sm' } },
    Textarea: { defaultProps: { size: 'sm' } },
    // A status word is never cut to "OPERA…": the badge keeps its width and the row grows.
    Badge: {
      defaultProps: { variant: 'light', radius: 'sm' },
      styles: { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } },
    },
    // A link inside a sentence is told apart by more than its colour.
    Anchor: { defaultProps: { underline: 'always' } },
    // Mantine's close button is an icon: without a name a screen reader says only "button".
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
  },
})

/** What each sync state of a record looks like everywhere it is shown. */
export const SYNC_COLOR = {
  synced: 'teal',
  unsynced: 'violet',
  failed: 'red',
  conflict: 'orange',
  lost: 'pink',
  offline: 'gray',
} as const satisfies Record<string, MantineColor>

export const EQUIPMENT_STATUS_COLOR: Record<EquipmentStatus, MantineColor> = {
  operational: 'green',
  degraded: 'yellow',
  down: 'red',
  maintenance: 'orange',
  retired: 'gray',
}

export const SITE_STATUS_COLOR: Record<SiteStatus, MantineColor> = {
  planned: 'gray',
  commissioning: 'cyan',
  active: 'green',
  curtailed: 'yellow',
  offline: 'red',
  decommissioned: 'gray',
}

/**
 * Mantine's defaults put dimmed text and light badges under 4.5:1 contrast (gray-6 on white is
 * 3.3:1, teal-9 on its light tint about 4.4:1); in sun glare that is unreadable, and axe counts
 * it serious. Darker text in light, lighter in dark.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const shade = (scheme: 'light' | 'dark') =>
    Object.fromEntries(
      Object.keys(t.colors).map((c) => [
        `--mantine-color-${c}-light-color`,
        scheme === 'light'
          ? `color-mix(in srgb, var(--mantine-color-${c}-9), black 30%)`
          : `var(--mantine-color-${c}-2)`,
      ]),
    )
  return {
    variables: {},
    light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', ...shade('light') },
    dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)', ...shade('dark') },
  }
}
