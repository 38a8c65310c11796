// What ships in app.asar besides out/: electron-builder adds package.json's production
// `dependencies` and their own dependencies. The renderer and preload are bundled by Vite, and
// electron-vite externalizes exactly `dependencies` from out/main, so `dependencies` must be the
// packages src/main loads at run time and nothing else: a renderer package listed there would
// be packed a second time (about 48 MiB of them were), a main package missing from it would be
// bundled into out/main instead (zod is, on purpose: its package is 8 MiB, its code in out/main
// a few hundred kB).
import { existsSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  allowScripts: Record<string, boolean>
}

/** Packages bundled into out/main by electron-vite rather than packed from node_modules. */
const BUNDLED_INTO_MAIN = ['zod']

function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

/** Bare packages that `entry` and the local modules it imports load at run time. */
function runtimeImports(entry: string): Set<string> {
  const packages = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    for (const match of source.matchAll(/^(import|export)(?! type )[^'"]*?from '([^']+)'/gm)) {
      const specifier = match[2] ?? ''
      if (specifier.startsWith('.')) {
        const local = resolve(dirname(file), specifier)
        const candidates = [`${local}.ts`, `${local}.tsx`, `${local}/index.ts`, local]
        visit(candidates.find((path) => existsSync(path)) ?? local)
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        packages.add(packageOf(specifier))
      }
    }
  }
  visit(entry)
  return packages
}

describe('what app.asar packs', () => {
  const main = runtimeImports(resolve(root, 'src/main/index.ts'))

  it('finds what main loads', () => {
    expect([...main].sort()).toEqual(['electron', 'electron-log', 'electron-updater', 'zod'])
  })

  it('lists as dependencies exactly the packages main loads from node_modules', () => {
    const external = [...main].filter(
      (name) => name !== 'electron' && !BUNDLED_INTO_MAIN.includes(name),
    )
    expect(Object.keys(pkg.dependencies).sort()).toEqual(external.sort())
  })

  it('keeps the renderer’s packages out of dependencies', () => {
    const renderer = runtimeImports(resolve(root, 'src/renderer/src/main.tsx'))
    expect(renderer.has('react')).toBe(true)
    for (const name of renderer) expect(Object.keys(pkg.dependencies)).not.toContain(name)
  })
})

describe('package.json allowScripts', () => {
  // npm's allowScripts decides which install scripts run. An entry for a package that has none
  // decides nothing (Electron 45 has no install script: its binary downloads on first use).
  it.each(Object.keys(pkg.allowScripts))('%s has an install script, where installed', (name) => {
    const manifest = resolve(root, 'node_modules', name, 'package.json')
    if (!existsSync(manifest)) return // another platform's package
    const { scripts = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      scripts?: Record<string, string>
    }
    const hooks = ['preinstall', 'install', 'postinstall'].filter((hook) => hook in scripts)
    const hasBindingGyp = existsSync(resolve(dirname(manifest), 'binding.gyp'))
    expect(hooks.length > 0 || hasBindingGyp).toBe(true)
  })

  it('knows that electron has no install script to allow or deny', () => {
    const electron = JSON.parse(
      readFileSync(resolve(root, 'node_modules/electron/package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> }
    expect(electron.scripts?.postinstall).toBeUndefined()
    expect(electron.scripts?.install).toBeUndefined()
    expect(pkg.allowScripts).not.toHaveProperty('electron')
  })
})
