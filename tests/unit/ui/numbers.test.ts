import { describe, expect, it } from 'vitest'
import { inputText, parseNumber } from '../../../src/renderer/src/ui/numbers'

describe('numbers as people type them', () => {
  it.each([
    ['15,234', 'en-US', 15234],
    ['1,234,567.25', 'en-US', 1234567.25],
    ['150.5', 'en-US', 150.5],
    ['.5', 'en-US', 0.5],
    ['-300', 'en-US', -300],
    ['\u2212300', 'en-US', -300],
    ['150,5', 'de-DE', 150.5],
    ['15.234', 'de-DE', 15234],
    ['15.234,5', 'de-DE', 15234.5],
    ['1 234,5', 'fr-FR', 1234.5],
    ['1\u202f234,5', 'fr-FR', 1234.5],
    ['', 'en-US', null],
  ])('reads %s in %s as %s', (text, locale, value) => {
    expect(parseNumber(text, locale)).toEqual({ ok: true, value })
  })

  it.each([
    [
      '150,5',
      'en-US',
      '"150,5": use . for decimals here, and , only between groups of three digits (15,234.5)',
    ],
    [
      '1.5',
      'de-DE',
      '"1.5": use , for decimals here, and . only between groups of three digits (15.234,5)',
    ],
    ['12.5.3', 'en-US', '"12.5.3" has more than one decimal separator (.)'],
    ['abc', 'en-US', '"abc" is not a number; for example 15,234.5'],
    ['15 234', 'en-US', 'Write the number without spaces, for example 15,234.5'],
  ])('refuses %s in %s with a message for a person', (text, locale, message) => {
    expect(parseNumber(text, locale)).toEqual({ ok: false, message })
  })

  it('writes numbers back for editing in the same locale, without grouping', () => {
    expect(inputText(150.5, 'de-DE')).toBe('150,5')
    expect(inputText(23558, 'en-US')).toBe('23558')
    expect(parseNumber(inputText(1234.125, 'de-DE'), 'de-DE')).toEqual({
      ok: true,
      value: 1234.125,
    })
  })
})
