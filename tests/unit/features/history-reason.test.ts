import { expect, it } from 'vitest'
import { historyReason } from '../../../src/renderer/src/features/history/history-reason'

it('words the reason resolve_conflict writes, and keeps people’s own reasons as written', () => {
  const id = '83795cf4-5016-4f94-89a4-1a4afd0ef648'
  expect(historyReason(`resolve conflict ${id}: keep custom`)).toBe(
    'resolved a conflict with values chosen by hand',
  )
  expect(historyReason(`resolve conflict ${id}: keep server`)).toBe(
    'resolved a conflict, keeping the value that was on the server',
  )
  expect(historyReason(`resolve conflict ${id}: keep client`)).toBe(
    'resolved a conflict, keeping the value from the device',
  )
  expect(historyReason('Invoice INV-PB-MV14 disputed by the client')).toBe(
    'reason: Invoice INV-PB-MV14 disputed by the client',
  )
  expect(historyReason('resolve conflict of the meters: keep custom')).toBe(
    'reason: resolve conflict of the meters: keep custom',
  )
})
