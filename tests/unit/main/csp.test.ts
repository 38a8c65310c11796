import { describe, expect, it } from 'vitest'
import { buildContentSecurityPolicy } from '../../../src/main/csp'

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((directive) => {
      const [name = '', ...sources] = directive.split(' ')
      return [name, sources]
    }),
  )
}

const production = (backendUrl: string) =>
  directives(buildContentSecurityPolicy({ backendUrl, devOrigin: null }))

describe('buildContentSecurityPolicy', () => {
  it('allows scripts and styles from the app only', () => {
    const csp = production('http://127.0.0.1:54321')
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('style-src')).toEqual(["'self'"])
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('lets the renderer reach the configured backend over http and websockets', () => {
    expect(production('http://127.0.0.1:54321').get('connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:54321',
      'ws://127.0.0.1:54321',
    ])
    expect(production('https://abc.supabase.co/').get('connect-src')).toEqual([
      "'self'",
      'https://abc.supabase.co',
      'wss://abc.supabase.co',
    ])
  })

  it('follows a changed backend', () => {
    const before = production('https://one.example.com').get('connect-src')
    const after = production('https://two.example.com').get('connect-src')
    expect(before).toContain('https://one.example.com')
    expect(after).toContain('https://two.example.com')
    expect(after).not.toContain('https://one.example.com')
  })

  it.each([
    'http://a;b.com',
    "http://a'b.com",
    'http://a*b.com',
    'http://a,b.com',
    'https://evil.com; script-src *',
    'javascript:alert(1)',
    'data:text/html,hi',
    'file:///etc/passwd',
    'http://evil.example.com',
    'https://user:pw@example.com',
    'not a url',
  ])('never lets %s into the policy', (hostile) => {
    const policy = buildContentSecurityPolicy({ backendUrl: hostile, devOrigin: null })
    const csp = directives(policy)
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(policy.split('; ')).toHaveLength(10)
  })

  it('opens up only for the local dev server in development', () => {
    const csp = directives(
      buildContentSecurityPolicy({
        backendUrl: 'http://127.0.0.1:54321',
        devOrigin: 'http://localhost:5173',
      }),
    )
    expect(csp.get('connect-src')).toEqual(
      expect.arrayContaining(['http://localhost:5173', 'ws://localhost:5173']),
    )
    expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'")
  })
})
