import { expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { PUSH_ERROR_CODES, pushErrorSchema } from '../../../src/shared/sync/protocol'
import { explainRejection } from '../../../src/renderer/src/sync/explain-rejection'

it('puts server rejections in plain words, keeping messages already written for people', () => {
  expect(
    explainRejection({
      code: 'forbidden',
      message: 'new row violates row-level security policy for table "energy_production"',
    }),
  ).toBe(
    'You may no longer change this record (for example, its site is not assigned to you any more).',
  )
  expect(
    explainRejection({ code: 'period_closed', message: 'March 2029 is closed for this site: …' }),
  ).toBe('March 2029 is closed for this site: …')
  expect(
    explainRejection({ code: 'check_violation', message: 'energy must not be negative' }),
  ).toBe('A value is not allowed by the server: energy must not be negative')
  expect(
    explainRejection({
      code: 'invalid_value',
      sqlstate: '22P05',
      message:
        'this change holds a value the database cannot store (unsupported Unicode escape sequence)',
    }),
  ).toMatch(/^This edit holds a hidden character the server cannot store/)
  expect(
    explainRejection({ code: 'invalid_value', sqlstate: '22007', message: 'bad date "x"' }),
  ).toBe('A value is not allowed by the server: bad date "x"')
  expect(explainRejection(null)).toBe('The server refused this edit without saying why.')
})

it('a code a newer server invents is read as a plain refusal with its message', () => {
  const error = pushErrorSchema.parse({ code: 'something_new', message: 'x' })
  expect(explainRejection(error)).toBe('The server refused this edit: x')
  // An outbox entry an older version stored, read without the schema.
  const stored = JSON.parse('{"code":"something_old","message":"y"}') as typeof error
  expect(explainRejection(stored)).toBe('The server refused this edit: y')
})

it('every code gets words of its own kind, none the generic sentence of an unknown answer', () => {
  for (const code of PUSH_ERROR_CODES) {
    const words = explainRejection({ code, message: 'the server’s words' })
    expect([code, words === '' || words === explainRejection(null)]).toEqual([code, false])
  }
})

it('docs/sync-protocol.md lists exactly the codes of PUSH_ERROR_CODES', () => {
  const doc = readFileSync('docs/sync-protocol.md', 'utf8')
  const table = doc.slice(doc.indexOf('| code '), doc.indexOf('\n\n', doc.indexOf('| code ')))
  const listed = [...table.matchAll(/^\| `([a-z_]+)` /gm)].map((m) => m[1])
  expect(listed.sort()).toEqual([...PUSH_ERROR_CODES].sort())
})
