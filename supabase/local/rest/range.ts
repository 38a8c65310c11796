// Pagination: the Range header, limit/offset, max-rows, and the Content-Range / status
// PostgREST answers with (PostgREST.RangeQuery and Response). Pure.
import { invalidRange } from './errors'

export interface Page {
  offset: number
  /** Absent: no limit. */
  limit?: number
}

/** `Range: 0-24` (Range-Unit items); an unparseable header is ignored, as PostgREST does. */
export function parseRangeHeader(header: string | undefined): Page | undefined {
  const m = header === undefined ? null : /^\s*(?:items=)?(\d+)-(\d*)\s*$/.exec(header)
  if (!m) return undefined
  const lower = Number(m[1])
  if (m[2] === '' || m[2] === undefined) return { offset: lower }
  const upper = Number(m[2])
  if (lower > upper)
    throw invalidRange(
      'The lower boundary must be lower than or equal to the upper boundary in the Range header.',
    )
  return { offset: lower, limit: upper - lower + 1 }
}

/** The intersection of the Range header's window, limit/offset, and max-rows. */
export function combinePage(
  header: Page | undefined,
  query: Page,
  maxRows: number | undefined,
): Page {
  const windows = [header ?? { offset: 0 }, query]
  const offset = Math.max(...windows.map((w) => w.offset))
  const ends = windows.filter((w) => w.limit !== undefined).map((w) => w.offset + (w.limit ?? 0))
  let limit = ends.length > 0 ? Math.max(0, Math.min(...ends) - offset) : undefined
  if (maxRows !== undefined) limit = Math.min(limit ?? maxRows, maxRows)
  return limit === undefined ? { offset } : { offset, limit }
}

/** PostgREST's contentRangeH. */
export function contentRange(lower: number, upper: number, total: number | undefined): string {
  const totalText = total === undefined ? '*' : String(total)
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*'
  return `${range}/${totalText}`
}

/** PostgREST's rangeStatus for reads: 206 for a partial page, 416 past the end. */
export function rangeStatus(lower: number, upper: number, total: number | undefined): number {
  if (total === undefined) return 200
  if (lower > total) return 416
  if (1 + upper - lower < total) return 206
  return 200
}
