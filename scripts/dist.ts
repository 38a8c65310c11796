// `npm run dist` (after `electron-vite build`): packages the app with electron-builder, and is
// honest about signing. A macOS or Windows build without its signing credentials is refused
// unless `--unsigned` is given; then, and for every Linux build (electron-builder signs no
// Linux package; the release's SHA256SUMS.asc is what vouches for them), a banner says the
// result is unsigned. Signed builds set forceCodeSigning, so a credential that is present but
// broken fails the build instead of producing an unsigned installer.
//
//   npx tsx scripts/dist.ts [--mac] [--win] [--linux] [--unsigned] [--publish never|always]
//
// With no platform flag it builds for this computer's platform. The release workflow calls it
// once per platform with `--publish never`; scripts/publish-release.ts uploads the results.
import type { Configuration } from 'electron-builder'
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export type DistPlatform = 'mac' | 'win' | 'linux'

type Env = Readonly<Record<string, string | undefined>>

const has = (env: Env, name: string): boolean => (env[name] ?? '') !== ''

/** What each platform's signing needs from the environment; empty when it is all there. */
export function missingCredentials(platform: DistPlatform, env: Env): string[] {
  if (platform === 'win') {
    return ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'].filter(
      (name) => !has(env, name),
    )
  }
  if (platform === 'mac') {
    const missing: string[] = []
    if (!has(env, 'CSC_LINK') && !has(env, 'CSC_NAME')) missing.push('CSC_LINK (or CSC_NAME)')
    const apiKey = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER']
    const appleId = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID']
    const complete = (names: string[]) => names.every((name) => has(env, name))
    if (!complete(apiKey) && !complete(appleId) && !has(env, 'APPLE_KEYCHAIN_PROFILE')) {
      missing.push(`${apiKey.join(', ')} (or ${appleId.join(', ')}) for notarization`)
    }
    return missing
  }
  return []
}

export type DistPlan =
  | { ok: false; message: string }
  | {
      ok: true
      platforms: DistPlatform[]
      publish: 'never' | 'always'
      /** Overrides deep-merged over electron-builder.yml. */
      config: Configuration
      /** Printed before the build when anything is unsigned; null for a fully signed build. */
      banner: string | null
    }

const NAMES: Record<DistPlatform, string> = { mac: 'macOS', win: 'Windows', linux: 'Linux' }

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length)) + 4
  const rule = '#'.repeat(width)
  return [rule, ...lines.map((line) => `# ${line.padEnd(width - 4)} #`), rule].join('\n')
}

export function planDist(args: readonly string[], env: Env, host: NodeJS.Platform): DistPlan {
  const known = new Set(['--mac', '--win', '--linux', '--unsigned', '--publish'])
  let publish: 'never' | 'always' = 'never'
  const flags: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--publish') {
      const value = args[++i]
      if (value !== 'never' && value !== 'always') {
        return { ok: false, message: '--publish takes never or always' }
      }
      publish = value
    } else if (known.has(arg)) flags.push(arg)
    else return { ok: false, message: `Unknown option ${arg}` }
  }
  const chosen = (['mac', 'win', 'linux'] as const).filter((p) => flags.includes(`--${p}`))
  const hostPlatform: DistPlatform = host === 'darwin' ? 'mac' : host === 'win32' ? 'win' : 'linux'
  const platforms = chosen.length > 0 ? [...chosen] : [hostPlatform]
  const allowUnsigned = flags.includes('--unsigned')

  const gaps = platforms
    .map((platform) => ({ platform, missing: missingCredentials(platform, env) }))
    .filter(({ missing }) => missing.length > 0)
  if (gaps.length > 0 && !allowUnsigned) {
    return {
      ok: false,
      message: [
        'Refusing to build unsigned installers:',
        ...gaps.map(({ platform, missing }) => `  ${NAMES[platform]} needs ${missing.join('; ')}`),
        'Set them (docs/releasing.md, "Secrets and variables"), or pass --unsigned for a',
        'build that is for testing only.',
      ].join('\n'),
    }
  }

  const config: { -readonly [K in keyof Configuration]: Configuration[K] } = {}
  const unsigned: string[] = []
  for (const { platform, missing } of gaps) {
    unsigned.push(`${NAMES[platform]}: not signed (missing ${missing.join('; ')})`)
    // No signing attempt at all: identity null skips codesign (the fuses still ad-hoc re-sign
    // on Apple silicon), and without azureSignOptions electron-builder has nothing to sign with.
    if (platform === 'mac') config.mac = { identity: null, notarize: false }
    if (platform === 'win') config.win = { azureSignOptions: null }
  }
  if (gaps.length === 0 && platforms.some((platform) => platform !== 'linux')) {
    config.forceCodeSigning = true
  }
  if (platforms.includes('linux')) {
    unsigned.push('Linux: deb, rpm and AppImage are never signed by electron-builder;')
    unsigned.push('       a release vouches for them with the GPG-signed SHA256SUMS.asc')
  }
  return {
    ok: true,
    platforms,
    publish,
    config,
    banner:
      unsigned.length === 0
        ? null
        : banner([
            'UNSIGNED BUILD',
            ...unsigned,
            'For testing only: never give unsigned installers to technicians.',
          ]),
  }
}

async function main(): Promise<void> {
  const plan = planDist(process.argv.slice(2), process.env, process.platform)
  if (!plan.ok) {
    console.error(plan.message)
    process.exit(2)
  }
  if (plan.banner !== null) console.error(`\n${plan.banner}\n`)
  const { build, Platform } = await import('electron-builder')
  const targets = new Map()
  for (const platform of plan.platforms) {
    const target =
      platform === 'mac' ? Platform.MAC : platform === 'win' ? Platform.WINDOWS : Platform.LINUX
    for (const [key, value] of target.createTarget()) targets.set(key, value)
  }
  const artifacts = await build({ targets, publish: plan.publish, config: plan.config })
  for (const artifact of artifacts) console.log(artifact)
  if (plan.banner !== null) console.error(`\n${plan.banner}\n`)
}

// Run as a script (also through a symlinked path), not when a test imports it.
const invokedAs =
  process.argv[1] === undefined ? '' : pathToFileURL(realpathSync(process.argv[1])).href
if (import.meta.url === invokedAs) await main()
