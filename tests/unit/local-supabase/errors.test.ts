import { describe, expect, it } from 'vitest'
import {
  fromPgError,
  fromUnexpectedError,
  isPgError,
  jwtError,
  pgErrorStatus,
} from '../../../supabase/local/rest/errors'

describe('SQLSTATE → HTTP status, as PostgREST maps it', () => {
  it.each([
    ['23505', 409],
    ['23503', 409],
    ['23502', 400],
    ['23514', 400],
    ['22P02', 400],
    ['P0001', 400],
    ['P0002', 500],
    ['42883', 404],
    ['42P01', 404],
    ['42703', 400],
    ['25006', 405],
    ['08006', 503],
    ['53300', 503],
    ['53400', 500],
    ['57P01', 503],
    ['57014', 500],
    ['28P01', 403],
    ['0P000', 403],
    ['0L000', 403],
    ['40001', 500],
    ['XX000', 500],
    ['PT418', 418],
    ['PT404', 404],
    ['PTabc', 500],
  ])('%s → %i', (code, status) => {
    expect(pgErrorStatus(code, 'message', true)).toBe(status)
  })

  it('42501 is 401 for anon, 403 for a signed-in role', () => {
    expect(pgErrorStatus('42501', 'permission denied', false)).toBe(401)
    expect(pgErrorStatus('42501', 'permission denied', true)).toBe(403)
  })

  it('special messages', () => {
    expect(pgErrorStatus('22023', 'role "x" does not exist', true)).toBe(401)
    expect(pgErrorStatus('22023', 'invalid value', true)).toBe(400)
    expect(pgErrorStatus('21000', 'UPDATE requires a WHERE clause', true)).toBe(400)
    expect(pgErrorStatus('21000', 'more than one row returned', true)).toBe(500)
  })
})

describe('error bodies', () => {
  it('a database error keeps code, message, details and hint; 401 says WWW-Authenticate', () => {
    const error = fromPgError(
      { code: '42501', message: 'permission denied for table sites' },
      false,
    )
    expect(error.status).toBe(401)
    expect(error.body).toEqual({
      code: '42501',
      message: 'permission denied for table sites',
      details: null,
      hint: null,
    })
    expect(error.headers['WWW-Authenticate']).toBe('Bearer')
    const full = fromPgError({ code: 'P0001', message: 'm', detail: 'd', hint: 'h' }, true)
    expect(full.body).toEqual({ code: 'P0001', message: 'm', details: 'd', hint: 'h' })
  })

  it("RAISE SQLSTATE 'PGRST' controls the whole response", () => {
    const error = fromPgError(
      {
        code: 'PGRST',
        message: '{"code":"123","message":"custom","hint":"h"}',
        detail: '{"status":402,"headers":{"X-Powered-By":"Outpost"}}',
      },
      true,
    )
    expect(error.status).toBe(402)
    expect(error.body).toEqual({ code: '123', message: 'custom', details: null, hint: 'h' })
    expect(error.headers).toEqual({ 'X-Powered-By': 'Outpost' })
    expect(fromPgError({ code: 'PGRST', message: 'not json' }, true).body.code).toBe('PGRST121')
  })

  it('recognises PostgreSQL errors and connection failures', () => {
    expect(isPgError({ code: '23505', message: 'x', severity: 'ERROR' })).toBe(true)
    expect(isPgError(new Error('x'))).toBe(false)
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(fromUnexpectedError(refused).status).toBe(503)
    expect(fromUnexpectedError(new Error('bug')).body.code).toBe('PGRSTX00')
  })

  it('JWT failures → PGRST301 / PGRST303 with invalid_token', () => {
    expect(jwtError({ kind: 'signature' }).body).toMatchObject({
      code: 'PGRST301',
      message: 'JWT cryptographic operation failed',
    })
    expect(jwtError({ kind: 'parts', count: 2 }).body.message).toBe(
      'Expected 3 parts in JWT; got 2',
    )
    expect(jwtError({ kind: 'empty' }).body.message).toBe(
      'Empty JWT is sent in Authorization header',
    )
    const expired = jwtError({ kind: 'expired' })
    expect([expired.status, expired.body.code, expired.body.message]).toEqual([
      401,
      'PGRST303',
      'JWT expired',
    ])
    expect(expired.headers['WWW-Authenticate']).toBe(
      'Bearer error="invalid_token", error_description="JWT expired"',
    )
    expect(jwtError({ kind: 'claim-type', claim: 'exp' }).body.message).toBe(
      "The JWT 'exp' claim must be a number",
    )
  })
})
