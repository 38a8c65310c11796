// The sync engine's observable state for the UI (zustand, usable outside React too).
import { createStore } from 'zustand/vanilla'

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'offline' | 'error' | 'signed-out'

export interface SyncProgress {
  rows: number
  /** Known only for a first (full) sync. */
  totalRows: number | null
  tablesDone: number
  tablesTotal: number
}

export interface SyncStatus {
  online: boolean
  phase: SyncPhase
  progress: SyncProgress | null
  unsyncedCount: number
  failedCount: number
  openConflicts: number
  /** Device time of the oldest edit not yet on the server. */
  oldestUnsyncedAt: string | null
  lastSuccessAt: string | null
  lastError: string | null
  /** Edits waiting for another user's sign-in. */
  heldForOtherUser: number
}

export const initialSyncStatus: SyncStatus = {
  online: true,
  phase: 'idle',
  progress: null,
  unsyncedCount: 0,
  failedCount: 0,
  openConflicts: 0,
  oldestUnsyncedAt: null,
  lastSuccessAt: null,
  lastError: null,
  heldForOtherUser: 0,
}

/** A first (full) sync is the only one that knows its total: see the engine's pullAll. */
export const firstSyncRunning = (s: SyncStatus): boolean =>
  s.phase === 'pulling' && s.progress !== null && s.progress.totalRows !== null

export type SyncStore = ReturnType<typeof createSyncStore>

export function createSyncStore(initial: Partial<SyncStatus> = {}) {
  return createStore<SyncStatus>()(() => ({ ...initialSyncStatus, ...initial }))
}
