import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, devServerOrigin, isAppUrl } from '../../../src/main/app-url'
import { externalLinkDecision, isSafeExternalUrl } from '../../../src/main/external-url'

describe('isAppUrl', () => {
  it('accepts the app origin', () => {
    expect(isAppUrl(APP_ENTRY_URL, null)).toBe(true)
    expect(isAppUrl('app://outpost/', null)).toBe(true)
    expect(isAppUrl('app://outpost/sites/42?tab=logs#top', null)).toBe(true)
  })

  it.each([
    'app://outpost.evil.com/',
    'app://evil/outpost',
    'app://outpost@evil.com/',
    'app://user:pw@outpost/',
    'app://outpost:8080/',
    'file:///work/out/renderer/index.html',
    'https://outpost/',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('rejects %s in production', (url) => {
    expect(isAppUrl(url, null)).toBe(false)
  })

  it('accepts the exact dev server origin in development, and nothing like it', () => {
    const dev = devServerOrigin('http://localhost:5173')
    expect(dev).toBe('http://localhost:5173')
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('http://localhost:5173.evil.com/', dev)).toBe(false)
    expect(isAppUrl('http://evil.com/?http://localhost:5173', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
  })

  it('trusts a dev server only on this computer', () => {
    expect(devServerOrigin(undefined)).toBeNull()
    expect(devServerOrigin('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173')
    expect(devServerOrigin('http://evil.com:5173')).toBeNull()
    expect(devServerOrigin('https://localhost:5173')).toBeNull()
    expect(devServerOrigin('http://user@localhost:5173')).toBeNull()
    expect(devServerOrigin('file:///tmp/index.html')).toBeNull()
  })
})

describe('isSafeExternalUrl', () => {
  it.each([
    'https://www.tennetzero.com/help',
    'https://docs.example.com/a/b?c=d#e',
    'http://intranet.example.com/',
    'https://192.168.1.10/manual.pdf',
  ])('opens %s in the browser', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true)
  })

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript with padding', '  javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['file share', 'file://server/share/run.exe'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob:', 'blob:https://example.com/uuid'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['custom scheme', 'vscode://file/etc/passwd'],
    ['custom scheme', 'smb://server/share'],
    ['app scheme', 'app://outpost/index.html'],
    ['ftp', 'ftp://example.com/file'],
    ['mailto', 'mailto:a@example.com'],
    ['credentials', 'https://user:password@example.com/'],
    ['user@ lookalike', 'https://www.tennetzero.com@evil.example/'],
    ['IDN homograph', 'https://tennetzer\u043e.com/'],
    ['punycode', 'https://xn--tennetzer-xyz.com/'],
    ['odd host characters', 'https://a;b.com/'],
    ['garbage', 'not a url'],
    ['too long', `https://example.com/${'a'.repeat(3000)}`],
  ])('refuses %s (%s)', (_kind, url) => {
    expect(isSafeExternalUrl(url)).toBe(false)
  })
})

describe('externalLinkDecision', () => {
  const backend = 'https://abc.supabase.co'

  it.each([
    ['https://github.com/tennetzero/outpost/blob/main/README.md', 'open'],
    ['https://supabase.com/dashboard/project/abc/editor', 'open'],
    ['https://supabase.com/docs/guides/auth', 'open'],
    ['https://abc.supabase.co/storage/v1/object/public/x.pdf', 'open'],
    ['https://github.com/tennetzero/outpost-evil/', 'ask'],
    ['https://github.com/someone/else', 'ask'],
    ['https://supabase.com.evil.example/dashboard/', 'ask'],
    ['http://supabase.com/dashboard/project/abc', 'ask'],
    ['https://xyz.supabase.co/', 'ask'],
    ['https://example.com/?q=refresh-token', 'ask'],
    ['javascript:alert(1)', 'block'],
    ['https://user@github.com/tennetzero/outpost/', 'block'],
    ['ms-msdt:/id PCWDiagnostic', 'block'],
  ])('%s → %s', (url, decision) => {
    expect(externalLinkDecision(url, backend)).toBe(decision)
  })

  it('opens nothing of a backend without a usable address', () => {
    expect(externalLinkDecision('https://abc.supabase.co/', null)).toBe('ask')
  })
})
