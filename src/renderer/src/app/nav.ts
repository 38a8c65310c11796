import {
  IconActivityHeartbeat,
  IconArrowsDiff,
  IconBolt,
  IconBuildingFactory2,
  IconHome,
  IconClipboardCheck,
  IconCloudUpload,
  IconReceipt2,
  IconSettings,
  IconTool,
  IconUsers,
  IconServerCog,
  IconForms,
  IconCalendarRepeat,
  IconListCheck,
} from '@tabler/icons-react'
import type { ComponentType } from 'react'
import type { SignedInUser } from '../features/auth/session'
import { isAdmin, isBackOffice } from '../features/auth/session'

export type NavCount = 'attention' | 'work' | 'conflicts' | 'sync'

export interface NavEntry {
  to: string
  label: string
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>
  /** Words the command palette also matches. */
  keywords: string[]
  count?: NavCount
  office?: boolean
  admin?: boolean
}

/** The app's sections, in the order of the sidebar and the command palette. */
export const NAV: readonly NavEntry[] = [
  {
    to: 'home',
    label: 'Today',
    icon: IconHome,
    keywords: ['home', 'attention', 'overdue', 'missing readings'],
  },
  { to: 'sites', label: 'Sites', icon: IconBuildingFactory2, keywords: ['locations', 'wells'] },
  {
    to: 'equipment',
    label: 'Equipment',
    icon: IconServerCog,
    keywords: ['generators', 'miners', 'assets'],
    count: 'attention',
  },
  {
    to: 'work',
    label: 'Work orders',
    icon: IconClipboardCheck,
    keywords: ['tasks', 'jobs', 'checklist', 'to do'],
    count: 'work',
  },
  { to: 'maintenance', label: 'Maintenance', icon: IconTool, keywords: ['logs', 'repairs'] },
  {
    to: 'schedules',
    label: 'Schedules',
    icon: IconCalendarRepeat,
    keywords: ['preventive maintenance', 'pm', 'service interval', 'oil change'],
    office: true,
  },
  {
    to: 'templates',
    label: 'Checklists',
    icon: IconListCheck,
    keywords: ['checklist templates', 'steps', 'procedures'],
    office: true,
  },
  { to: 'energy', label: 'Energy', icon: IconBolt, keywords: ['readings', 'kwh', 'production'] },
  {
    to: 'conflicts',
    label: 'Conflicts',
    icon: IconArrowsDiff,
    keywords: ['review', 'merge'],
    count: 'conflicts',
  },
  {
    to: 'reconciliation',
    label: 'Reconciliation',
    icon: IconReceipt2,
    keywords: ['invoices', 'carbon credits', 'close month'],
    office: true,
  },
  {
    to: 'sync',
    label: 'Sync center',
    icon: IconCloudUpload,
    keywords: ['outbox', 'failed edits', 'unsynced'],
    count: 'sync',
  },
  {
    to: 'people',
    label: 'People and sites',
    icon: IconUsers,
    keywords: ['members', 'roles', 'assignments', 'technicians'],
    admin: true,
  },
  {
    to: 'fields',
    label: 'Custom fields',
    icon: IconForms,
    keywords: ['fields', 'hashrate', 'registry', 'attributes'],
    office: true,
  },
  {
    to: 'monitoring',
    label: 'Monitoring',
    icon: IconActivityHeartbeat,
    keywords: ['database', 'instance'],
    admin: true,
  },
  { to: 'settings', label: 'Settings', icon: IconSettings, keywords: ['server', 'sign out'] },
]

export function navFor(user: SignedInUser): NavEntry[] {
  return NAV.filter((n) => (!n.office || isBackOffice(user)) && (!n.admin || isAdmin(user)))
}
