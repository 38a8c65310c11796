import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core'
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react'
import { EQUIPMENT_KINDS, WORK_PRIORITIES } from '../../../../shared/schema/tables'
import type { EquipmentKind, MaintenanceScheduleRow } from '../../../../shared/schema/tables'
import { useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { href, navigate } from '../../app/router'
import type { LocalRowOf } from '../../store/db'
import { getSchedule, listEquipment, listSites } from '../../store/queries'
import { createRow, deleteRow, updateRow } from '../../store/writes'
import { ChangedUnderneath } from '../../ui/ChangedUnderneath'
import { confirmAction } from '../../ui/confirm'
import { Field, NumberField, SelectField, TextAreaField, TextField } from '../../ui/Field'
import { fieldLabel } from '../../ui/field-labels'
import { DayInput } from '../../ui/Filters'
import { notify } from '../../ui/notify'
import { PageHeader } from '../../ui/PageHeader'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useDraft } from '../../ui/use-draft'
import { useWrite } from '../useWrite'
import { templatesFor, useChecklistTemplates } from '../work/templates'
import type { ScheduleValues } from './schedule-form'
import { scheduleInputs, scheduleValues } from './schedule-form'

const INTERVAL_FIELDS = ['every', 'every_hours', 'start_hours', 'every_days', 'starts_on']

/** A new schedule (`id` null) or one to change; saved on this laptop and synced. */
export function ScheduleRoute({
  id,
  siteId,
  userId,
  canEdit,
}: {
  id: string | null
  siteId?: string | null
  userId: string
  canEdit: boolean
}) {
  const { db } = useServices()
  const row = useCacheQuery(
    () => (id ? getSchedule(db, id) : Promise.resolve(null)),
    [db, id],
    null,
  )
  if (id && !row)
    return (
      <Text role="alert">
        This schedule is not on this laptop. <a href={href('schedules')}>All schedules</a>
      </Text>
    )
  return (
    <ScheduleForm
      key={id ?? 'new'}
      row={row ?? null}
      siteId={siteId ?? ''}
      userId={userId}
      canEdit={canEdit}
    />
  )
}

function ScheduleForm({
  row,
  siteId,
  userId,
  canEdit,
}: {
  row: LocalRowOf<'maintenance_schedules'> | null
  siteId: string
  userId: string
  canEdit: boolean
}) {
  const { db } = useServices()
  const online = useSyncStatus((s) => s.online)
  const draft = useDraft(scheduleInputs(row, siteId))
  const v = draft.values
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  const [note, setNote] = useState<string | null>(null)
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const units = useCacheQuery(
    () => (v.site_id ? listEquipment(db, { siteId: v.site_id }) : Promise.resolve([])),
    [db, v.site_id],
    [],
  )
  const templates = useChecklistTemplates()
  const site = sites.find((s) => s.id === v.site_id)
  const kind =
    v.target === 'unit' ? (units.find((u) => u.id === v.equipment_id)?.kind ?? null) : null
  const fitting = site
    ? templatesFor(
        templates,
        site.organization_id,
        v.target === 'kind' ? ((v.equipment_kind || null) as EquipmentKind | null) : kind,
      )
    : []
  const title = row ? row.title : 'New schedule'
  const intervalChanged = row !== null && draft.changed.some((f) => INTERVAL_FIELDS.includes(f))

  function save() {
    setNote(null)
    if (row && draft.changed.length === 0) {
      setNote('Nothing changed.')
      return
    }
    const parsed = scheduleValues(v)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      return
    }
    if (!site) return
    const values = parsed.values
    void run((ctx) =>
      row
        ? updateRow(ctx, 'maintenance_schedules', row.id, changedValues(row, values))
        : createRow(ctx, 'maintenance_schedules', {
            ...values,
            organization_id: site.organization_id,
          }),
    ).then((saved) => {
      if (!saved) return
      notify.saved(online, row ? 'Schedule saved' : 'Schedule added')
      navigate(`${href('schedules')}?site=${saved.site_id}`)
    })
  }

  async function remove() {
    if (!row) return
    const yes = await confirmAction({
      title: 'Remove this schedule?',
      body: 'Its due points stop showing. Work orders it already raised stay as they are.',
      confirm: 'Remove schedule',
    })
    if (!yes) return
    const done = await run((ctx) => deleteRow(ctx, 'maintenance_schedules', row.id))
    if (done !== null) navigate(`${href('schedules')}?site=${row.site_id}`)
  }

  return (
    <section aria-labelledby="schedule-form-title">
      <PageHeader
        title={title}
        id="schedule-form-title"
        crumbs={[{ label: 'Maintenance schedules', href: href('schedules') }]}
      />
      <Paper
        withBorder
        p="md"
        component="form"
        maw={900}
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            {canEdit ? null : (
              <Alert color="gray">Only the office changes maintenance schedules.</Alert>
            )}
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <ChangedUnderneath changes={draft.underneath} label={fieldLabel} onTake={draft.take} />
            <TextField
              label="Title"
              value={v.title}
              onChange={draft.set('title')}
              error={errors.title}
            />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <SelectField
                label="Site"
                value={v.site_id}
                onChange={(s) => {
                  draft.set('site_id')(s)
                  draft.set('equipment_id')('')
                }}
                // A schedule stays at its site: the orders it raised are there.
                disabled={row !== null}
                error={errors.site_id}
                data={[
                  { value: '', label: 'Choose a site' },
                  ...sites.map((s) => ({ value: s.id, label: s.name })),
                ]}
              />
              <Field label="Covers">
                {(ids) => (
                  <SegmentedControl
                    {...ids}
                    value={v.target}
                    onChange={(t) => draft.set('target')(t)}
                    data={[
                      { value: 'unit', label: 'One unit' },
                      { value: 'kind', label: 'Every unit of a kind' },
                    ]}
                  />
                )}
              </Field>
            </SimpleGrid>
            {v.target === 'unit' ? (
              <SelectField
                label="Unit"
                value={v.equipment_id}
                onChange={draft.set('equipment_id')}
                disabled={!v.site_id}
                error={errors.equipment_id}
                data={[
                  { value: '', label: 'Choose a unit' },
                  ...units.map((u) => ({ value: u.id, label: u.name })),
                ]}
              />
            ) : (
              <SelectField
                label="Kind of unit"
                value={v.equipment_kind}
                onChange={draft.set('equipment_kind')}
                error={errors.equipment_kind ?? errors.equipment_id}
                data={[{ value: '', label: 'Choose a kind' }, ...EQUIPMENT_KINDS]}
              />
            )}
            <Field label="Due every">
              {(ids) => (
                <SegmentedControl
                  {...ids}
                  value={v.every}
                  onChange={(e) => draft.set('every')(e)}
                  data={[
                    { value: 'hours', label: 'Runtime hours' },
                    { value: 'days', label: 'Days' },
                  ]}
                />
              )}
            </Field>
            {v.every === 'hours' ? (
              <SimpleGrid cols={{ base: 1, md: 3 }}>
                <NumberField
                  label="Every"
                  unit="h"
                  value={v.every_hours}
                  onChange={draft.set('every_hours')}
                  error={errors.every_hours}
                />
                <NumberField
                  label="Counting from"
                  unit="h"
                  hint="Due at this hour count plus every interval."
                  value={v.start_hours}
                  onChange={draft.set('start_hours')}
                  error={errors.start_hours}
                />
                <NumberField
                  label="Shown ahead"
                  unit="h"
                  hint="How early it shows as due soon."
                  value={v.lead}
                  onChange={draft.set('lead')}
                  error={errors.lead}
                />
              </SimpleGrid>
            ) : (
              <Group align="flex-start">
                <NumberField
                  label="Every"
                  unit="days"
                  value={v.every_days}
                  onChange={draft.set('every_days')}
                  error={errors.every_days}
                  maw={180}
                />
                <DayInput
                  label="First day"
                  value={v.starts_on}
                  onChange={draft.set('starts_on')}
                  error={errors.starts_on}
                />
                <NumberField
                  label="Shown ahead"
                  unit="days"
                  hint="How early it shows as due soon."
                  value={v.lead}
                  onChange={draft.set('lead')}
                  error={errors.lead}
                  maw={200}
                />
              </Group>
            )}
            {intervalChanged ? (
              <Alert color="yellow">
                Changing the interval moves every due point. Orders it already raised stay as they
                are, and a point they raised is taken as handled.
              </Alert>
            ) : null}
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <SelectField
                label="Priority"
                value={v.priority}
                onChange={draft.set('priority')}
                data={[...WORK_PRIORITIES]}
              />
              <SelectField
                label="Checklist"
                value={v.template_id}
                onChange={draft.set('template_id')}
                error={errors.template_id}
                hint={
                  site && fitting.length === 0
                    ? 'No templates fit (templates load when online).'
                    : undefined
                }
                data={[
                  { value: '', label: 'No checklist' },
                  ...fitting.map((t) => ({ value: t.id, label: t.name })),
                ]}
              />
              <SelectField
                label="State"
                value={v.active}
                onChange={(a) => draft.set('active')(a as 'yes' | 'no')}
                data={[
                  { value: 'yes', label: 'Active' },
                  { value: 'no', label: 'Paused: raises nothing' },
                ]}
              />
            </SimpleGrid>
            <TextAreaField
              label="Description"
              value={v.description}
              onChange={draft.set('description')}
              error={errors.description}
            />
            {errors._row ? (
              <Text role="alert" c="red.8">
                {errors._row}
              </Text>
            ) : null}
            {canEdit ? (
              <Group>
                <Button
                  type="submit"
                  loading={saving}
                  leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                >
                  {row ? 'Save schedule' : 'Add schedule'}
                </Button>
                {row ? (
                  <Button
                    variant="subtle"
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden />}
                    onClick={() => void remove()}
                  >
                    Remove
                  </Button>
                ) : null}
                {note ? <Text role="status">{note}</Text> : null}
              </Group>
            ) : null}
          </Stack>
        </fieldset>
      </Paper>
    </section>
  )
}

/** Only what differs from the row: an edit of one field must not overwrite the others. */
function changedValues(
  row: MaintenanceScheduleRow,
  values: ScheduleValues,
): Partial<MaintenanceScheduleRow> {
  const patch: Record<string, unknown> = {}
  for (const [k, value] of Object.entries(values))
    if (row[k as keyof ScheduleValues] !== value) patch[k] = value
  return patch
}
