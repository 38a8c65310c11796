// Refused values of the grid survive leaving the screen (or closing the window): a value the
// person typed is never dropped without them. Pure: to and from what localStorage keeps.
import type { CellDraft } from './grid-model'

export const draftStorageKey = (userId: string, siteId: string): string =>
  `outpost-grid-drafts:${userId}:${siteId}`

/** Only refused values are kept: a value being saved is either saved or refused a moment later. */
export function draftsToJson(drafts: ReadonlyMap<string, CellDraft>): string | null {
  const refused = [...drafts].filter(([, d]) => d.error !== null && !d.saved)
  if (refused.length === 0) return null
  return JSON.stringify(Object.fromEntries(refused.map(([k, d]) => [k, [d.text, d.error]])))
}

export function draftsFromJson(json: string | null): Map<string, CellDraft> {
  const drafts = new Map<string, CellDraft>()
  if (!json) return drafts
  try {
    const parsed: unknown = JSON.parse(json)
    if (!parsed || typeof parsed !== 'object') return drafts
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (
        Array.isArray(value) &&
        typeof value[0] === 'string' &&
        typeof value[1] === 'string' &&
        /^[^|]*\|\d{4}-\d{2}-\d{2}$/.test(key)
      )
        drafts.set(key, { text: value[0], error: value[1] })
    }
  } catch {
    // Unreadable (written by hand, or cut short): nothing to bring back.
  }
  return drafts
}
