import type { PowerMonitor } from 'electron'
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { POLL_INTERVAL_MS, watchConnectivity } from '../../../src/main/connectivity'
import type { SyncRequest } from '../../../src/shared/ipc'
import { fake, FakeClock } from './fakes'

function setup(initiallyOnline = false) {
  let online = initiallyOnline
  const powerMonitor = new EventEmitter()
  const clock = new FakeClock()
  const changes: boolean[] = []
  const syncs: SyncRequest['reason'][] = []
  const connectivity = watchConnectivity({
    isOnline: () => online,
    powerMonitor: fake<PowerMonitor>(powerMonitor),
    clock,
    onOnlineChange: (value) => changes.push(value),
    onSyncRequested: (reason) => syncs.push(reason),
  })
  const setOnline = (value: boolean) => {
    online = value
  }
  return { connectivity, powerMonitor, clock, changes, syncs, setOnline }
}

describe('watchConnectivity', () => {
  it('reports the network coming back and asks for a sync', () => {
    const { connectivity, clock, changes, syncs, setOnline } = setup(false)
    expect(connectivity.isOnline()).toBe(false)
    setOnline(true)
    expect(changes).toEqual([])
    clock.advance(POLL_INTERVAL_MS)
    expect(changes).toEqual([true])
    expect(syncs).toEqual(['online'])
    expect(connectivity.isOnline()).toBe(true)
  })

  it('reports going offline without asking for a sync', () => {
    const { clock, changes, syncs, setOnline } = setup(true)
    setOnline(false)
    clock.advance(POLL_INTERVAL_MS)
    expect(changes).toEqual([false])
    expect(syncs).toEqual([])
  })

  it('stays quiet while nothing changes', () => {
    const { clock, changes, syncs } = setup(true)
    clock.advance(POLL_INTERVAL_MS * 10)
    expect(changes).toEqual([])
    expect(syncs).toEqual([])
  })

  it('asks for one sync on resume, even if the network came back meanwhile', () => {
    const { powerMonitor, changes, syncs, setOnline } = setup(false)
    setOnline(true)
    powerMonitor.emit('resume')
    expect(changes).toEqual([true])
    expect(syncs).toEqual(['resume'])
  })

  it('asks for a sync when the screen is unlocked', () => {
    const { powerMonitor, syncs } = setup(true)
    powerMonitor.emit('unlock-screen')
    expect(syncs).toEqual(['unlock-screen'])
  })

  it('stops polling and listening', () => {
    const { connectivity, powerMonitor, clock } = setup()
    const off = vi.spyOn(powerMonitor, 'off')
    connectivity.stop()
    expect(clock.pending).toBe(0)
    expect(off).toHaveBeenCalledTimes(2)
    expect(powerMonitor.listenerCount('resume')).toBe(0)
    expect(powerMonitor.listenerCount('unlock-screen')).toBe(0)
  })
})
