import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../../src/renderer/src/ui/format'

describe('formatBytes', () => {
  it('reads as pg_size_pretty would, in binary units with one decimal', () => {
    expect([0, 1023, 1024, 1536, 5 * 1024 ** 2, 3.25 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 bytes',
      '1023 bytes',
      '1.0 kB',
      '1.5 kB',
      '5.0 MB',
      '3.3 GB',
    ])
  })
})
