import { Badge } from '@mantine/core'
import type { WorkOrderRow, WorkPriority, WorkStatus } from '../../../../shared/schema/tables'
import type { DueState } from './work-rules'
import { STATUS_LABEL } from './work-rules'

const STATUS_COLOR: Record<WorkStatus, string> = {
  open: 'blue',
  in_progress: 'cyan',
  on_hold: 'orange',
  done: 'teal',
  cancelled: 'gray',
}

const PRIORITY_COLOR: Record<WorkPriority, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'gray',
  low: 'gray',
}

export function WorkStatusBadge({ status }: { status: WorkStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {STATUS_LABEL[status]}
    </Badge>
  )
}

export function PriorityBadge({ priority }: { priority: WorkPriority }) {
  return (
    <Badge color={PRIORITY_COLOR[priority]} variant={priority === 'urgent' ? 'filled' : 'light'}>
      {priority}
    </Badge>
  )
}

/** The due day, with words when it matters: overdue and today are what a technician acts on. */
export function DueBadge({ order, due }: { order: Pick<WorkOrderRow, 'due_on'>; due: DueState }) {
  if (!order.due_on) return <>—</>
  if (due === 'overdue')
    return (
      <Badge color="red" variant="light">
        Overdue · {order.due_on}
      </Badge>
    )
  if (due === 'today')
    return (
      <Badge color="orange" variant="light">
        Due today
      </Badge>
    )
  return <>{order.due_on}</>
}
