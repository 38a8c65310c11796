// The release workflow's publish step against a fake GitHub release API on 127.0.0.1: one draft
// per tag, every file uploaded once, the update manifests last, re-runs reuse the draft, and a
// published release is never touched. The last test runs the step's own `run:` line from
// .github/workflows/release.yml.
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { isPrerelease, publishRelease, uploadOrder } from '../../../scripts/publish-release'

const root = resolve(import.meta.dirname, '../../..')
const REPO = 'tennetzero/outpost'
const TOKEN = 'ghs_test_token'

interface FakeRelease {
  id: number
  tag_name: string
  draft: boolean
  prerelease: boolean
  assets: { id: number; name: string; size: number }[]
}

/** The part of GitHub's REST API the publish step uses, in memory. */
class FakeReleaseApi {
  releases: FakeRelease[] = []
  calls: string[] = []
  unauthorized = 0
  private nextId = 1
  private server: Server | undefined
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'Content-Type': 'application/json' })
          res.end(body === undefined ? undefined : JSON.stringify(body))
        },
        (error: unknown) => {
          res.writeHead(500)
          res.end(String(error))
        },
      )
    })
    await new Promise<void>((done) => this.server?.listen(0, '127.0.0.1', done))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  stop(): Promise<void> {
    return new Promise((done) => this.server?.close(() => done()))
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', this.url)
    const route = `${req.method} ${url.pathname}`
    this.calls.push(
      route + (url.searchParams.has('name') ? `?name=${url.searchParams.get('name')}` : ''),
    )
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      this.unauthorized++
      return { status: 401, body: { message: 'Bad credentials' } }
    }
    const base = `/repos/${REPO}/releases`
    const find = (id: string | undefined) => this.releases.find((r) => r.id === Number(id))
    const view = (release: FakeRelease) => ({
      ...release,
      assets: undefined,
      upload_url: `${this.url}/uploads${base}/${release.id}/assets{?name,label}`,
    })
    let match: RegExpMatchArray | null
    if (route === `GET ${base}`) return { status: 200, body: this.releases.map(view) }
    if (route === `POST ${base}`) {
      const input = JSON.parse(body.toString('utf8')) as Partial<FakeRelease>
      if (this.releases.some((r) => r.tag_name === input.tag_name && !r.draft)) {
        return { status: 422, body: { message: 'already_exists' } }
      }
      const release: FakeRelease = {
        id: this.nextId++,
        tag_name: input.tag_name ?? '',
        draft: input.draft ?? false,
        prerelease: input.prerelease ?? false,
        assets: [],
      }
      this.releases.push(release)
      return { status: 201, body: view(release) }
    }
    if ((match = route.match(new RegExp(`^PATCH ${base}/(\\d+)$`)))) {
      const release = find(match[1])
      if (release === undefined) return { status: 404 }
      Object.assign(release, JSON.parse(body.toString('utf8')))
      return { status: 200, body: view(release) }
    }
    if ((match = route.match(new RegExp(`^GET ${base}/(\\d+)/assets$`)))) {
      return { status: 200, body: find(match[1])?.assets ?? [] }
    }
    if ((match = route.match(new RegExp(`^DELETE ${base}/assets/(\\d+)$`)))) {
      for (const release of this.releases) {
        release.assets = release.assets.filter((asset) => asset.id !== Number(match?.[1]))
      }
      return { status: 204 }
    }
    if ((match = route.match(new RegExp(`^POST /uploads${base}/(\\d+)/assets$`)))) {
      const release = find(match[1])
      const name = url.searchParams.get('name') ?? ''
      if (release === undefined) return { status: 404 }
      if (release.assets.some((asset) => asset.name === name)) {
        return { status: 422, body: { message: 'already_exists' } }
      }
      const asset = { id: this.nextId++, name, size: body.length }
      release.assets.push(asset)
      return { status: 201, body: asset }
    }
    return { status: 404, body: { message: `no route ${route}` } }
  }

  uploads(): string[] {
    return this.calls
      .filter((call) => call.startsWith('POST /uploads'))
      .map((call) => call.replace(/.*\?name=/, ''))
  }
}

const FILES = {
  'Outpost-1.4.0-arm64.dmg': 'dmg',
  'Outpost-1.4.0-arm64-mac.zip': 'zip',
  'Outpost-1.4.0-arm64-mac.zip.blockmap': 'blockmap',
  'Outpost-Setup-1.4.0.exe': 'exe',
  'Outpost-Setup-1.4.0.exe.blockmap': 'blockmap',
  'outpost_1.4.0_amd64.deb': 'deb',
  'outpost-1.4.0.x86_64.rpm': 'rpm',
  'Outpost-1.4.0-x86_64.AppImage': 'appimage',
  'latest.yml': 'win manifest',
  'latest-mac.yml': 'mac manifest',
  'latest-linux.yml': 'linux manifest',
  SHA256SUMS: 'sums',
  'SHA256SUMS.asc': 'signature',
}

let api: FakeReleaseApi
let work: string
let assets: string

beforeEach(async () => {
  api = new FakeReleaseApi()
  await api.start()
  work = await mkdtemp(join(tmpdir(), 'outpost-publish-'))
  assets = join(work, 'assets')
  await mkdir(assets)
  for (const [name, content] of Object.entries(FILES)) await writeFile(join(assets, name), content)
})

afterEach(async () => {
  await api.stop()
  await rm(work, { recursive: true, force: true })
})

const publish = (tag = 'v1.4.0', extra: { dryRun?: boolean } = {}) =>
  publishRelease({
    apiUrl: api.url,
    token: TOKEN,
    repo: REPO,
    tag,
    dir: assets,
    log: () => {},
    ...extra,
  })

describe('publishRelease', () => {
  it('creates one draft and uploads every file, the update manifests last', async () => {
    const result = await publish()
    expect(result.created).toBe(true)
    expect(api.releases).toHaveLength(1)
    expect(api.releases[0]).toMatchObject({ tag_name: 'v1.4.0', draft: true, prerelease: false })
    const uploaded = api.uploads()
    expect(uploaded.sort()).toEqual(Object.keys(FILES).sort())
    expect(api.uploads().slice(-3).sort()).toEqual([
      'latest-linux.yml',
      'latest-mac.yml',
      'latest.yml',
    ])
    expect(api.releases[0]?.assets.find((a) => a.name === 'latest.yml')?.size).toBe(12)
    expect(api.unauthorized).toBe(0)
  })

  it('marks a beta as a pre-release', async () => {
    await publish('v1.5.0-beta.1')
    expect(api.releases[0]).toMatchObject({ draft: true, prerelease: true })
  })

  it('reuses the draft of an earlier attempt and replaces its files', async () => {
    await publish()
    await writeFile(join(assets, 'latest.yml'), 'rebuilt manifest')
    const again = await publish()
    expect(again.created).toBe(false)
    expect(api.releases).toHaveLength(1)
    const names = api.releases[0]?.assets.map((asset) => asset.name) ?? []
    expect(names.sort()).toEqual(Object.keys(FILES).sort())
    expect(api.releases[0]?.assets.find((a) => a.name === 'latest.yml')?.size).toBe(16)
    expect(api.calls.filter((call) => call.startsWith('DELETE'))).toHaveLength(
      Object.keys(FILES).length,
    )
  })

  it('never touches a release that is already published', async () => {
    api.releases.push({ id: 99, tag_name: 'v1.4.0', draft: false, prerelease: false, assets: [] })
    await expect(publish()).rejects.toThrow(/already published/)
    expect(api.calls.every((call) => call.startsWith('GET'))).toBe(true)
  })

  it('refuses a folder without update manifests', async () => {
    for (const name of ['latest.yml', 'latest-mac.yml', 'latest-linux.yml']) {
      await rm(join(assets, name))
    }
    await expect(publish()).rejects.toThrow(/No latest\*\.yml/)
    expect(api.calls).toEqual([])
  })

  it('writes nothing in a dry run', async () => {
    const lines: string[] = []
    await publishRelease({
      apiUrl: api.url,
      token: TOKEN,
      repo: REPO,
      tag: 'v1.4.0',
      dir: assets,
      dryRun: true,
      log: (line) => lines.push(line),
    })
    expect(api.calls.every((call) => call.startsWith('GET'))).toBe(true)
    expect(api.releases).toEqual([])
    expect(lines).toContain('Would create draft release v1.4.0')
  })

  it('reports an API error with its status', async () => {
    await expect(
      publishRelease({
        apiUrl: api.url,
        token: 'wrong',
        repo: REPO,
        tag: 'v1.4.0',
        dir: assets,
        log: () => {},
      }),
    ).rejects.toThrow(/401 .*Bad credentials/)
  })

  it('orders uploads and recognises pre-releases', () => {
    expect(uploadOrder(['latest.yml', 'b.exe', 'latest-mac.yml', 'a.dmg'])).toEqual([
      'a.dmg',
      'b.exe',
      'latest-mac.yml',
      'latest.yml',
    ])
    expect(isPrerelease('v1.5.0-beta.1')).toBe(true)
    expect(isPrerelease('v1.4.0')).toBe(false)
  })
})

describe('the workflow’s publish step', () => {
  it('runs the script once, from the one publish job, against the API it is given', async () => {
    const workflow = parse(
      await readFile(resolve(root, '.github/workflows/release.yml'), 'utf8'),
    ) as {
      jobs: Record<
        string,
        { steps: { name?: string; run?: string; env?: Record<string, string> }[] }
      >
    }
    const steps = Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
      steps
        .filter((step) => step.run?.includes('scripts/publish-release.ts'))
        .map((step) => ({ job, step })),
    )
    expect(steps).toHaveLength(1)
    const [{ step }] = steps as [(typeof steps)[number]]
    expect(step.env?.GITHUB_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}')

    // The step's command, as the runner would run it (from the checkout, artifacts in assets/).
    await symlink(resolve(root, 'node_modules'), join(work, 'node_modules'))
    await symlink(resolve(root, 'scripts'), join(work, 'scripts'))
    const run = step.run ?? ''
    const output = await new Promise<{ code: number | null; text: string }>((done) => {
      const child = spawn('bash', ['-euo', 'pipefail', '-c', run], {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? work,
          GITHUB_API_URL: api.url,
          GITHUB_TOKEN: TOKEN,
          GITHUB_REF_NAME: 'v1.5.0-beta.2',
          GITHUB_REPOSITORY: REPO,
          npm_config_update_notifier: 'false',
        },
      })
      let text = ''
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
      child.on('close', (code) => done({ code, text }))
    })
    expect(output.code, output.text).toBe(0)
    expect(api.releases).toHaveLength(1)
    expect(api.releases[0]).toMatchObject({
      tag_name: 'v1.5.0-beta.2',
      draft: true,
      prerelease: true,
    })
    expect(
      api
        .uploads()
        .slice(-3)
        .every((name) => name.startsWith('latest')),
    ).toBe(true)
  }, 60_000)
})
