import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../supabase/local/rest/errors'
import {
  appliedPreferences,
  negotiateMedia,
  parsePreferences,
} from '../../../supabase/local/rest/headers'
import {
  combinePage,
  contentRange,
  parseRangeHeader,
  rangeStatus,
} from '../../../supabase/local/rest/range'

describe('Prefer', () => {
  it('reads comma-joined values, as supabase-js sends them', () => {
    const prefs = parsePreferences([
      'return=representation,count=exact, resolution=merge-duplicates,missing=default',
    ])
    expect(prefs).toEqual({
      return: 'representation',
      count: 'exact',
      resolution: 'merge-duplicates',
      missing: 'default',
      invalid: [],
    })
    expect(appliedPreferences(prefs, ['return', 'count'])).toBe(
      'return=representation, count=exact',
    )
  })

  it('collects what it does not know', () => {
    const prefs = parsePreferences(['handling=strict, max-affected=5', 'tx=rollback,return=nope'])
    expect(prefs).toEqual({
      handling: 'strict',
      maxAffected: 5,
      invalid: ['tx=rollback', 'return=nope'],
    })
    expect(appliedPreferences(prefs, ['handling', 'maxAffected'])).toBe(
      'handling=strict, max-affected=5',
    )
  })
})

describe('Accept', () => {
  it('JSON arrays by default, objects for vnd.pgrst.object, nulls stripped on request', () => {
    expect(negotiateMedia(undefined)).toEqual({ singular: false, stripNulls: false })
    expect(negotiateMedia('*/*')).toEqual({ singular: false, stripNulls: false })
    expect(negotiateMedia('application/vnd.pgrst.object+json')).toEqual({
      singular: true,
      stripNulls: false,
    })
    expect(negotiateMedia('application/vnd.pgrst.object+json;nulls=stripped')).toEqual({
      singular: true,
      stripNulls: true,
    })
    expect(negotiateMedia('application/vnd.pgrst.array+json;nulls=stripped')).toEqual({
      singular: false,
      stripNulls: true,
    })
    expect(negotiateMedia('text/csv;q=0.5, application/json')).toEqual({
      singular: false,
      stripNulls: false,
    })
  })

  it('other media → 406 PGRST107', () => {
    for (const accept of [
      'text/csv',
      'application/vnd.pgrst.plan+text; for="application/json"',
      'application/geo+json',
    ]) {
      let error: unknown
      try {
        negotiateMedia(accept)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).status).toBe(406)
      expect((error as ApiError).body.code).toBe('PGRST107')
    }
  })
})

describe('ranges', () => {
  it('parses Range headers; ignores what it cannot read; refuses inverted ones', () => {
    expect(parseRangeHeader('0-24')).toEqual({ offset: 0, limit: 25 })
    expect(parseRangeHeader('items=10-')).toEqual({ offset: 10 })
    expect(parseRangeHeader('bytes=nonsense')).toBeUndefined()
    expect(() => parseRangeHeader('5-1')).toThrow(ApiError)
  })

  it('intersects the header, limit/offset and max rows', () => {
    expect(combinePage(undefined, { offset: 0 }, undefined)).toEqual({ offset: 0 })
    expect(combinePage(undefined, { offset: 0 }, 1000)).toEqual({ offset: 0, limit: 1000 })
    expect(combinePage({ offset: 0, limit: 10 }, { offset: 5, limit: 20 }, 1000)).toEqual({
      offset: 5,
      limit: 5,
    })
    expect(combinePage({ offset: 10 }, { offset: 0, limit: 5 }, undefined)).toEqual({
      offset: 10,
      limit: 0,
    })
    expect(combinePage(undefined, { offset: 0, limit: 5000 }, 1000)).toEqual({
      offset: 0,
      limit: 1000,
    })
  })

  it('Content-Range and status like PostgREST', () => {
    expect(contentRange(0, 24, 100)).toBe('0-24/100')
    expect(contentRange(0, 24, undefined)).toBe('0-24/*')
    expect(contentRange(0, -1, 0)).toBe('*/0')
    expect(contentRange(0, -1, undefined)).toBe('*/*')
    expect(rangeStatus(0, 24, undefined)).toBe(200)
    expect(rangeStatus(0, 24, 100)).toBe(206)
    expect(rangeStatus(0, 99, 100)).toBe(200)
    expect(rangeStatus(0, -1, 0)).toBe(200)
    expect(rangeStatus(200, 199, 100)).toBe(416)
  })
})
