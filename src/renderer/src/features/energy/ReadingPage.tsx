import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import {
  IconAlertOctagon,
  IconBolt,
  IconCircleCheck,
  IconDeviceFloppy,
  IconLock,
  IconSend,
  IconTrash,
} from '@tabler/icons-react'
import { useCacheQuery } from '../../ui/use-cache-query'
import { explainRejection } from '../../sync/explain-rejection'
import { useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { href, navigate } from '../../app/router'
import { serverVersionOf } from '../../../../shared/sync/local-row'
import { createRow, deleteRow, discardMutation, retryMutation, updateRow } from '../../store/writes'
import { confirmAction } from '../../ui/confirm'
import { PageSkeleton } from '../../ui/Empty'
import { NumberField, SelectField, TextField } from '../../ui/Field'
import { formatDateTime } from '../../ui/format'
import { NUMBER_MAX_LENGTH, maxLengthOf } from '../../ui/limits'
import { notify } from '../../ui/notify'
import { inputText, userLocale } from '../../ui/numbers'
import { PageHeader } from '../../ui/PageHeader'
import { recordTitle } from '../../ui/record-names'
import { ChangedUnderneath } from '../../ui/ChangedUnderneath'
import { fieldLabel } from '../../ui/field-labels'
import { RowMark } from '../../ui/RowMark'
import { useDraft } from '../../ui/use-draft'
import { useNaming } from '../../ui/use-naming'
import { LostValueNotice } from '../conflicts/LostValues'
import { RecordHistory } from '../history/RecordHistory'
import { useWrite } from '../useWrite'
import type { EntryField, EntryValues } from './entry-logic'
import { ENTRY_FIELDS, readValues } from './entry-logic'
import { correctionDeltas, readingFix } from './refused-fix'
import { addDays, siteDay, startOfSiteDay, siteToday } from '../../../../shared/site-time'
import { failedEditOf, getSite, isMonthClosed, listEquipment } from '../../store/queries'
import { getReading } from './queries'

/** One reading: fix it (e.g. after the server refused it), delete it, see its history. */
export function ReadingPage({ id, userId }: { id: string; userId: string }) {
  const { db, engine } = useServices()
  const online = useSyncStatus((s) => s.online)
  const naming = useNaming()
  const reading = useCacheQuery(() => getReading(db, id), [db, id])
  const site = useCacheQuery(
    async () => (reading ? getSite(db, reading.site_id) : undefined),
    [db, reading],
  )
  const failure = useCacheQuery(() => failedEditOf(db, id), [db, id])
  const monthClosed = useCacheQuery(
    async () => {
      if (!reading) return false
      return isMonthClosed(
        db,
        reading.site_id,
        serverVersionOf(reading)?.period_month ?? reading.period_month,
      )
    },
    [db, reading],
    false,
  )
  const units = useCacheQuery(
    async () => (reading ? listEquipment(db, { siteId: reading.site_id }) : []),
    [db, reading?.site_id],
    [],
  )
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  const adjusting = useWrite(userId)
  const [day, setDay] = useState<string | null>(null)
  const [meter, setMeter] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const locale = userLocale()
  const initial: EntryValues = {
    energy_kwh: inputText(reading?.energy_kwh, locale),
    gas_volume_mcf: inputText(reading?.gas_volume_mcf, locale),
    runtime_hours: inputText(reading?.runtime_hours, locale),
    notes: reading?.notes ?? '',
  }
  // Only what the user typed: a save sends those fields and nothing else, so a field another
  // device changed meanwhile is not overwritten with this form's stale copy, and a sync that
  // rewrites the reading while they type leaves their input alone.
  const draft = useDraft(initial)
  if (reading === undefined) return <PageSkeleton rows={8} />
  if (!reading)
    return (
      <Alert role="alert" color="yellow" title="This reading is not on this laptop">
        It may have been deleted, or its site unassigned from you. Find the others under{' '}
        <Anchor href={href('energy')}>Energy</Anchor>.
      </Alert>
    )
  const values = draft.values
  const tz = site?.timezone ?? 'UTC'
  const serverVersion = serverVersionOf(reading)
  const fix = readingFix({ onServer: serverVersion !== null, monthClosed })
  const savedDay = siteDay(reading.period_start, tz)
  const today = siteToday(tz)
  const dayValue = day ?? savedDay
  const savedMeter = reading.equipment_id ?? ''
  const meterValue = meter ?? savedMeter
  const edit = (field: EntryField) => draft.set(field)
  async function save() {
    const changed = ENTRY_FIELDS.filter(
      (f) => draft.changed.includes(f) && values[f].trim() !== initial[f].trim(),
    )
    const moved = fix === 'move' && dayValue !== savedDay
    const remetered = fix === 'move' && meterValue !== savedMeter
    if (moved && (dayValue === '' || dayValue > today)) {
      setErrors({
        period_start:
          dayValue === ''
            ? 'Enter the whole date of the reading'
            : `That day has not happened yet at ${site?.name ?? 'the site'}.`,
      })
      return
    }
    if (changed.length === 0 && !moved && !remetered) {
      setSaved('Nothing changed.')
      return
    }
    const read = readValues(values, changed, locale)
    if (!read.ok) {
      setErrors(read.errors)
      return
    }
    const patch = {
      ...read.patch,
      ...(moved
        ? {
            period_start: startOfSiteDay(dayValue, tz),
            period_end: startOfSiteDay(addDays(dayValue, 1), tz),
          }
        : {}),
      ...(remetered ? { equipment_id: meterValue || null } : {}),
    }
    const result = await run((ctx) => updateRow(ctx, 'energy_production', id, patch))
    if (result) {
      draft.reset()
      setDay(null)
      setMeter(null)
      setSaved('Saved.')
      notify.saved(online, 'Reading saved')
    }
  }

  /** The change the closed month refused, entered as an adjustment; the refused edit goes. */
  async function enterAsAdjustment() {
    if (!reading || !serverVersion || !failure?.seq) return
    const deltas = correctionDeltas(serverVersion, reading)
    if (!deltas) {
      setSaved('Your change equals what the server has; discard it in the Sync center.')
      return
    }
    const created = await adjusting.run((ctx) =>
      createRow(ctx, 'energy_production', {
        organization_id: reading.organization_id,
        site_id: reading.site_id,
        equipment_id: reading.equipment_id,
        period_start: reading.period_start,
        period_end: reading.period_end,
        source: 'adjustment',
        ...deltas,
        notes: reason.trim(),
      }),
    )
    if (!created) return
    await discardMutation(db, failure.seq)
    await engine.refreshCounts()
    setReason('')
    notify.saved(online, 'Adjustment saved')
    setSaved(
      `Entered as an adjustment of ${created.energy_kwh.toLocaleString('en-US')} kWh; the refused change was discarded.`,
    )
  }

  async function sendAgain() {
    if (!failure?.seq) return
    await retryMutation(db, failure.seq)
    await engine.sync()
  }
  async function remove() {
    const yes = await confirmAction({
      title: 'Delete this reading?',
      body: 'It leaves every list, total and report. The server keeps it in the record’s history.',
      confirm: 'Delete reading',
    })
    if (!yes) return
    const done = await run(async (ctx) => {
      await deleteRow(ctx, 'energy_production', id)
      return true
    })
    if (!done) return
    notify.saved(online, 'Reading deleted')
    navigate(href('energy'))
  }

  const title = `Reading: ${recordTitle('energy_production', reading, naming)}`
  return (
    <section aria-labelledby="reading-title">
      <PageHeader
        title={title}
        id="reading-title"
        crumbs={[
          { label: 'Energy', href: href('energy') },
          ...(site ? [{ label: site.name, href: href('sites', site.id) }] : []),
        ]}
        description={`${formatDateTime(reading.period_start)} to ${formatDateTime(reading.period_end)}`}
        actions={
          site ? (
            <Button
              component="a"
              variant="default"
              href={href('energy', 'entry', reading.site_id)}
              leftSection={<IconBolt size={16} aria-hidden />}
            >
              Daily entry for this site
            </Button>
          ) : null
        }
      />
      <Group gap="xs" mb="md">
        <Badge color="gray">source: {reading.source}</Badge>
        {monthClosed ? (
          <Badge color="gray" leftSection={<IconLock size={12} aria-hidden />}>
            month closed
          </Badge>
        ) : null}
        <RowMark state={reading._state} />
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7, xl: 6 }}>
          <Stack gap="md">
            <LostValueNotice userId={userId} table="energy_production" rowId={id} row={reading} />
            {failure ? (
              <Alert
                role="alert"
                color="red"
                title="The server refused the last edit"
                icon={<IconAlertOctagon size={18} aria-hidden />}
              >
                <Text size="sm">
                  {explainRejection(failure.error)}{' '}
                  {fix === 'move'
                    ? 'Fix it below (the day too: move it to an open day), send it again once the cause is gone (a reopened month, a site assigned again), or discard it in the Sync center.'
                    : fix === 'adjust'
                      ? 'This month is closed: enter your change as an adjustment below, send it again once the office reopens the month, or discard it in the Sync center.'
                      : 'Fix it below, send it again once the cause is gone, or discard it in the Sync center.'}
                </Text>
                <Group mt="sm">
                  <Button
                    variant="default"
                    leftSection={<IconSend size={16} aria-hidden />}
                    onClick={() => void sendAgain()}
                  >
                    Send again
                  </Button>
                </Group>
              </Alert>
            ) : null}
            {failure && fix === 'adjust' ? (
              <Paper withBorder p="md">
                <form
                  aria-label="Enter as an adjustment"
                  onSubmit={(e) => {
                    e.preventDefault()
                    void enterAsAdjustment()
                  }}
                >
                  <Stack gap="sm">
                    <Title order={2} fz="lg">
                      Enter as an adjustment
                    </Title>
                    <TextField
                      label="Reason for the adjustment"
                      hint="The difference from what the server has is added to the closed month as a signed correction."
                      error={adjusting.errors.notes}
                      maxLength={maxLengthOf('energy_production', 'notes')}
                      value={reason}
                      onChange={setReason}
                    />
                    {adjusting.error ? (
                      <Alert role="alert" color="red" py="xs">
                        {adjusting.error}
                      </Alert>
                    ) : null}
                    <Group>
                      <Button type="submit" loading={adjusting.saving}>
                        Enter as adjustment
                      </Button>
                    </Group>
                  </Stack>
                </form>
              </Paper>
            ) : null}
            <Paper withBorder p="md">
              <form
                aria-label="Edit the reading"
                onSubmit={(e) => {
                  e.preventDefault()
                  void save()
                }}
              >
                <Stack gap="md">
                  {fix === 'move' ? (
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <SelectField
                        label="Meter"
                        error={errors.equipment_id}
                        value={meterValue}
                        onChange={setMeter}
                        data={[
                          { value: '', label: 'Site meter' },
                          ...units.map((u) => ({ value: u.id, label: u.name })),
                        ]}
                      />
                      <TextField
                        label="Day"
                        error={errors.period_start ?? errors.period_end}
                        type="date"
                        max={today}
                        value={dayValue}
                        onChange={setDay}
                      />
                    </SimpleGrid>
                  ) : null}
                  <ChangedUnderneath
                    changes={draft.underneath}
                    label={fieldLabel}
                    onTake={draft.take}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <NumberField
                      label="Energy (kWh)"
                      unit="kWh"
                      error={errors.energy_kwh}
                      maxLength={NUMBER_MAX_LENGTH}
                      value={values.energy_kwh}
                      onChange={edit('energy_kwh')}
                    />
                    <NumberField
                      label="Gas volume (mcf)"
                      unit="mcf"
                      error={errors.gas_volume_mcf}
                      maxLength={NUMBER_MAX_LENGTH}
                      value={values.gas_volume_mcf}
                      onChange={edit('gas_volume_mcf')}
                    />
                    <NumberField
                      label="Runtime (hours)"
                      unit="h"
                      error={errors.runtime_hours}
                      maxLength={NUMBER_MAX_LENGTH}
                      value={values.runtime_hours}
                      onChange={edit('runtime_hours')}
                    />
                  </SimpleGrid>
                  <TextField
                    label="Notes"
                    error={errors.notes ?? (fix === 'move' ? undefined : errors.period_start)}
                    maxLength={maxLengthOf('energy_production', 'notes')}
                    value={values.notes}
                    onChange={edit('notes')}
                  />
                  {error ? (
                    <Alert role="alert" color="red" py="xs">
                      {error}
                    </Alert>
                  ) : null}
                  {saved ? (
                    <Alert
                      role="status"
                      color="teal"
                      py="xs"
                      icon={<IconCircleCheck size={18} aria-hidden />}
                    >
                      {saved}
                    </Alert>
                  ) : null}
                  <Group justify="space-between">
                    <Button
                      type="submit"
                      loading={saving}
                      leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                    >
                      Save
                    </Button>
                    <Button
                      variant="outline"
                      color="red"
                      leftSection={<IconTrash size={16} aria-hidden />}
                      onClick={() => void remove()}
                    >
                      Delete
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5, xl: 6 }}>
          <RecordHistory table="energy_production" rowId={id} />
        </Grid.Col>
      </Grid>
    </section>
  )
}
