import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { buildMenuTemplate } from '../../../src/main/menu'

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu) : []),
  ])
}

function build(platform: NodeJS.Platform, devTools = false) {
  const actions = { syncNow: vi.fn(), openLogs: vi.fn() }
  const template = buildMenuTemplate({ platform, appName: 'Outpost', devTools, actions })
  return { template, actions, all: items(template) }
}

const click = (item: MenuItemConstructorOptions | undefined) =>
  (item?.click as (() => void) | undefined)?.()

describe('buildMenuTemplate', () => {
  it('offers Sync now and Open logs', () => {
    const { all, actions } = build('linux')
    click(all.find((item) => item.label === 'Sync now'))
    click(all.find((item) => item.label === 'Open logs'))
    expect(actions.syncNow).toHaveBeenCalledTimes(1)
    expect(actions.openLogs).toHaveBeenCalledTimes(1)
  })

  it('has the usual edit roles, so copy and paste work', () => {
    const roles = build('win32').all.map((item) => item.role)
    expect(roles).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    )
  })

  it('adds the application menu on macOS only', () => {
    expect(build('darwin').template[0]?.label).toBe('Outpost')
    expect(build('darwin').all.map((item) => item.role)).toContain('hideOthers')
    expect(build('linux').template[0]?.label).toBe('File')
  })

  it('keeps developer tools out of production', () => {
    expect(build('linux', false).all.map((item) => item.role)).not.toContain('toggleDevTools')
    expect(build('linux', true).all.map((item) => item.role)).toContain('toggleDevTools')
  })
})
