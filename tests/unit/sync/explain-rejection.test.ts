import { expect, it } from 'vitest'
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
  expect(explainRejection({ code: 'something_new', message: 'x' })).toBe(
    'The server refused this edit (something_new): x',
  )
  expect(explainRejection(null)).toBe('The server refused this edit without saying why.')
})
