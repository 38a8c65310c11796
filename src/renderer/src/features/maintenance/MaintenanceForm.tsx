import { Alert, Button, Grid, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react'
import { useCacheQuery } from '../../ui/use-cache-query'
import { requiredNumber } from '../../ui/numbers'
import { useState } from 'react'
import { useServices } from '../../app/context'
import { href, navigate } from '../../app/router'
import { MAINTENANCE_KINDS } from '../../../../shared/schema/tables'
import type { MaintenanceKind, Part } from '../../../../shared/schema/tables'
import type { LocalRowOf } from '../../store/db'
import { createRow, deleteRow, updateRow } from '../../store/writes'
import { ChangedUnderneath, shownValue } from '../../ui/ChangedUnderneath'
import { NumberField, SelectField, TextAreaField, TextField } from '../../ui/Field'
import { confirmAction } from '../../ui/confirm'
import { PageSkeleton } from '../../ui/Empty'
import { toLocalInput } from '../../ui/format'
import { PageHeader } from '../../ui/PageHeader'
import { fieldLabel } from '../../ui/field-labels'
import { useDraft } from '../../ui/use-draft'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { PartsEditor } from './PartsEditor'
import { useWrite } from '../useWrite'
import { getMaintenanceLog, listEquipment, listSites } from '../../store/queries'

interface Props {
  userId: string
  existing?: LocalRowOf<'maintenance_logs'>
  siteId?: string | null
  equipmentId?: string | null
}

export function MaintenanceForm({ userId, existing, siteId, equipmentId }: Props) {
  const { db } = useServices()
  const sites = useCacheQuery(() => listSites(db), [db], [])
  // Stable for a new log: the time the form opened, not the time of each render.
  const [openedAt] = useState(() => new Date().toISOString())
  // The log as saved (live: a sync can rewrite it), and the person's edits on top: a save
  // sends only what they changed, so a field another device changed is not overwritten with
  // this form's stale copy, and a sync while they type leaves their input alone.
  const draft = useDraft({
    site_id: existing?.site_id ?? siteId ?? '',
    equipment_id: existing?.equipment_id ?? equipmentId ?? '',
    kind: existing?.kind ?? 'preventive',
    performed_at: toLocalInput(existing?.performed_at ?? openedAt),
    summary: existing?.summary ?? '',
    details: existing?.details ?? '',
    downtime_hours: String(existing?.downtime_hours ?? 0),
    parts: existing?.parts ?? ([] as Part[]),
  })
  const {
    site_id: site,
    equipment_id: equipmentChoice,
    kind,
    summary,
    details,
    parts,
  } = draft.values
  const performedAt = draft.values.performed_at
  const downtime = draft.values.downtime_hours
  const setSite = draft.set('site_id')
  const setEquipment = draft.set('equipment_id')
  const setKind = draft.set('kind')
  const setPerformedAt = draft.set('performed_at')
  const setSummary = draft.set('summary')
  const setDetails = draft.set('details')
  const setDowntime = draft.set('downtime_hours')
  const setParts = draft.set('parts')
  const equipment = useCacheQuery(
    async () => (site ? listEquipment(db, { siteId: site }) : []),
    [db, site],
    [],
  )
  const { run, errors, error, saving, setErrors } = useWrite(userId)

  async function submit() {
    const organization = sites.find((s) => s.id === site)?.organization_id
    if (!site || !organization) {
      setErrors({ site_id: 'Choose the site' })
      return
    }
    if (!equipmentChoice) {
      setErrors({ equipment_id: 'Choose the equipment worked on' })
      return
    }
    const values = {
      site_id: site,
      equipment_id: equipmentChoice,
      kind,
      performed_at: performedAt ? new Date(performedAt).toISOString() : '',
      summary,
      details: details.trim() || null,
      downtime_hours: requiredNumber(downtime),
      parts,
    }
    if (existing && draft.changed.length === 0) {
      navigate(href('maintenance', existing.id))
      return
    }
    const saved = await run((ctx) =>
      existing
        ? updateRow(
            ctx,
            'maintenance_logs',
            existing.id,
            Object.fromEntries(draft.changed.map((f) => [f, values[f]])),
          )
        : createRow(ctx, 'maintenance_logs', { ...values, organization_id: organization }),
    )
    if (saved) navigate(href('maintenance', saved.id))
  }

  const title = existing ? 'Edit maintenance log' : 'New maintenance log'
  const siteName = sites.find((s) => s.id === site)?.name

  return (
    <section aria-labelledby="maintenance-form-title">
      <PageHeader
        title={title}
        id="maintenance-form-title"
        crumbs={[
          { label: 'Maintenance', href: href('maintenance') },
          ...(siteName && site ? [{ label: siteName, href: href('sites', site) }] : []),
        ]}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper
            withBorder
            p="md"
            component="form"
            aria-labelledby="maintenance-form-title"
            onSubmit={(e) => {
              e.preventDefault()
              void submit()
            }}
          >
            <Stack gap="sm">
              <ChangedUnderneath
                changes={draft.underneath}
                label={fieldLabel}
                show={(v, f) => (f === 'parts' ? `${(v as Part[]).length} part(s)` : shownValue(v))}
                onTake={draft.take}
              />
              {existing ? (
                <LostValueNotice
                  userId={userId}
                  table="maintenance_logs"
                  rowId={existing.id}
                  row={existing}
                />
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <SelectField
                  label="Site"
                  error={errors.site_id}
                  value={site}
                  onChange={setSite}
                  data={[
                    { value: '', label: 'Choose…' },
                    ...sites.map((s) => ({ value: s.id, label: s.name })),
                  ]}
                />
                <SelectField
                  label="Equipment"
                  error={errors.equipment_id}
                  value={equipmentChoice}
                  onChange={setEquipment}
                  data={[
                    { value: '', label: 'Choose…' },
                    ...equipment.map((e) => ({ value: e.id, label: e.name })),
                  ]}
                />
                <SelectField
                  label="Kind of work"
                  error={errors.kind}
                  value={kind}
                  onChange={(v) => setKind(v as MaintenanceKind)}
                  data={[...MAINTENANCE_KINDS]}
                />
                {/* The browser's own date-time field: typeable from the keyboard and shown in
                    the laptop's locale; the value is an instant, so no site-day rule applies. */}
                <TextField
                  label="Performed at"
                  error={errors.performed_at}
                  type="datetime-local"
                  value={performedAt}
                  onChange={setPerformedAt}
                />
              </SimpleGrid>
              <TextField
                label="Summary"
                error={errors.summary}
                value={summary}
                onChange={setSummary}
                maxLength={500}
              />
              <TextAreaField
                label="Details"
                error={errors.details}
                value={details}
                onChange={setDetails}
              />
              <NumberField
                label="Downtime (hours)"
                unit="h"
                error={errors.downtime_hours}
                value={downtime}
                onChange={setDowntime}
                maw={220}
              />
              <PartsEditor parts={parts} onChange={setParts} errors={errors} />
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
                {existing ? (
                  <Button
                    variant="outline"
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden />}
                    onClick={() => {
                      void confirmAction({
                        title: 'Delete this maintenance log?',
                        body: 'It leaves every list and report. The server keeps it in the history, and the office can restore it.',
                        confirm: 'Delete',
                      }).then((yes) => {
                        if (!yes) return
                        void run((ctx) => deleteRow(ctx, 'maintenance_logs', existing.id)).then(
                          () => navigate(href('maintenance')),
                        )
                      })
                    }}
                  >
                    Delete
                  </Button>
                ) : null}
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        {existing ? (
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <RecordHistory table="maintenance_logs" rowId={existing.id} />
          </Grid.Col>
        ) : null}
      </Grid>
    </section>
  )
}

export function MaintenanceRoute({
  id,
  userId,
  query,
}: {
  id: string
  userId: string
  query: URLSearchParams
}) {
  const { db } = useServices()
  const existing = useCacheQuery(
    async () => (id === 'new' ? null : getMaintenanceLog(db, id)),
    [db, id],
  )
  if (existing === undefined) return <PageSkeleton />
  if (id !== 'new' && !existing)
    return (
      <Alert role="alert" color="yellow">
        This maintenance log is not on this laptop.
      </Alert>
    )
  return (
    <MaintenanceForm
      key={id}
      userId={userId}
      existing={existing ?? undefined}
      siteId={query.get('site')}
      equipmentId={query.get('equipment')}
    />
  )
}
