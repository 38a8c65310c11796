// scripts/dist.ts: `npm run dist` refuses unsigned macOS and Windows installers unless asked,
// and says loudly when the result is unsigned. The overrides it passes are checked with
// electron-builder's own loader and schema, as electron-builder.yml is in builder-config.test.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import type { Configuration } from 'electron-builder'
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { missingCredentials, planDist } from '../../../scripts/dist'

const root = resolve(import.meta.dirname, '../../..')

const AZURE = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' }
const APPLE = {
  CSC_LINK: 'base64p12',
  CSC_KEY_PASSWORD: 'pw',
  APPLE_API_KEY: '/tmp/AuthKey.p8',
  APPLE_API_KEY_ID: 'id',
  APPLE_API_ISSUER: 'issuer',
}

async function merged(config: Configuration): Promise<Configuration> {
  return getConfig(root, 'electron-builder.yml', structuredClone(config))
}

describe('planDist', () => {
  it('refuses a Windows build without Azure Trusted Signing credentials', () => {
    const plan = planDist(['--win'], {}, 'linux')
    expect(plan.ok).toBe(false)
    if (plan.ok) return
    expect(plan.message).toContain('Refusing to build unsigned installers')
    expect(plan.message).toContain('AZURE_CLIENT_SECRET')
    expect(plan.message).toContain('--unsigned')
  })

  it('refuses a macOS build without a certificate or notarization key', () => {
    const plan = planDist([], { CSC_LINK: 'x' }, 'darwin')
    expect(plan.ok).toBe(false)
    if (!plan.ok) expect(plan.message).toMatch(/macOS needs .*APPLE_API_KEY/)
  })

  it('builds unsigned with --unsigned, says so, and skips every signing attempt', async () => {
    const plan = planDist(['--win', '--mac', '--unsigned'], {}, 'linux')
    expect(plan.ok).toBe(true)
    if (!plan.ok) return
    expect(plan.banner).toContain('UNSIGNED BUILD')
    expect(plan.banner).toContain('Windows: not signed')
    expect(plan.banner).toContain('macOS: not signed')
    expect(plan.config).toEqual({
      mac: { identity: null, notarize: false },
      win: { azureSignOptions: null },
    })
    const config = await merged(plan.config)
    expect(config.win?.azureSignOptions).toBeNull()
    expect(config.mac?.identity).toBeNull()
    expect(config.win?.verifyUpdateCodeSignature).toBe(true)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('forces code signing when the credentials are there, and prints no banner', async () => {
    const plan = planDist(['--win', '--mac'], { ...AZURE, ...APPLE }, 'darwin')
    expect(plan).toMatchObject({ ok: true, banner: null, config: { forceCodeSigning: true } })
    if (!plan.ok) return
    const config = await merged(plan.config)
    expect(config.win?.azureSignOptions?.publisherName).toBe('TennetZero')
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('always tells a Linux build that its packages are unsigned, without refusing', () => {
    const plan = planDist([], {}, 'linux')
    expect(plan).toMatchObject({ ok: true, platforms: ['linux'], publish: 'never' })
    if (plan.ok) expect(plan.banner).toContain('SHA256SUMS.asc')
  })

  it('accepts the Apple ID route for notarization', () => {
    const env = {
      CSC_LINK: 'x',
      APPLE_ID: 'a@b.c',
      APPLE_APP_SPECIFIC_PASSWORD: 'p',
      APPLE_TEAM_ID: 'T',
    }
    expect(missingCredentials('mac', env)).toEqual([])
    expect(missingCredentials('win', AZURE)).toEqual([])
  })

  it('takes --publish and refuses options it does not know', () => {
    expect(planDist(['--linux', '--publish', 'always'], {}, 'linux')).toMatchObject({
      publish: 'always',
    })
    expect(planDist(['--publish', 'onTag'], {}, 'linux').ok).toBe(false)
    expect(planDist(['--x64'], {}, 'linux').ok).toBe(false)
  })

  it('exits non-zero, before building anything, when it refuses', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', resolve(root, 'scripts/dist.ts'), '--win'],
      { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    )
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Refusing to build unsigned installers')
  })
})
