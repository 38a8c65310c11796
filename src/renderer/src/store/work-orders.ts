// Writes of work orders that span rows: an order with its checklist, a completion with the
// maintenance log it produced and the unit put back up, a unit reported down with the order it
// raises. Each is one local transaction (writeTogether), so a crash between the rows leaves
// neither, and its mutations leave the outbox in the order the server needs them.
import type {
  EquipmentStatus,
  Part,
  TemplateStep,
  WorkOrderRow,
} from '../../../shared/schema/tables'
import { stepIdFor } from '../../../shared/maintenance/pm-due'
import { LOG_KIND, completionBlocker, stepsFromTemplate } from '../features/work/work-rules'
import type { LocalRowOf } from './db'
import type { ScheduledDue } from './queries'
import { stepsOf } from './queries'
import type { DerivedRow, WriteContext } from './writes'
import { ValidationError, createRow, updateRow, writeTogether } from './writes'

export type NewWorkOrder = Pick<WorkOrderRow, 'organization_id' | 'site_id' | 'title'> &
  Partial<
    Pick<
      WorkOrderRow,
      | 'equipment_id'
      | 'description'
      | 'kind'
      | 'priority'
      | 'assignee_id'
      | 'due_on'
      | 'origin'
      | 'status_reason'
      | 'openproject_work_package_id'
      | 'flrts_task_ref'
    >
  >

export async function createWorkOrder(
  ctx: WriteContext,
  values: NewWorkOrder,
  steps: readonly TemplateStep[] = [],
): Promise<LocalRowOf<'work_orders'>> {
  return writeTogether(ctx, () => createOrderWithSteps(ctx, values, steps))
}

async function createOrderWithSteps(
  ctx: WriteContext,
  values: NewWorkOrder & Partial<Pick<WorkOrderRow, 'schedule_id' | 'schedule_point'>>,
  steps: readonly TemplateStep[],
  derived?: DerivedRow,
): Promise<LocalRowOf<'work_orders'>> {
  const order = await createRow(ctx, 'work_orders', values, { derived })
  for (const step of stepsFromTemplate(steps))
    await createRow(
      ctx,
      'work_order_steps',
      {
        ...step,
        organization_id: order.organization_id,
        site_id: order.site_id,
        work_order_id: order.id,
      },
      { derived: derived && { id: stepIdFor(derived.id, step.position), at: derived.at } },
    )
  return order
}

/**
 * Raises the preventive order a schedule has due for a unit. Its id and its steps' ids derive
 * from schedule, unit and point, and every other value from the schedule, so another device
 * raising the same point offline pushes the same rows and the server merges them; the only
 * value that can differ is who it is assigned to, which is then a conflict the office sees.
 * Raising a point whose order is already here returns that order.
 */
export async function raiseScheduledOrder(
  ctx: WriteContext,
  due: Pick<ScheduledDue, 'schedule' | 'unit' | 'point' | 'dueOn' | 'orderId'>,
  steps: readonly TemplateStep[],
  assigneeId: string | null,
): Promise<LocalRowOf<'work_orders'>> {
  return writeTogether(ctx, async () => {
    const existing = await ctx.db.work_orders.get(due.orderId)
    if (existing) return existing
    const { schedule, unit } = due
    return createOrderWithSteps(
      ctx,
      {
        organization_id: schedule.organization_id,
        site_id: schedule.site_id,
        equipment_id: unit.id,
        title: `${schedule.title}: ${unit.name}`.slice(0, 200),
        description: schedule.description,
        kind: 'preventive',
        priority: schedule.priority,
        origin: 'schedule',
        due_on: due.dueOn,
        assignee_id: assigneeId,
        schedule_id: schedule.id,
        schedule_point: due.point,
      },
      steps,
      { id: due.orderId, at: schedule.created_at },
    )
  })
}

export interface StepAnswer {
  done: boolean
  value_number?: number | null
  value_text?: string | null
}

export function answerStep(
  ctx: WriteContext,
  stepId: string,
  answer: StepAnswer,
): Promise<LocalRowOf<'work_order_steps'>> {
  return updateRow(ctx, 'work_order_steps', stepId, {
    done_at: answer.done ? ctx.now() : null,
    ...(answer.value_number !== undefined ? { value_number: answer.value_number } : {}),
    ...(answer.value_text !== undefined ? { value_text: answer.value_text } : {}),
  })
}

export interface Completion {
  completedAt: string
  summary: string
  details: string | null
  downtimeHours: number
  parts: Part[]
  /** Set the unit to this status with the completion (usually back to operational). */
  equipmentStatus?: EquipmentStatus | null
}

/**
 * Completes an order: records its maintenance log (when it is for a unit), marks it done with
 * that log, and sets the unit's status, all at once. Refused while required steps are open.
 */
export async function completeWorkOrder(
  ctx: WriteContext,
  orderId: string,
  done: Completion,
): Promise<LocalRowOf<'work_orders'>> {
  return writeTogether(ctx, async () => {
    const order = await ctx.db.work_orders.get(orderId)
    if (!order) throw new Error('This work order is not on this device')
    const blocker = completionBlocker(order, await stepsOf(ctx.db, orderId))
    if (blocker) throw new ValidationError({ _row: blocker })
    let logId: string | null = null
    if (order.equipment_id) {
      const log = await createRow(ctx, 'maintenance_logs', {
        organization_id: order.organization_id,
        site_id: order.site_id,
        equipment_id: order.equipment_id,
        kind: LOG_KIND[order.kind],
        performed_at: done.completedAt,
        summary: done.summary,
        details: done.details,
        downtime_hours: done.downtimeHours,
        parts: done.parts,
      })
      logId = log.id
      if (done.equipmentStatus) {
        const unit = await ctx.db.equipment.get(order.equipment_id)
        if (unit && unit.status !== done.equipmentStatus)
          await updateRow(ctx, 'equipment', unit.id, { status: done.equipmentStatus })
      }
    }
    return updateRow(ctx, 'work_orders', orderId, {
      status: 'done',
      status_reason: null,
      completed_at: done.completedAt,
      maintenance_log_id: logId,
    })
  })
}

/** Moves an order to another status than done (which is completeWorkOrder's). */
export function setWorkStatus(
  ctx: WriteContext,
  orderId: string,
  status: Exclude<WorkOrderRow['status'], 'done'>,
  reason: string | null,
): Promise<LocalRowOf<'work_orders'>> {
  return updateRow(ctx, 'work_orders', orderId, {
    status,
    status_reason: reason?.trim() || null,
    ...(status === 'open' ? { completed_at: null, maintenance_log_id: null } : {}),
  })
}

/**
 * A unit reported down or degraded, with the reason; optionally the corrective order that
 * follows it up, assigned to whoever reported it.
 */
export async function reportEquipmentStatus(
  ctx: WriteContext,
  equipmentId: string,
  status: EquipmentStatus,
  reason: string,
  raise: { title: string; priority: WorkOrderRow['priority'] } | null,
): Promise<LocalRowOf<'work_orders'> | null> {
  return writeTogether(ctx, async () => {
    const unit = await ctx.db.equipment.get(equipmentId)
    if (!unit) throw new Error('This unit is not on this device')
    if (!reason.trim()) throw new ValidationError({ status_reason: 'Say what is wrong' })
    await updateRow(ctx, 'equipment', equipmentId, {
      status,
      status_reason: reason.trim().slice(0, 1000),
    })
    if (!raise) return null
    return createWorkOrder(ctx, {
      organization_id: unit.organization_id,
      site_id: unit.site_id,
      equipment_id: unit.id,
      title: raise.title,
      kind: 'corrective',
      priority: raise.priority,
      origin: 'equipment_down',
      status_reason: `${status}: ${reason.trim()}`.slice(0, 1000),
      assignee_id: ctx.userId,
    })
  })
}
