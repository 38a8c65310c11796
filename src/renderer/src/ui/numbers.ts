// Form text to numbers, as people type them in their locale: "15,234" in en-US, "150,5" in
// de-DE. Anything that cannot be read one way only is refused with a message a person can act
// on (never "expected number, received NaN"): a misread kWh figure is billed.

/** The user's locale for reading and writing numbers in forms. */
export const userLocale = (): string =>
  typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US'

interface Separators {
  group: string
  decimal: string
}

const separatorCache = new Map<string, Separators>()

export function separatorsOf(locale: string): Separators {
  let s = separatorCache.get(locale)
  if (!s) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(12345.6)
    s = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    }
    separatorCache.set(locale, s)
  }
  return s
}

export type NumberParse = { ok: true; value: number | null } | { ok: false; message: string }

/** Spaces of every kind a locale (or a paste) may use to group digits. */
const SPACES = /[\s\u00a0\u202f\u2009]/g

/**
 * Reads a number typed in `locale`. Empty text is `null` (the caller decides whether the field
 * is required). Group separators must group by three, so "1,5" in en-US is refused rather than
 * guessed as 15 or 1.5.
 */
export function parseNumber(text: string, locale: string = userLocale()): NumberParse {
  const { group, decimal } = separatorsOf(locale)
  const example = new Intl.NumberFormat(locale).format(15234.5)
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: null }
  // Unicode minus and a leading plus are accepted as people paste them.
  let body = trimmed.replace(/^[\u2212-]/, '-').replace(/^\+/, '')
  const negative = body.startsWith('-')
  if (negative) body = body.slice(1).trim()
  const groupIsSpace = SPACES.test(group)
  SPACES.lastIndex = 0
  if (groupIsSpace) body = body.replace(SPACES, ' ')
  else if (SPACES.test(body)) {
    SPACES.lastIndex = 0
    return { ok: false, message: `Write the number without spaces, for example ${example}` }
  }
  SPACES.lastIndex = 0
  const groupChar = groupIsSpace ? ' ' : group
  const [whole = '', fraction, extra] = body.split(decimal)
  if (extra !== undefined)
    return { ok: false, message: `"${trimmed}" has more than one decimal separator (${decimal})` }
  if (fraction !== undefined && !/^\d+$/.test(fraction))
    return { ok: false, message: `"${trimmed}" is not a number; for example ${example}` }
  let digits = whole
  if (whole.includes(groupChar)) {
    if (!new RegExp(`^\\d{1,3}(${escape(groupChar)}\\d{3})+$`).test(whole)) {
      const other = decimal === '.' ? ',' : '.'
      return {
        ok: false,
        message:
          groupChar === other
            ? `"${trimmed}": use ${decimal} for decimals here, and ${group} only between groups of three digits (${example})`
            : `"${trimmed}": digits are grouped by three (${example})`,
      }
    }
    digits = whole.split(groupChar).join('')
  }
  if (!/^\d*$/.test(digits) || (digits === '' && fraction === undefined))
    return { ok: false, message: `"${trimmed}" is not a number; for example ${example}` }
  const value = Number(`${negative ? '-' : ''}${digits || '0'}${fraction ? `.${fraction}` : ''}`)
  if (!Number.isFinite(value)) return { ok: false, message: `"${trimmed}" is too large` }
  return { ok: true, value: Object.is(value, -0) ? 0 : value }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A number as a form shows it for editing: the locale's decimal mark, no grouping. */
export function inputText(n: number | null | undefined, locale: string = userLocale()): string {
  if (n === null || n === undefined) return ''
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 6 }).format(n)
}

// The older helpers, for forms that read plain numbers: NaN/null then reach the row schema,
// whose messages name the field.
export const requiredNumber = (text: string): number => {
  const parsed = parseNumber(text)
  return parsed.ok && parsed.value !== null ? parsed.value : Number.NaN
}

export const optionalNumber = (text: string): number | null => {
  const parsed = parseNumber(text)
  return parsed.ok ? parsed.value : Number.NaN
}

export const numberText = (n: number | null): string => inputText(n)
