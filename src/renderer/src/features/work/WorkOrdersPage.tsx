import { Anchor, Button, Group, NativeSelect } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { siteToday } from '../../../../shared/site-time'
import { useServices } from '../../app/context'
import { href } from '../../app/router'
import type { LocalRowOf } from '../../store/db'
import { listEquipment, listSites, listWorkOrders } from '../../store/queries'
import type { Column } from '../../ui/DataTable'
import { DataTable } from '../../ui/DataTable'
import { EmptyState } from '../../ui/Empty'
import { FilterBar, RowFilter } from '../../ui/Filters'
import { PageHeader } from '../../ui/PageHeader'
import { usePeople } from '../../ui/people'
import { RowMark } from '../../ui/RowMark'
import { useCacheQuery } from '../../ui/use-cache-query'
import { DueBadge, PriorityBadge, WorkStatusBadge } from './WorkBadges'
import type { DueState } from './work-rules'
import { isOpenStatus } from '../../../../shared/schema/tables'
import { compareWork, dueState } from './work-rules'

type Order = LocalRowOf<'work_orders'>

const SHOW = [
  { value: 'open', label: 'Open work' },
  { value: 'all', label: 'All work' },
  { value: 'done', label: 'Done and cancelled' },
]
const DUE = [
  { value: '', label: 'Any day' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'today', label: 'Due today' },
  { value: 'week', label: 'Due within 7 days' },
]

/**
 * Work orders: a technician's own open work first, then their sites' open work by due day;
 * the office filters the whole organization by site, assignee, status and due day.
 */
export function WorkOrdersPage({
  userId,
  siteFilter,
}: {
  userId: string
  siteFilter?: string | undefined
}) {
  const { db } = useServices()
  const people = usePeople()
  const [site, setSite] = useState(siteFilter ?? '')
  const [show, setShow] = useState('open')
  const [assignee, setAssignee] = useState('')
  const [due, setDue] = useState('')
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const units = useCacheQuery(() => listEquipment(db, { withDeleted: true }), [db], [])
  const orders = useCacheQuery(
    () => listWorkOrders(db, { siteId: site || undefined, open: show === 'open' }),
    [db, site, show],
    [],
  )
  const steps = useCacheQuery(() => db.work_order_steps.toArray(), [db], [])
  const progress = useMemo(() => {
    const p = new Map<string, { done: number; all: number }>()
    for (const s of steps) {
      if (s.deleted_at) continue
      const e = p.get(s.work_order_id) ?? { done: 0, all: 0 }
      e.all++
      if (s.done_at) e.done++
      p.set(s.work_order_id, e)
    }
    return p
  }, [steps])
  const siteById = useMemo(() => new Map(sites.map((s) => [s.id, s])), [sites])
  const unitName = useMemo(() => new Map(units.map((u) => [u.id, u.name])), [units])
  const now = Date.now()
  const dueOf = (o: Order): DueState =>
    dueState(o, siteToday(siteById.get(o.site_id)?.timezone ?? 'UTC', now))
  const shown = orders
    .filter((o) => show !== 'done' || !isOpenStatus(o.status))
    .filter((o) => !assignee || (assignee === 'none' ? !o.assignee_id : o.assignee_id === assignee))
    .filter((o) => {
      if (!due) return true
      const d = dueOf(o)
      return due === 'week' ? d === 'overdue' || d === 'today' || d === 'soon' : d === due
    })
    .sort(compareWork(userId))
  const assignees = [...new Set(orders.map((o) => o.assignee_id).filter(Boolean))] as string[]

  const columns: Column<Order>[] = [
    {
      id: 'due',
      header: 'Due',
      sortValue: (o) => o.due_on ?? '9999',
      filterText: (o) => o.due_on ?? '',
      cell: (o) => <DueBadge order={o} due={dueOf(o)} />,
    },
    {
      id: 'title',
      header: 'Work order',
      sortValue: (o) => o.title,
      filterText: (o) => o.title,
      cell: (o) => (
        <Group gap={6} wrap="nowrap">
          <Anchor href={href('work', o.id)}>{o.title}</Anchor>
          <RowMark state={o._state} />
        </Group>
      ),
    },
    {
      id: 'site',
      header: 'Site',
      sortValue: (o) => siteById.get(o.site_id)?.name ?? '',
      cell: (o) => siteById.get(o.site_id)?.name ?? '—',
    },
    {
      id: 'equipment',
      header: 'Equipment',
      sortValue: (o) => (o.equipment_id ? (unitName.get(o.equipment_id) ?? '') : ''),
      cell: (o) => (o.equipment_id ? (unitName.get(o.equipment_id) ?? '—') : '—'),
    },
    {
      id: 'priority',
      header: 'Priority',
      sortValue: (o) => ['urgent', 'high', 'normal', 'low'].indexOf(o.priority),
      cell: (o) => <PriorityBadge priority={o.priority} />,
    },
    {
      id: 'status',
      header: 'Status',
      sortValue: (o) => o.status,
      cell: (o) => <WorkStatusBadge status={o.status} />,
    },
    {
      id: 'assignee',
      header: 'Assignee',
      sortValue: (o) => (o.assignee_id ? people.name(o.assignee_id) : ''),
      cell: (o) =>
        o.assignee_id === userId ? 'Me' : o.assignee_id ? people.name(o.assignee_id) : '—',
    },
    {
      id: 'checklist',
      header: 'Checklist',
      align: 'right',
      sortValue: (o) => progress.get(o.id)?.done ?? 0,
      cell: (o) => {
        const p = progress.get(o.id)
        return p ? `${p.done} / ${p.all}` : '—'
      },
    },
  ]

  return (
    <section aria-labelledby="work-title">
      <PageHeader
        title="Work orders"
        id="work-title"
        actions={
          <Button
            component="a"
            href={href('work', 'new')}
            leftSection={<IconPlus size={16} aria-hidden />}
          >
            New work order
          </Button>
        }
      />
      <FilterBar>
        <NativeSelect
          label="Show"
          value={show}
          onChange={(e) => setShow(e.currentTarget.value)}
          data={SHOW}
          miw={170}
        />
        <RowFilter label="Site" all="All sites" rows={sites} value={site} onChange={setSite} />
        <NativeSelect
          label="Assignee"
          value={assignee}
          onChange={(e) => setAssignee(e.currentTarget.value)}
          data={[
            { value: '', label: 'Anyone' },
            { value: userId, label: 'Me' },
            { value: 'none', label: 'Nobody yet' },
            ...assignees
              .filter((a) => a !== userId)
              .map((a) => ({ value: a, label: people.name(a) })),
          ]}
          miw={170}
        />
        <NativeSelect
          label="Due"
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
          data={DUE}
          miw={170}
        />
      </FilterBar>
      <DataTable
        id="work-orders"
        label="Work orders"
        columns={columns}
        rows={shown}
        rowKey={(o) => o.id}
        rowProps={() => ({ 'data-testid': 'work-order-row' })}
        empty={
          <EmptyState title="No work orders">
            {site || assignee || due || show !== 'open'
              ? 'Nothing matches these filters.'
              : 'No open work. Raise one with “New work order”, or when a unit goes down.'}
          </EmptyState>
        }
      />
    </section>
  )
}
