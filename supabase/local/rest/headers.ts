// The request headers that shape a PostgREST response: Prefer and Accept. Pure.
import { mediaTypeError } from './errors'

export interface Preferences {
  return?: 'minimal' | 'representation' | 'headers-only'
  count?: 'exact' | 'planned' | 'estimated'
  resolution?: 'merge-duplicates' | 'ignore-duplicates'
  missing?: 'default' | 'null'
  handling?: 'lenient' | 'strict'
  maxAffected?: number
  /** Preferences this server does not know or does not honour, as sent. */
  invalid: string[]
}

const CHOICES = {
  return: ['minimal', 'representation', 'headers-only'],
  count: ['exact', 'planned', 'estimated'],
  resolution: ['merge-duplicates', 'ignore-duplicates'],
  missing: ['default', 'null'],
  handling: ['lenient', 'strict'],
} as const

type ChoiceKey = keyof typeof CHOICES

const isChoiceKey = (key: string): key is ChoiceKey => Object.hasOwn(CHOICES, key)

/** Every Prefer header, each a comma-separated list (supabase-js joins its values that way). */
export function parsePreferences(headers: readonly string[]): Preferences {
  const prefs: Preferences = { invalid: [] }
  const assign = <K extends ChoiceKey>(key: K, value: string): boolean => {
    const allowed: readonly string[] = CHOICES[key]
    if (!allowed.includes(value)) return false
    ;(prefs as unknown as Record<string, string>)[key] = value
    return true
  }
  for (const header of headers) {
    for (const raw of header.split(',')) {
      const item = raw.trim()
      if (item === '') continue
      const [key = '', value = ''] = item.split('=', 2).map((s) => s.trim())
      let ok = false
      if (isChoiceKey(key)) ok = assign(key, value)
      else if (key === 'max-affected' && /^\d+$/.test(value)) {
        prefs.maxAffected = Number(value)
        ok = true
      }
      if (!ok) prefs.invalid.push(item)
    }
  }
  return prefs
}

/** The value of the Preference-Applied response header: what this request honoured. */
export function appliedPreferences(
  prefs: Preferences,
  honoured: readonly (keyof Preferences)[],
): string {
  const applied: string[] = []
  for (const key of honoured) {
    const value = prefs[key]
    if (value === undefined || key === 'invalid') continue
    applied.push(`${key === 'maxAffected' ? 'max-affected' : key}=${String(value)}`)
  }
  return applied.join(', ')
}

export interface JsonMedia {
  /** application/vnd.pgrst.object+json: exactly one row, sent as an object. */
  singular: boolean
  /** `;nulls=stripped`: keys with null values left out. */
  stripNulls: boolean
}

interface AcceptEntry {
  type: string
  params: Map<string, string>
  q: number
  order: number
}

function parseAccept(header: string): AcceptEntry[] {
  return header
    .split(',')
    .map((part, order) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim())
      const params = new Map<string, string>()
      for (const p of rest) {
        const [k = '', v = ''] = p.split('=', 2).map((s) => s.trim())
        if (k) params.set(k.toLowerCase(), v)
      }
      const q = params.has('q') ? Number(params.get('q')) : 1
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, order }
    })
    .filter((e) => e.type !== '' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
}

/** PostgREST's content negotiation for the JSON outputs this server produces. */
export function negotiateMedia(accept: string | undefined): JsonMedia {
  if (accept === undefined || accept.trim() === '') return { singular: false, stripNulls: false }
  const entries = parseAccept(accept)
  for (const entry of entries) {
    const stripNulls = entry.params.get('nulls') === 'stripped'
    switch (entry.type) {
      case '*/*':
      case 'application/*':
      case 'application/json':
        return { singular: false, stripNulls: false }
      case 'application/vnd.pgrst.array+json':
      case 'application/vnd.pgrst.array':
        return { singular: false, stripNulls }
      case 'application/vnd.pgrst.object+json':
      case 'application/vnd.pgrst.object':
        return { singular: true, stripNulls }
    }
  }
  throw mediaTypeError(entries.length > 0 ? entries.map((e) => e.type) : [accept])
}
