// What a work order may do next and what stops it, decided from its rows alone: the screens,
// the completion write and the tests share these rules. The database holds the same line on
// closing (business_private.guard_work_order_done), so a device that skipped them is refused.
import type {
  TemplateStep,
  WorkKind,
  WorkOrderRow,
  WorkOrderStepRow,
  WorkStatus,
  MaintenanceKind,
} from '../../../../shared/schema/tables'
import { isOpenStatus } from '../../../../shared/schema/tables'

/** Statuses a person can move an order to from each status; done goes through completion. */
export const NEXT_STATUSES: Record<WorkStatus, readonly WorkStatus[]> = {
  open: ['in_progress', 'on_hold', 'cancelled'],
  in_progress: ['open', 'on_hold', 'cancelled'],
  on_hold: ['open', 'in_progress', 'cancelled'],
  done: ['open'],
  cancelled: ['open'],
}

export const STATUS_LABEL: Record<WorkStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  on_hold: 'On hold',
  done: 'Done',
  cancelled: 'Cancelled',
}

/** The maintenance log kind a completed order records. */
export const LOG_KIND: Record<WorkKind, MaintenanceKind> = {
  corrective: 'corrective',
  preventive: 'preventive',
  inspection: 'inspection',
}

type Step = Pick<WorkOrderStepRow, 'label' | 'required' | 'done_at' | 'deleted_at' | 'position'>

export const liveSteps = <S extends Step>(steps: readonly S[]): S[] =>
  steps.filter((s) => !s.deleted_at).sort((a, b) => a.position - b.position)

/** Required steps not done yet, in checklist order. */
export function openRequiredSteps<S extends Step>(steps: readonly S[]): S[] {
  return liveSteps(steps).filter((s) => s.required && !s.done_at)
}

/** Why the order cannot be completed now, in words; null when it can. */
export function completionBlocker(
  order: Pick<WorkOrderRow, 'status' | 'deleted_at'>,
  steps: readonly Step[],
): string | null {
  if (order.deleted_at) return 'This work order was deleted'
  if (order.status === 'done') return 'This work order is already done'
  if (order.status === 'cancelled') return 'Reopen it first: it is cancelled'
  const open = openRequiredSteps(steps)
  if (open.length === 0) return null
  return `${open.length} required step${open.length === 1 ? ' is' : 's are'} not done: ${open
    .map((s) => s.label)
    .join('; ')}`
}

export type DueState = 'overdue' | 'today' | 'soon' | 'later' | 'none'

/** How an open order stands against its due day, judged on the site's own day. */
export function dueState(
  order: Pick<WorkOrderRow, 'due_on' | 'status'>,
  today: string,
  soonDays = 7,
): DueState {
  if (!order.due_on || !isOpenStatus(order.status)) return 'none'
  if (order.due_on < today) return 'overdue'
  if (order.due_on === today) return 'today'
  const days = (Date.parse(order.due_on) - Date.parse(today)) / 86_400_000
  return days <= soonDays ? 'soon' : 'later'
}

/** Steps of a template as rows to insert for a new order (ids and bookkeeping come later). */
export function stepsFromTemplate(
  steps: readonly TemplateStep[],
): Omit<
  WorkOrderStepRow,
  | 'id'
  | 'organization_id'
  | 'site_id'
  | 'work_order_id'
  | 'created_at'
  | 'created_by'
  | 'updated_at'
  | 'updated_by'
  | 'deleted_at'
>[] {
  return steps.map((s, i) => ({
    position: i + 1,
    label: s.label.trim(),
    required: s.required,
    requires: s.requires,
    unit: s.unit,
    done_at: null,
    value_number: null,
    value_text: null,
  }))
}

const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const

/**
 * The order a work list shows: the viewer's own open work first, then open work by due day
 * (overdue first, undated last) and priority, then closed work, most recent first.
 */
export function compareWork(
  userId: string,
): (
  a: Pick<WorkOrderRow, 'status' | 'assignee_id' | 'due_on' | 'priority' | 'updated_at'>,
  b: Pick<WorkOrderRow, 'status' | 'assignee_id' | 'due_on' | 'priority' | 'updated_at'>,
) => number {
  return (a, b) => {
    const openA = isOpenStatus(a.status)
    const openB = isOpenStatus(b.status)
    if (openA !== openB) return openA ? -1 : 1
    if (!openA) return b.updated_at.localeCompare(a.updated_at)
    const mineA = a.assignee_id === userId
    const mineB = b.assignee_id === userId
    if (mineA !== mineB) return mineA ? -1 : 1
    const dueA = a.due_on ?? '9999-12-31'
    const dueB = b.due_on ?? '9999-12-31'
    if (dueA !== dueB) return dueA.localeCompare(dueB)
    return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]
  }
}
