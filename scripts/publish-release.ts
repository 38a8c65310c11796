// The release workflow's one publishing step. The three build jobs only build
// (`--publish never`) and upload their files as workflow artifacts; this runs once, in one job,
// so there is exactly one draft release per tag (electron-builder's create-if-missing from
// three jobs at once is not safe: electron-builder#10026 split drafts and put latest-mac.yml in
// a stray one). It creates the draft (or reuses the draft of an earlier attempt at the same
// tag), uploads every installer, blockmap and checksum file, and the update manifests
// (latest*.yml) last, so a manifest never names a file that is not there yet. It refuses a tag
// whose release is already published: a published release is final.
//
//   npx tsx scripts/publish-release.ts --dir assets --tag v1.4.0 --repo tennetzero/outpost
//       [--dry-run]
//
// GITHUB_TOKEN authorizes it; GITHUB_API_URL (set by Actions) is the API, which the unit test
// points at a fake server.
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export interface PublishOptions {
  apiUrl: string
  token: string
  /** owner/name */
  repo: string
  tag: string
  dir: string
  /** Reads only: says what it would create, delete and upload. */
  dryRun?: boolean
  fetch?: typeof fetch
  log?: (line: string) => void
}

export interface PublishResult {
  releaseId: number | null
  created: boolean
  uploaded: string[]
}

interface Release {
  id: number
  tag_name: string
  draft: boolean
  prerelease: boolean
  upload_url: string
  html_url?: string
}

interface Asset {
  id: number
  name: string
}

const MANIFEST = /^latest(-[a-z0-9]+)?\.yml$/

/** Everything but the update manifests first (sorted), then the manifests. */
export function uploadOrder(names: readonly string[]): string[] {
  const sorted = [...names].sort()
  return [
    ...sorted.filter((name) => !MANIFEST.test(name)),
    ...sorted.filter((name) => MANIFEST.test(name)),
  ]
}

/** v1.5.0-beta.1 is a pre-release; a beta published as a normal release reaches every install. */
export function isPrerelease(tag: string): boolean {
  return tag.includes('-')
}

export async function publishRelease(options: PublishOptions): Promise<PublishResult> {
  const { apiUrl, token, repo, tag, dir, dryRun = false } = options
  const request = options.fetch ?? fetch
  const log = options.log ?? ((line: string) => console.log(line))
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new Error(`Not a repository: ${repo}`)
  if (!/^v\d+\.\d+\.\d+(-[\w.]+)?$/.test(tag)) throw new Error(`Not a version tag: ${tag}`)

  const api = async <T>(method: string, url: string, body?: BodyInit, type?: string) => {
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'outpost-publish-release',
    }
    if (type !== undefined) headers['Content-Type'] = type
    const response = await request(url, { method, headers, body: body ?? null })
    if (!response.ok) {
      const text = await response.text()
      throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 500)}`)
    }
    return (response.status === 204 ? null : await response.json()) as T
  }
  const repoUrl = `${apiUrl.replace(/\/+$/, '')}/repos/${repo}`

  const files = uploadOrder(
    (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name),
  )
  if (files.length === 0) throw new Error(`Nothing to publish in ${dir}`)
  if (!files.some((name) => MANIFEST.test(name))) {
    throw new Error(`No latest*.yml in ${dir}: installed apps would never see this release`)
  }

  // Drafts are listed only to a token that can push, and only through the list.
  let release: Release | undefined
  for (let page = 1; release === undefined; page++) {
    const releases = await api<Release[]>('GET', `${repoUrl}/releases?per_page=100&page=${page}`)
    release = releases.find((candidate) => candidate.tag_name === tag)
    if (releases.length < 100) break
  }
  if (release !== undefined && !release.draft) {
    throw new Error(
      `${tag} is already published (${release.html_url ?? release.id}); release a higher version`,
    )
  }

  const prerelease = isPrerelease(tag)
  let created = false
  if (release === undefined) {
    log(`${dryRun ? 'Would create' : 'Creating'} draft release ${tag}`)
    if (dryRun) return { releaseId: null, created: true, uploaded: files }
    release = await api<Release>(
      'POST',
      `${repoUrl}/releases`,
      JSON.stringify({ tag_name: tag, name: tag.slice(1), draft: true, prerelease }),
      'application/json',
    )
    created = true
  } else {
    log(`Reusing draft release ${tag} (${release.id})`)
    if (release.prerelease !== prerelease && !dryRun) {
      release = await api<Release>(
        'PATCH',
        `${repoUrl}/releases/${release.id}`,
        JSON.stringify({ prerelease }),
        'application/json',
      )
    }
  }

  const existing = new Map<string, number>()
  for (let page = 1; ; page++) {
    const assets = await api<Asset[]>(
      'GET',
      `${repoUrl}/releases/${release.id}/assets?per_page=100&page=${page}`,
    )
    for (const asset of assets) existing.set(asset.name, asset.id)
    if (assets.length < 100) break
  }

  const uploadBase = release.upload_url.replace(/\{.*\}$/, '')
  for (const name of files) {
    const replaced = existing.get(name)
    if (dryRun) {
      log(`Would ${replaced === undefined ? 'upload' : 'replace'} ${name}`)
      continue
    }
    if (replaced !== undefined) await api('DELETE', `${repoUrl}/releases/assets/${replaced}`)
    const bytes = await readFile(join(dir, name))
    await api(
      'POST',
      `${uploadBase}?name=${encodeURIComponent(basename(name))}`,
      new Uint8Array(bytes),
      'application/octet-stream',
    )
    log(`Uploaded ${name} (${bytes.length} bytes)`)
  }
  return { releaseId: release.id, created, uploaded: files }
}

function argument(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name)
  return index === -1 ? undefined : args[index + 1]
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const dir = argument(args, '--dir')
  const tag = argument(args, '--tag') ?? process.env.GITHUB_REF_NAME
  const repo = argument(args, '--repo') ?? process.env.GITHUB_REPOSITORY
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN
  if (dir === undefined || tag === undefined || repo === undefined || token === undefined) {
    console.error('Usage: GITHUB_TOKEN=… publish-release.ts --dir DIR --tag vX.Y.Z --repo o/r')
    process.exit(2)
  }
  const result = await publishRelease({
    apiUrl: process.env.GITHUB_API_URL ?? 'https://api.github.com',
    token,
    repo,
    tag,
    dir,
    dryRun: args.includes('--dry-run'),
  })
  console.log(JSON.stringify(result))
}

// Run as a script (also through a symlinked path), not when a test imports it.
const invokedAs =
  process.argv[1] === undefined ? '' : pathToFileURL(realpathSync(process.argv[1])).href
if (import.meta.url === invokedAs) await main()
