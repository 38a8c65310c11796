import { describe, expect, it } from 'vitest'
import type { UpdateEvent } from '../../../src/main/update-machine'
import { canCheck, nextPhase, restartDecision } from '../../../src/main/update-machine'
import type { UpdatePhase } from '../../../src/shared/ipc'

const run = (start: UpdatePhase, events: UpdateEvent[]) => events.reduce(nextPhase, start)

describe('nextPhase', () => {
  it('walks idle → checking → available → downloading → downloaded', () => {
    const seen: UpdatePhase[] = []
    let phase: UpdatePhase = { status: 'idle' }
    for (const event of [
      { type: 'check-started' },
      { type: 'available', version: '1.2.0' },
      { type: 'progress', percent: 40 },
      { type: 'progress', percent: 100 },
      { type: 'downloaded', version: '1.2.0' },
    ] as UpdateEvent[]) {
      phase = nextPhase(phase, event)
      seen.push(phase)
    }
    expect(seen).toEqual([
      { status: 'checking' },
      { status: 'available', version: '1.2.0' },
      { status: 'downloading', version: '1.2.0', percent: 40 },
      { status: 'downloading', version: '1.2.0', percent: 100 },
      { status: 'downloaded', version: '1.2.0' },
    ])
  })

  it('returns to idle when there is nothing new', () => {
    expect(run({ status: 'idle' }, [{ type: 'check-started' }, { type: 'not-available' }])).toEqual(
      {
        status: 'idle',
      },
    )
  })

  it('reports errors from checking or downloading, and recovers on the next check', () => {
    const failed = run({ status: 'idle' }, [
      { type: 'check-started' },
      { type: 'available', version: '2.0.0' },
      { type: 'failed', message: 'net::ERR_INTERNET_DISCONNECTED' },
    ])
    expect(failed).toEqual({ status: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' })
    expect(nextPhase(failed, { type: 'check-started' })).toEqual({ status: 'checking' })
  })

  it('keeps a downloaded update installable whatever happens next', () => {
    const downloaded: UpdatePhase = { status: 'downloaded', version: '1.2.0' }
    for (const event of [
      { type: 'check-started' },
      { type: 'not-available' },
      { type: 'failed', message: 'offline' },
      { type: 'progress', percent: 3 },
    ] as UpdateEvent[]) {
      expect(nextPhase(downloaded, event)).toBe(downloaded)
    }
  })

  it('never leaves disabled', () => {
    const disabled: UpdatePhase = { status: 'disabled' }
    expect(run(disabled, [{ type: 'check-started' }, { type: 'downloaded', version: '9' }])).toBe(
      disabled,
    )
  })

  it('ignores progress without a download and clamps odd percentages', () => {
    expect(nextPhase({ status: 'idle' }, { type: 'progress', percent: 50 })).toEqual({
      status: 'idle',
    })
    expect(
      nextPhase({ status: 'available', version: '1' }, { type: 'progress', percent: 130 }),
    ).toEqual({ status: 'downloading', version: '1', percent: 100 })
  })
})

describe('canCheck', () => {
  it('checks only when nothing is under way', () => {
    expect(canCheck({ status: 'idle' })).toBe(true)
    expect(canCheck({ status: 'error', message: 'x' })).toBe(true)
    expect(canCheck({ status: 'checking' })).toBe(false)
    expect(canCheck({ status: 'available', version: '1' })).toBe(false)
    expect(canCheck({ status: 'downloading', version: '1', percent: 5 })).toBe(false)
    expect(canCheck({ status: 'downloaded', version: '1' })).toBe(false)
    expect(canCheck({ status: 'disabled' })).toBe(false)
  })
})

describe('restartDecision', () => {
  const downloaded: UpdatePhase = { status: 'downloaded', version: '1.2.0' }

  it('never restarts while the outbox is being pushed', () => {
    expect(restartDecision(downloaded, true)).toBe('waiting-for-sync')
  })

  it('restarts once a download is ready and sync is idle', () => {
    expect(restartDecision(downloaded, false)).toBe('restarting')
  })

  it('has nothing to install before the download finished', () => {
    expect(restartDecision({ status: 'downloading', version: '1', percent: 99 }, false)).toBe(
      'nothing-to-install',
    )
    expect(restartDecision({ status: 'idle' }, false)).toBe('nothing-to-install')
  })
})
