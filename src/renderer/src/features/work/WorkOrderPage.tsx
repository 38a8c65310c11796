import { Alert, Anchor, Button, Grid, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core'
import { IconAlertOctagon, IconCircleCheck } from '@tabler/icons-react'
import { useState } from 'react'
import type { WorkStatus } from '../../../../shared/schema/tables'
import { siteToday } from '../../../../shared/site-time'
import { useServices, useSyncStatus } from '../../app/context'
import { href } from '../../app/router'
import { failedEditOf, getEquipment, getSite, getWorkOrder, stepsOf } from '../../store/queries'
import { completeWorkOrder, setWorkStatus } from '../../store/work-orders'
import { discardMutation, retryMutation, updateRow } from '../../store/writes'
import { explainRejection } from '../../sync/explain-rejection'
import { PageSkeleton } from '../../ui/Empty'
import { formatDateTime } from '../../ui/format'
import { notify } from '../../ui/notify'
import { PageHeader } from '../../ui/PageHeader'
import { usePeople } from '../../ui/people'
import { Fact, OutOfScopeNotice } from '../../ui/RecordFacts'
import { RowMark } from '../../ui/RowMark'
import { EquipmentStatusBadge } from '../../ui/StatusBadge'
import { useCacheQuery } from '../../ui/use-cache-query'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import { Checklist } from './Checklist'
import { DueBadge, PriorityBadge, WorkStatusBadge } from './WorkBadges'
import { CompleteDialog, ReasonDialog } from './WorkDialogs'
import { NEXT_STATUSES, STATUS_LABEL, completionBlocker, dueState } from './work-rules'

const ORIGIN = {
  manual: 'By hand',
  equipment_down: 'A unit reported down or degraded',
  schedule: 'A maintenance schedule',
} as const

const STATUS_ACTION: Record<Exclude<WorkStatus, 'done'>, string> = {
  open: 'Reopen',
  in_progress: 'Start work',
  on_hold: 'Put on hold',
  cancelled: 'Cancel work order',
}

export function WorkOrderPage({ id, userId }: { id: string; userId: string }) {
  const { db } = useServices()
  const online = useSyncStatus((s) => s.online)
  const people = usePeople()
  const order = useCacheQuery(() => getWorkOrder(db, id), [db, id])
  const site = useCacheQuery(
    () => (order ? getSite(db, order.site_id) : undefined),
    [db, order?.site_id],
  )
  const unit = useCacheQuery(
    () => (order?.equipment_id ? getEquipment(db, order.equipment_id) : undefined),
    [db, order?.equipment_id],
  )
  const steps = useCacheQuery(() => stepsOf(db, id), [db, id], [])
  const failure = useCacheQuery(() => failedEditOf(db, id), [db, id])
  const { run, errors, error, setErrors } = useWrite(userId)
  const [asking, setAsking] = useState<'on_hold' | 'cancelled' | null>(null)
  const [completing, setCompleting] = useState(false)

  if (order === undefined) return <PageSkeleton />
  if (!order)
    return (
      <Alert role="alert" color="yellow">
        This work order is not on this laptop.
      </Alert>
    )
  const today = siteToday(site?.timezone ?? 'UTC')
  const blocker = completionBlocker(order, steps)
  const closed = order.status === 'done' || order.status === 'cancelled'

  async function moveTo(status: Exclude<WorkStatus, 'done'>, reason: string | null) {
    const done = await run((ctx) => setWorkStatus(ctx, id, status, reason))
    if (done) notify.saved(online, STATUS_LABEL[status])
    return Boolean(done)
  }

  return (
    <section aria-labelledby="work-order-title">
      <PageHeader
        title={order.title}
        id="work-order-title"
        crumbs={[{ label: 'Work orders', href: href('work') }]}
        actions={
          !closed ? (
            <Button
              color="teal"
              leftSection={<IconCircleCheck size={16} aria-hidden />}
              onClick={() => {
                setErrors({})
                setCompleting(true)
              }}
              disabled={Boolean(blocker)}
              title={blocker ?? undefined}
            >
              Complete…
            </Button>
          ) : null
        }
      />
      <Group gap="xs" mb="md">
        <WorkStatusBadge status={order.status} />
        <PriorityBadge priority={order.priority} />
        <DueBadge order={order} due={dueState(order, today)} />
        <RowMark state={order._state} />
      </Group>
      <Stack gap="sm" mb="md">
        <LostValueNotice userId={userId} table="work_orders" rowId={id} row={order} />
        {failure ? (
          <Alert role="alert" color="red" icon={<IconAlertOctagon aria-hidden />}>
            <Stack gap="xs">
              <Text size="sm">
                The server refused the last change of this work order.{' '}
                {explainRejection(failure.error)}
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  onClick={() => void retryMutation(db, failure.seq!)}
                  disabled={
                    failure.table === 'work_orders' &&
                    failure.data.status === 'done' &&
                    Boolean(blocker)
                  }
                >
                  Send it again
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => void discardMutation(db, failure.seq!)}
                >
                  Discard the change
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <OutOfScopeNotice row={order} />
        {error ? (
          <Alert role="alert" color="red">
            {error}
          </Alert>
        ) : null}
        {errors._row || errors.status_reason ? (
          <Alert role="alert" color="red">
            {errors._row ?? errors.status_reason}
          </Alert>
        ) : null}
      </Stack>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Paper withBorder p="md">
              <Group gap="xl" wrap="wrap" align="flex-start">
                <Fact label="Site">
                  <Anchor href={href('sites', order.site_id)}>{site?.name ?? 'site'}</Anchor>
                </Fact>
                <Fact label="Equipment">
                  {unit ? (
                    <Group gap={6}>
                      <Anchor href={href('equipment', unit.id)}>{unit.name}</Anchor>
                      <EquipmentStatusBadge status={unit.status} />
                    </Group>
                  ) : (
                    '—'
                  )}
                </Fact>
                <Fact label="Kind">{order.kind}</Fact>
                <Fact label="Raised">{ORIGIN[order.origin]}</Fact>
                <Fact label="Due">{order.due_on ?? '—'}</Fact>
              </Group>
              {order.description ? (
                <Text mt="md" style={{ whiteSpace: 'pre-wrap' }}>
                  {order.description}
                </Text>
              ) : null}
              {order.status_reason ? (
                <Text mt="sm" size="sm">
                  <b>Reason:</b> {order.status_reason}
                </Text>
              ) : null}
              {order.status === 'done' ? (
                <Text mt="sm" size="sm">
                  Finished {formatDateTime(order.completed_at)}
                  {order.maintenance_log_id ? (
                    <>
                      {' · '}
                      <Anchor href={href('maintenance', order.maintenance_log_id)}>
                        maintenance log
                      </Anchor>
                    </>
                  ) : null}
                </Text>
              ) : null}
              {order.openproject_work_package_id || order.flrts_task_ref ? (
                <Group gap="xl" mt="md">
                  {order.openproject_work_package_id ? (
                    <Fact label="OpenProject work package">
                      #{order.openproject_work_package_id}
                    </Fact>
                  ) : null}
                  {order.flrts_task_ref ? (
                    <Fact label="FLRTS task">{order.flrts_task_ref}</Fact>
                  ) : null}
                </Group>
              ) : null}
            </Paper>
            <Paper withBorder p="md">
              <Checklist steps={steps} userId={userId} locked={closed} />
              {blocker && !closed ? (
                <Text size="sm" c="dimmed" mt="sm">
                  To complete it: {blocker}.
                </Text>
              ) : null}
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <Paper withBorder p="md">
              <Stack gap="sm">
                <NativeSelect
                  label="Assignee"
                  value={order.assignee_id ?? ''}
                  disabled={closed}
                  onChange={(e) => {
                    const next = e.currentTarget.value || null
                    void run((ctx) =>
                      updateRow(ctx, 'work_orders', id, { assignee_id: next }),
                    ).then((done) => done && notify.saved(online, 'Assignee changed'))
                  }}
                  data={[
                    { value: '', label: 'Nobody yet' },
                    ...people.known().map((p) => ({
                      value: p.id,
                      label: p.id === userId ? `${p.name} (me)` : p.name,
                    })),
                  ]}
                />
                <Group gap="xs" role="group" aria-label="Change status">
                  {NEXT_STATUSES[order.status]
                    .filter((s): s is Exclude<WorkStatus, 'done'> => s !== 'done')
                    .map((s) => (
                      <Button
                        key={s}
                        variant="default"
                        color={s === 'cancelled' ? 'red' : undefined}
                        onClick={() =>
                          s === 'on_hold' || s === 'cancelled' ? setAsking(s) : void moveTo(s, null)
                        }
                      >
                        {STATUS_ACTION[s]}
                      </Button>
                    ))}
                </Group>
              </Stack>
            </Paper>
            <RecordHistory table="work_orders" rowId={id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ReasonDialog
        open={asking !== null}
        title={asking === 'cancelled' ? 'Cancel this work order?' : 'Put this work order on hold?'}
        label={asking === 'cancelled' ? 'Why is it cancelled?' : 'What is it waiting for?'}
        confirm={asking === 'cancelled' ? 'Cancel work order' : 'Put on hold'}
        onClose={() => setAsking(null)}
        onConfirm={(reason) => (asking ? moveTo(asking, reason) : Promise.resolve(false))}
      />
      {completing ? (
        <CompleteDialog
          open
          title={order.title}
          unit={unit ? { name: unit.name, status: unit.status } : null}
          errors={errors}
          onClose={() => setCompleting(false)}
          onComplete={async (c) => {
            const done = await run((ctx) => completeWorkOrder(ctx, id, c))
            if (done) notify.saved(online, 'Work order completed')
            return Boolean(done)
          }}
        />
      ) : null}
    </section>
  )
}
