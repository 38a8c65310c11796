import { Alert, Badge, Checkbox, Group, NativeSelect, Stack, Table, Text } from '@mantine/core'
import { useCallback, useEffect, useState } from 'react'
import { MEMBER_ROLES } from '../../../../shared/schema/tables'
import type { MemberRole } from '../../../../shared/schema/tables'
import { useServices, useSyncStatus } from '../../app/context'
import type { Assignment, Member } from '../../net/server'
import { listSites } from '../../store/queries'
import { notify } from '../../ui/notify'
import { PageHeader } from '../../ui/PageHeader'
import { usePeople } from '../../ui/people'
import { serverProblemInWords } from '../../ui/server-cache'
import { useCacheQuery } from '../../ui/use-cache-query'

/**
 * Admins: who is in the organization with which role, and which sites each technician holds.
 * Online only, and RLS decides: the server refuses anyone but an admin of the organization.
 * An assignment reaches the technician's laptop with its next sync (the site's history comes
 * down); an unassignment removes the site there, keeping unsynced edits, flagged.
 */
export function PeoplePage({ userId }: { userId: string }) {
  const { server, db } = useServices()
  const online = useSyncStatus((s) => s.online)
  const people = usePeople()
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const [members, setMembers] = useState<Member[] | null>(null)
  const [assignments, setAssignments] = useState<Assignment[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      const [m, a] = await Promise.all([server.members(), server.assignments()])
      setMembers(m)
      setAssignments(a)
      setError(null)
    } catch (e) {
      setError(serverProblemInWords(e instanceof Error ? e.message : String(e)))
    }
  }, [server])
  useEffect(() => {
    if (online) void load()
  }, [online, load])

  async function change(what: string, work: () => Promise<void>) {
    setBusy(true)
    try {
      await work()
      notify.savedOnServer(what)
      setError(null)
    } catch (e) {
      setError(serverProblemInWords(e instanceof Error ? e.message : String(e)))
    } finally {
      setBusy(false)
      await load()
    }
  }

  const sorted = [...(members ?? [])].sort((a, b) =>
    people.name(a.user_id).localeCompare(people.name(b.user_id)),
  )
  return (
    <section aria-labelledby="people-title">
      <PageHeader
        title="People and sites"
        id="people-title"
        description="Roles, and which sites each technician’s laptop holds. Changes need a connection."
      />
      <Stack gap="sm">
        {!online ? (
          <Alert color="yellow" role="alert">
            Offline: roles and assignments are changed on the server, so this page needs a
            connection.
          </Alert>
        ) : null}
        {error ? (
          <Alert color="red" role="alert" title="Not changed">
            {error}
          </Alert>
        ) : null}
        {members === null ? (
          <Text c="dimmed">{online ? 'Loading members…' : 'Members load when online.'}</Text>
        ) : (
          <Table.ScrollContainer minWidth={800}>
            <Table striped aria-label="Members">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Sites on their laptop</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((m) => {
                  const name = people.name(m.user_id)
                  const own = assignments.filter((a) => a.user_id === m.user_id)
                  const orgSites = sites.filter((s) => s.organization_id === m.organization_id)
                  return (
                    <Table.Tr key={`${m.organization_id}:${m.user_id}`} data-testid="member-row">
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm">{name}</Text>
                          {m.user_id === userId ? <Badge variant="light">you</Badge> : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <NativeSelect
                          aria-label={`Role of ${name}`}
                          value={m.role}
                          disabled={!online || busy}
                          data={[...MEMBER_ROLES]}
                          miw={150}
                          onChange={(e) => {
                            const role = e.currentTarget.value as MemberRole
                            void change(`${name} is now ${role}`, () =>
                              server.setRole(m.organization_id, m.user_id, role),
                            )
                          }}
                        />
                      </Table.Td>
                      <Table.Td>
                        {m.role === 'technician' ? (
                          <Group gap="md">
                            {orgSites.map((s) => {
                              const held = own.find((a) => a.site_id === s.id)
                              return (
                                <Checkbox
                                  key={s.id}
                                  label={s.name}
                                  aria-label={`${s.name} for ${name}`}
                                  checked={Boolean(held)}
                                  disabled={!online || busy}
                                  onChange={() =>
                                    void change(
                                      held
                                        ? `${s.name} removed from ${name}`
                                        : `${s.name} assigned to ${name}`,
                                      () =>
                                        held
                                          ? server.unassign(held.id)
                                          : server.assign(m.organization_id, s.id, m.user_id),
                                    )
                                  }
                                />
                              )
                            })}
                          </Group>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Every site of the organization
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </section>
  )
}
