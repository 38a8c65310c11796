import { Alert, Anchor, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconAlertOctagon, IconDeviceFloppy, IconTool } from '@tabler/icons-react'
import { useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { href } from '../../app/router'
import { failedEditOf, getEquipment, getSite, listMaintenance } from '../../store/queries'
import { updateRow } from '../../store/writes'
import { explainRejection } from '../../sync/explain-rejection'
import { ChangedUnderneath } from '../../ui/ChangedUnderneath'
import { EmptyState, PageSkeleton } from '../../ui/Empty'
import { NumberField, TextAreaField } from '../../ui/Field'
import { fieldLabel } from '../../ui/field-labels'
import { formatDateTime } from '../../ui/format'
import { notify } from '../../ui/notify'
import { requiredNumber } from '../../ui/numbers'
import { PageHeader } from '../../ui/PageHeader'
import { Fact, OutOfScopeNotice } from '../../ui/RecordFacts'
import { RowMark } from '../../ui/RowMark'
import { EquipmentStatusBadge } from '../../ui/StatusBadge'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useDraft } from '../../ui/use-draft'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import { StatusButtons } from './StatusControl'
import { ScheduledWork } from '../work/ScheduledWork'
import { UnitWork } from '../work/UnitWork'
import { UnitCharts } from '../../app/lazy-charts'
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs'
import { customFieldsPatch, fieldLabelOf, inputsOf } from '../custom-fields/field-inputs'
import { useFieldsFor } from '../custom-fields/use-field-definitions'

export function EquipmentPage({ id, userId }: { id: string; userId: string }) {
  const { db } = useServices()
  const online = useSyncStatus((s) => s.online)
  const item = useCacheQuery(() => getEquipment(db, id), [db, id])
  const site = useCacheQuery(
    () => (item ? getSite(db, item.site_id) : undefined),
    [db, item?.site_id],
  )
  const logs = useCacheQuery(() => listMaintenance(db, { equipmentId: id }), [db, id], [])
  const failure = useCacheQuery(() => failedEditOf(db, id), [db, id])
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  const fields = useFieldsFor(
    item?.organization_id,
    item ? { target: 'equipment', kind: item.kind } : null,
  )
  // The form shows the record as it is now and only what the person typed on top, so a sync
  // that rewrites the record neither wipes their typing nor lets a save resend stale fields.
  const draft = useDraft<{ runtime_hours: string; notes: string; [input: string]: string }>({
    runtime_hours: item ? String(item.runtime_hours) : '',
    notes: item?.notes ?? '',
    ...inputsOf(fields, item?.custom_fields ?? {}),
  })
  const [saved, setSaved] = useState<string | null>(null)
  if (item === undefined) return <PageSkeleton />
  if (!item)
    return (
      <Alert role="alert" color="yellow">
        This equipment is not on this laptop.
      </Alert>
    )
  const logLink = `${href('maintenance', 'new')}?site=${item.site_id}&equipment=${id}`
  return (
    <section aria-labelledby="equipment-page-title">
      <PageHeader
        title={item.name}
        id="equipment-page-title"
        crumbs={[
          { label: 'Sites', href: href('sites') },
          { label: site?.name ?? 'Site', href: href('sites', item.site_id) },
          { label: 'Equipment', href: `${href('equipment')}?site=${item.site_id}` },
        ]}
        actions={
          <Button component="a" href={logLink} leftSection={<IconTool size={16} aria-hidden />}>
            Log maintenance
          </Button>
        }
      />
      <Group gap="xs" mb="md">
        <EquipmentStatusBadge status={item.status} />
        {item.status_reason ? (
          <Text size="sm">
            {item.status_reason}
            {item.status_changed_at ? ` · since ${formatDateTime(item.status_changed_at)}` : ''}
          </Text>
        ) : null}
        <RowMark state={item._state} />
      </Group>
      <Stack gap="sm" mb="md">
        <LostValueNotice userId={userId} table="equipment" rowId={id} row={item} />
        {failure ? (
          <Alert role="alert" color="red" icon={<IconAlertOctagon aria-hidden />}>
            The server refused the last edit. {explainRejection(failure.error)} Fix it below, or
            discard it in the Sync center.
          </Alert>
        ) : null}
        <OutOfScopeNotice row={item} />
      </Stack>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Paper withBorder p="md">
              <Group gap="xl" wrap="wrap">
                <Fact label="Kind">{item.kind}</Fact>
                <Fact label="Make / model">
                  {[item.make, item.model].filter(Boolean).join(' ') || '—'}
                </Fact>
                <Fact label="Serial">{item.serial_number ?? '—'}</Fact>
                <Fact label="Asset tag">{item.asset_tag ?? '—'}</Fact>
                <Fact label="Site">
                  <Anchor href={href('sites', item.site_id)}>{site?.name ?? 'site'}</Anchor>
                </Fact>
              </Group>
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} fz="lg" mb="sm">
                Status
              </Title>
              <StatusButtons id={id} name={item.name} status={item.status} userId={userId} />
            </Paper>
            <Paper
              withBorder
              p="md"
              component="form"
              onSubmit={(e) => {
                e.preventDefault()
                const { values, changed } = draft
                if (changed.length === 0) {
                  setSaved('Nothing changed.')
                  return
                }
                const custom = customFieldsPatch(fields, item.custom_fields, values, changed)
                if (!custom.ok) {
                  setErrors(custom.errors)
                  setSaved(null)
                  return
                }
                const patch = {
                  ...custom.patch,
                  ...(changed.includes('runtime_hours')
                    ? { runtime_hours: requiredNumber(values.runtime_hours) }
                    : {}),
                  ...(changed.includes('notes') ? { notes: values.notes.trim() || null } : {}),
                }
                setSaved(null)
                void run((ctx) => updateRow(ctx, 'equipment', id, patch)).then((done) => {
                  if (done) {
                    draft.reset()
                    setSaved('Saved.')
                    notify.saved(online)
                  }
                })
              }}
            >
              <Stack gap="sm" maw={560}>
                <ChangedUnderneath
                  changes={draft.underneath}
                  label={fieldLabelOf(fields, fieldLabel)}
                  onTake={draft.take}
                />
                <NumberField
                  label="Runtime hours"
                  unit="h"
                  error={errors.runtime_hours}
                  value={draft.values.runtime_hours}
                  onChange={draft.set('runtime_hours')}
                  maw={220}
                />
                <TextAreaField
                  label="Notes"
                  error={errors.notes}
                  value={draft.values.notes}
                  onChange={draft.set('notes')}
                />
                <CustomFieldInputs
                  fields={fields}
                  stored={item.custom_fields}
                  values={draft.values}
                  errors={errors}
                  onChange={(k, text) => draft.set(k)(text)}
                />
                {error ? (
                  <Text role="alert" c="red.8" size="sm">
                    {error}
                  </Text>
                ) : null}
                <Group>
                  <Button
                    type="submit"
                    loading={saving}
                    leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                  >
                    Save
                  </Button>
                  {saved ? <Text role="status">{saved}</Text> : null}
                </Group>
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <UnitWork equipmentId={id} siteId={item.site_id} timeZone={site?.timezone ?? 'UTC'} />
            <ScheduledWork equipmentId={id} userId={userId} />
            <Paper withBorder p="md" component="section" aria-labelledby="equipment-maintenance">
              <Title order={2} fz="lg" mb="sm" id="equipment-maintenance">
                Maintenance
              </Title>
              {logs.length === 0 ? (
                <EmptyState title="No maintenance logged">
                  Log work on this unit with “Log maintenance”.
                </EmptyState>
              ) : (
                <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
                  {logs.map((l) => (
                    <Group component="li" key={l.id} gap="xs" wrap="nowrap">
                      <Anchor href={href('maintenance', l.id)} size="sm">
                        {formatDateTime(l.performed_at)}
                      </Anchor>
                      <Text size="sm">
                        {l.kind}: {l.summary}
                      </Text>
                      <RowMark state={l._state} />
                    </Group>
                  ))}
                </Stack>
              )}
            </Paper>
            {site ? (
              <Paper withBorder p="md" component="section" aria-labelledby="equipment-charts">
                <Title order={2} fz="lg" mb="sm" id="equipment-charts">
                  Last 30 days
                </Title>
                <UnitCharts equipmentId={id} siteId={item.site_id} timeZone={site.timezone} />
              </Paper>
            ) : null}
            <RecordHistory table="equipment" rowId={id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </section>
  )
}
