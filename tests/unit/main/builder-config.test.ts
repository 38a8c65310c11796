// The packaging config, loaded and validated by electron-builder's own code (its config loader
// and its ajv check against node_modules/app-builder-lib/scheme.json), so a typo or a key
// electron-builder 26 no longer knows fails here instead of on a release runner.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'electron-builder'
import { DebugLogger } from 'builder-util'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
let config: Configuration

beforeAll(async () => {
  config = await getConfig(root, 'electron-builder.yml', null)
})

function targetsOf(platform: Configuration['mac'] | Configuration['win'] | Configuration['linux']) {
  const targets = platform?.target
  return (Array.isArray(targets) ? targets : [targets]).flatMap((target) => {
    if (target === null || target === undefined) return []
    return [typeof target === 'string' ? { target, arch: undefined } : target]
  })
}

describe('electron-builder.yml', () => {
  it('passes electron-builder 26 schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('is checked by a validator that does reject unknown keys', async () => {
    const typo = { ...config, mac: { ...config.mac, hardenedRuntimee: true } } as Configuration
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(
      /configuration\.mac/,
    )
  })

  it('names the app', () => {
    expect(config.appId).toBe('com.tennetzero.outpost')
    expect(config.productName).toBe('Outpost')
    // electron-builder's loader normalises the list into a file set.
    expect(config.files).toEqual([{ filter: ['out/**/*'] }])
    expect(config.extraResources).toBeUndefined()
    expect(config.extraFiles).toBeUndefined()
    expect(config.asar).toBe(true)
  })

  it('builds dmg and zip for both Mac architectures, NSIS for Windows, deb, rpm and AppImage', () => {
    const mac = targetsOf(config.mac)
    expect(mac.map((t) => t.target).sort()).toEqual(['dmg', 'zip'])
    for (const target of mac) expect(target.arch).toEqual(['x64', 'arm64'])
    expect(targetsOf(config.win).map((t) => t.target)).toEqual(['nsis'])
    // deb and rpm first: the AppImage aborts under Ubuntu 24.04's AppArmor rule (electron#42510).
    expect(targetsOf(config.linux).map((t) => t.target)).toEqual(['deb', 'rpm', 'AppImage'])
  })

  it('signs macOS with the hardened runtime, minimal entitlements and notarization', () => {
    expect(config.mac?.hardenedRuntime).toBe(true)
    expect(config.mac?.notarize).toBe(true)
    const entitlements = config.mac?.entitlements
    expect(entitlements).toBe('build/entitlements.mac.plist')
    const plist = readFileSync(resolve(root, entitlements ?? ''), 'utf8')
    expect(plist).toContain('com.apple.security.cs.allow-jit')
    expect(plist.match(/<key>/g)).toHaveLength(1)
    expect(existsSync(resolve(root, config.mac?.entitlementsInherit ?? ''))).toBe(true)
  })

  it('takes every credential from the environment, never from the file', () => {
    const text = readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')
    for (const key of ['cscLink', 'cscKeyPassword', 'certificatePassword', 'certificateFile']) {
      expect(text).not.toContain(key)
    }
    expect(config.mac?.identity).toBeUndefined()
  })

  it('signs Windows with Azure Trusted Signing, never a .pfx, and verifies updates', () => {
    expect(config.win?.signtoolOptions).toBeUndefined()
    expect(config.win?.azureSignOptions).toEqual({
      publisherName: 'TennetZero',
      endpoint: expect.stringMatching(/^https:\/\/[a-z]+\.codesigning\.azure\.net$/),
      codeSigningAccountName: expect.any(String),
      certificateProfileName: expect.any(String),
    })
    expect(config.win?.verifyUpdateCodeSignature).toBe(true)
  })

  it('lists every placeholder of electron-builder.yml in docs/releasing.md', () => {
    const text = readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')
    const docs = readFileSync(resolve(root, 'docs/releasing.md'), 'utf8')
    const placeholders = [...text.matchAll(/^\s*([\w.]+): (\S+) # PLACEHOLDER/gm)]
    expect(placeholders.length).toBeGreaterThanOrEqual(4)
    for (const [, key, value] of placeholders) {
      expect(docs).toContain(`.${key}\``)
      expect(docs).toContain(`\`${value}\``)
    }
  })

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('installs per user on Windows so updates need no administrator', () => {
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false })
  })

  it('publishes draft GitHub releases for electron-updater', () => {
    expect(config.publish).toMatchObject({
      provider: 'github',
      owner: 'tennetzero',
      repo: 'outpost',
      releaseType: 'draft',
    })
  })

  it('has the icon sources electron-builder converts per platform', () => {
    const png = readFileSync(resolve(root, 'build/icon.png'))
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    expect(png.readUInt32BE(20)).toBe(png.readUInt32BE(16))
    expect(existsSync(resolve(root, 'build/icon.svg'))).toBe(true)
  })
})
