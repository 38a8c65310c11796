import type { Server } from '../net/server'
import { useServerCopy } from './use-server-copy'

export type PeopleNames = Record<string, string>

const fetchPeople = (server: Server) => server.people()

/**
 * Names of the people the signed-in user may see (profiles), for "entered by" and "closed
 * by". Fetched when online and kept for offline use; an unknown id reads "a user".
 */
export function usePeople(): {
  name: (id: string | null | undefined) => string
  /** Everyone whose name the device knows, by name (whom work can be assigned to). */
  known: () => { id: string; name: string }[]
} {
  const names = useServerCopy<PeopleNames>('people', fetchPeople, {})
  return {
    name: (id) => (id ? (names[id] ?? 'a user') : '—'),
    known: () =>
      Object.entries(names)
        .map(([id, name]) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
  }
}
