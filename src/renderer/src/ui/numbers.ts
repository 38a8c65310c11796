// Form text to numbers for the shared validation: an empty required field becomes NaN, which
// the row schema reports as "must be a number" at that field.

export const requiredNumber = (text: string): number =>
  text.trim() === '' ? Number.NaN : Number(text)

export const optionalNumber = (text: string): number | null =>
  text.trim() === '' ? null : Number(text)

export const numberText = (n: number | null): string => (n === null ? '' : String(n))
