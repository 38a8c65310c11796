import { describe, expect, it } from 'vitest'
import {
  changedFields,
  changedUnderneath,
  draftValues,
  dropField,
  editField,
  emptyDraft,
} from '../../../src/renderer/src/ui/draft'

const saved = { runtime: '5000', notes: '', parts: [] as string[] }

describe('form drafts', () => {
  it('shows saved values live and the person’s values on top', () => {
    let d = editField(emptyDraft<typeof saved>(), saved, 'runtime', '5012')
    const synced = { ...saved, notes: 'office note' }
    expect(draftValues(synced, d)).toEqual({ runtime: '5012', notes: 'office note', parts: [] })
    expect(changedFields(synced, d)).toEqual(['runtime'])
    d = editField(d, synced, 'runtime', '5000')
    expect(changedFields(synced, d)).toEqual([])
  })

  it('reports a touched field that changed underneath, until the person takes the new value', () => {
    const d = editField(emptyDraft<typeof saved>(), saved, 'runtime', '5012')
    const synced = { ...saved, runtime: '5005' }
    expect(changedUnderneath(synced, d)).toEqual([
      { field: 'runtime', was: '5000', now: '5005', typed: '5012' },
    ])
    // Typing the same value the record now has is agreement, not a change underneath.
    expect(changedUnderneath(synced, editField(d, synced, 'runtime', '5005'))).toEqual([])
    const taken = dropField(d, 'runtime')
    expect(changedUnderneath(synced, taken)).toEqual([])
    expect(draftValues(synced, taken).runtime).toBe('5005')
  })

  it('keeps the value a field started from across later keystrokes', () => {
    let d = editField(emptyDraft<typeof saved>(), saved, 'runtime', '5')
    d = editField(d, { ...saved, runtime: '6000' }, 'runtime', '50')
    expect(d.from.runtime).toBe('5000')
  })

  it('compares structured values by content', () => {
    const d = editField(emptyDraft<typeof saved>(), saved, 'parts', [])
    expect(changedFields(saved, d)).toEqual([])
  })
})
