import { describe, expect, it } from 'vitest'
import { noticeFor } from '../../../src/renderer/src/features/desktop/DesktopNotices'
import type { SecretStoreStatus } from '../../../src/shared/ipc'

const status = (patch: Partial<SecretStoreStatus>): SecretStoreStatus => ({
  state: 'ok',
  protection: 'os-keychain',
  backend: 'gnome_libsecret',
  recordedBackend: 'gnome_libsecret',
  ...patch,
})

describe('noticeFor', () => {
  it('says nothing when the keychain protects a readable session', () => {
    expect(noticeFor(status({}))).toBeNull()
  })

  it('offers a retry and a discard for a session that does not unlock', () => {
    const notice = noticeFor(status({ state: 'locked' }))
    expect(notice?.actions).toEqual(['retry', 'discard'])
    expect(notice?.text).toContain('kept on this computer')
  })

  it('names both keyrings and the flag that brings the old one back', () => {
    const notice = noticeFor(
      status({ state: 'backend-changed', protection: 'basic-text', backend: 'basic_text' }),
    )
    expect(notice?.actions).toEqual(['discard'])
    expect(notice?.text).toContain('GNOME keyring')
    expect(notice?.text).toContain('--password-store=gnome-libsecret')
  })

  it('tells the user when there is no keyring (basic_text)', () => {
    const notice = noticeFor(
      status({ protection: 'basic-text', backend: 'basic_text', recordedBackend: 'basic_text' }),
    )
    expect(notice).toMatchObject({ tone: 'info', actions: ['dismiss'] })
    expect(notice?.text).toContain('only obfuscated')
  })
})
