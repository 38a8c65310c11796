import { useEffect, useRef, useState } from 'react'
import { useServices } from '../../../app/context'
import type { CellDraft } from './grid-model'
import { draftStorageKey, draftsFromJson, draftsToJson } from './grid-drafts'
import type { CellTarget } from './grid-save'
import { saveCell } from './grid-save'

export interface PendingEdit {
  key: string
  text: string
  target: CellTarget
}

export interface CommitSummary {
  saved: number
  unchanged: number
  refused: number
}

function readStored(key: string): Map<string, CellDraft> {
  try {
    return draftsFromJson(localStorage.getItem(key))
  } catch {
    return new Map()
  }
}

/**
 * The grid's typed values and their saves. Each value is a draft until the write path took
 * it (then the cell shows the reading it became) or refused it (then it stays, with the
 * reason, kept across visits until the person fixes or clears it). Saves run one after the
 * other, in the order they were typed or pasted, through store/writes like the daily form's.
 */
export function useGridEdits(opts: { userId: string; siteId: string; locale: string }) {
  const services = useServices()
  const storageKey = draftStorageKey(opts.userId, opts.siteId)
  const [drafts, setDrafts] = useState<Map<string, CellDraft>>(() => readStored(storageKey))
  const queue = useRef<Promise<unknown>>(Promise.resolve())

  useEffect(() => {
    const json = draftsToJson(drafts)
    try {
      if (json) localStorage.setItem(storageKey, json)
      else localStorage.removeItem(storageKey)
    } catch {
      // Storage full or unavailable: the drafts stay on screen for this visit.
    }
  }, [drafts, storageKey])

  function update(fn: (next: Map<string, CellDraft>) => void): void {
    setDrafts((current) => {
      const next = new Map(current)
      fn(next)
      return next
    })
  }

  function commit(edits: readonly PendingEdit[]): Promise<CommitSummary> {
    update((d) => {
      for (const e of edits) d.set(e.key, { text: e.text, error: null })
    })
    const job = queue.current.then(async () => {
      const summary: CommitSummary = { saved: 0, unchanged: 0, refused: 0 }
      const ctx = await services.writeContext(opts.userId)
      for (const e of edits) {
        const outcome = await saveCell(ctx, e.target, e.text, opts.locale)
        summary[outcome.kind === 'saved' ? 'saved' : outcome.kind]++
        update((d) => {
          const now = d.get(e.key)
          // A value typed again meanwhile is that one's save to settle.
          if (!now || now.text !== e.text || now.error !== null || now.saved) return
          if (outcome.kind === 'refused') d.set(e.key, { text: e.text, error: outcome.message })
          else if (outcome.kind === 'saved')
            d.set(e.key, { text: e.text, error: null, saved: { kwh: outcome.kwh } })
          else d.delete(e.key)
        })
      }
      if (summary.saved > 0) services.engine.localWriteHappened()
      return summary
    })
    queue.current = job.catch(() => undefined)
    return job
  }

  /** Forgets typed values (Delete, or a saved value the cell now shows). */
  function discard(keys: readonly string[]): void {
    if (keys.length === 0) return
    update((d) => {
      for (const k of keys) d.delete(k)
    })
  }

  return { drafts, commit, discard }
}
