import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconDeviceFloppy,
  IconInfoCircle,
  IconTable,
} from '@tabler/icons-react'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useEffect, useReducer, useRef, useState } from 'react'
import type { FieldErrors } from '../../../../shared/schema/validate'
import { useServices, useSyncStatus } from '../../app/context'
import { href } from '../../app/router'
import { createRow, updateRow } from '../../store/writes'
import { EmptyState, PageSkeleton } from '../../ui/Empty'
import { NumberField, SelectField, TextField } from '../../ui/Field'
import { NUMBER_MAX_LENGTH, maxLengthOf } from '../../ui/limits'
import { notify } from '../../ui/notify'
import { inputText, parseNumber, userLocale } from '../../ui/numbers'
import { PageHeader } from '../../ui/PageHeader'
import { RowMark } from '../../ui/RowMark'
import { useWrite } from '../useWrite'
import { plausibilityWarnings } from './energy-math'
import type { EntryField, Meter, Round } from './entry-logic'
import {
  changedFields,
  entryReducer,
  initialEntryState,
  initialValues,
  isDailyReading,
  meterOf,
  nextStop,
  proposedDay,
  readValues,
  readingOn,
  shownValues,
  visibleMessage,
} from './entry-logic'
import { meterReadings, readingsOnDay } from './queries'
import {
  addDays,
  dayLabel,
  siteDay,
  siteDayHours,
  startOfSiteDay,
  siteToday,
} from '../../../../shared/site-time'
import { getSite, listEquipment } from '../../store/queries'

const NOTES_MAX = maxLengthOf('energy_production', 'notes')

const NUMBER_FIELDS: { field: Exclude<EntryField, 'notes'>; label: string; unit: string }[] = [
  { field: 'energy_kwh', label: 'Energy (kWh)', unit: 'kWh' },
  { field: 'gas_volume_mcf', label: 'Gas volume (mcf)', unit: 'mcf' },
  { field: 'runtime_hours', label: 'Runtime (hours)', unit: 'h' },
]

const NUMERIC = { fontVariantNumeric: 'tabular-nums' } as const

/**
 * Daily readings for one site, keyboard first. Each meter has its own proposed day (the one
 * after its last reading, never after the site's today); an existing day shows that day's
 * reading and a save changes only what was typed; after Enter saves, the round moves on to
 * the next meter or day with the cursor in its kWh field. Implausible values are flagged,
 * never blocked.
 */
export function EnergyEntry({ siteId, userId }: { siteId: string; userId: string }) {
  const { db } = useServices()
  const online = useSyncStatus((s) => s.online)
  const locale = userLocale()
  const site = useCacheQuery(() => getSite(db, siteId), [db, siteId])
  const units = useCacheQuery(() => listEquipment(db, { siteId, kind: 'generator' }), [db, siteId])
  const [state, dispatch] = useReducer(entryReducer, initialEntryState)
  const [round, setRound] = useState<Round>('meters')
  // A period other than one site-local day (e.g. a meter read across a shutdown).
  const [customPeriod, setCustomPeriod] = useState(false)
  const [customStart, setCustomStart] = useState('')
  const [customEnd, setCustomEnd] = useState('')
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  const form = useRef<HTMLFormElement>(null)
  const [focusTick, setFocusTick] = useState(0)

  const tz = site?.timezone ?? 'UTC'
  const today = siteToday(tz)
  const meter = state.meter
  const recent = useCacheQuery(
    () => meterReadings(db, siteId, meter, tz, 10),
    [db, siteId, meter, tz],
  )
  const proposed = recent ? proposedDay(recent, meter, tz, today) : null
  const day = state.day ?? proposed
  const onDay = useCacheQuery(
    async () => (day ? readingsOnDay(db, siteId, day, tz) : []),
    [db, siteId, day, tz],
  )
  const before = useCacheQuery(
    async () => (day ? (await meterReadings(db, siteId, meter, tz, 14, day)).reverse() : []),
    [db, siteId, meter, day, tz],
  )

  useEffect(() => {
    if (focusTick === 0) return
    const kwh = form.current?.elements.namedItem('energy_kwh')
    if (kwh instanceof HTMLInputElement) {
      kwh.focus()
      kwh.select()
    }
  }, [focusTick])

  if (!site || !units || !recent || day === null || !onDay || !before)
    return <PageSkeleton rows={8} />

  const meters: Meter[] = ['', ...units.map((u) => u.id)]
  const unit = units.find((u) => u.id === meter)
  const meterName = (m: Meter) => units.find((u) => u.id === m)?.name ?? 'Site meter'
  const billingMeter: Meter = site.billing_meter_id ?? ''
  const adjustment = state.adjustment
  const existing = adjustment || customPeriod ? undefined : readingOn(onDay, meter, day, tz)
  const previous = before.at(-1)
  const format = (n: number | null) => inputText(n, locale)
  const initial = initialValues({ existing, previous, adjustment }, format)
  const values = shownValues(state, initial)
  const message = visibleMessage(state)
  const future = day !== '' && day > today

  const periodHours = day === '' || future ? 24 : siteDayHours(day, tz)
  const typedKwh = parseNumber(values.energy_kwh, locale)
  const warnings =
    adjustment || customPeriod || !typedKwh.ok || typedKwh.value === null
      ? []
      : plausibilityWarnings({
          kwh: typedKwh.value,
          hours: periodHours,
          ratedKw: unit ? unit.rated_power_kw : site.capacity_kw,
          meterName: meterName(meter),
          history: before.map((r) => r.energy_kwh),
        })

  async function save() {
    if (!site) return
    const fieldErrors: FieldErrors = {}
    if (!customPeriod) {
      if (day === '' || day === null)
        fieldErrors.period_start = 'Enter the whole date of the reading'
      else if (day > today)
        fieldErrors.period_start = `${dayLabel(day)} has not happened yet at ${site.name} (today there is ${dayLabel(today)}).`
    }
    const fields = existing ? changedFields(state, initial) : undefined
    const read = readValues(
      values,
      fields ?? ['energy_kwh', 'gas_volume_mcf', 'runtime_hours', 'notes'],
      locale,
    )
    if (!read.ok) Object.assign(fieldErrors, read.errors)
    const toIso = (local: string) =>
      local && !Number.isNaN(Date.parse(local)) ? new Date(local).toISOString() : ''
    if (customPeriod && toIso(customEnd) && Date.parse(toIso(customEnd)) > Date.now())
      fieldErrors.period_end = 'The period cannot end in the future'
    if (Object.keys(fieldErrors).length > 0 || !read.ok) {
      setErrors(fieldErrors)
      return
    }
    const savedDay = day as string
    const name = meterName(meter)
    if (existing && fields && fields.length === 0) {
      setErrors({})
      dispatch({
        type: 'saved',
        message: {
          meter,
          day: savedDay,
          text: `Nothing changed for ${name}, ${dayLabel(savedDay)}.`,
        },
        next: { meter, day: savedDay },
      })
      setFocusTick((t) => t + 1)
      return
    }
    const result = await run((ctx) =>
      existing
        ? updateRow(ctx, 'energy_production', existing.id, read.patch)
        : createRow(ctx, 'energy_production', {
            site_id: siteId,
            equipment_id: meter || null,
            period_start: customPeriod ? toIso(customStart) : startOfSiteDay(savedDay, tz),
            period_end: customPeriod ? toIso(customEnd) : startOfSiteDay(addDays(savedDay, 1), tz),
            ...read.patch,
            organization_id: site.organization_id,
            source: adjustment ? 'adjustment' : 'manual',
          }),
    )
    if (!result) return
    const kwh = result.energy_kwh.toLocaleString('en-US')
    const what = adjustment ? 'correction' : existing ? 'changes' : ''
    let text = `Saved ${what ? `${what} ` : ''}${name}, ${dayLabel(savedDay)}: ${kwh} kWh.`
    let next: { meter: Meter; day: string | null } = { meter, day: savedDay }
    if (!adjustment && !customPeriod) {
      const taken = new Set(
        (await readingsOnDay(db, siteId, savedDay, tz)).filter(isDailyReading).map(meterOf),
      )
      const stop = nextStop({
        round,
        meters,
        meter,
        day: savedDay,
        today,
        has: (m, d) => d === savedDay && taken.has(m),
      })
      next = { meter: stop.meter, day: stop.day }
      text += stop.done
        ? round === 'meters'
          ? ' Every meter is entered up to today.'
          : ` ${name} is entered up to today.`
        : ` Next: ${meterName(stop.meter)}, ${dayLabel(stop.day)}.`
    }
    dispatch({ type: 'saved', message: { meter: next.meter, day: savedDay, text }, next })
    setFocusTick((t) => t + 1)
    notify.saved(online, adjustment ? 'Correction saved' : 'Reading saved')
  }

  const dayHint = existing
    ? `${meterName(meter)} already has a reading for ${dayLabel(day)}: saving changes only the fields you edit.`
    : adjustment
      ? 'A correction is added to this day as a signed kWh delta; it carries no other values.'
      : undefined

  return (
    <section aria-labelledby="entry-title">
      <PageHeader
        title={`Daily readings: ${site.name}`}
        id="entry-title"
        crumbs={[
          { label: 'Sites', href: href('sites') },
          { label: site.name, href: href('sites', siteId) },
        ]}
        description="Enter saves the reading and moves on with the cursor in Energy. Values that look wrong are flagged, never blocked."
        actions={
          <Button
            component="a"
            variant="default"
            href={href('energy')}
            leftSection={<IconTable size={16} aria-hidden />}
          >
            All readings
          </Button>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7, xl: 6, xxl: 5 }}>
          <Paper withBorder p="md">
            <form
              ref={form}
              id="entry-form"
              aria-label="Enter a reading"
              // The app's own messages replace the browser's (a future day is explained, not blocked silently).
              noValidate
              onSubmit={(e) => {
                e.preventDefault()
                void save()
              }}
            >
              <Stack gap="md">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <SelectField
                    label="Meter"
                    hint={
                      meter === billingMeter
                        ? 'The billing meter: invoices and credits are checked against it.'
                        : `A sub-meter: set against the billing meter (${meterName(billingMeter)}), not billed.`
                    }
                    value={meter}
                    onChange={(m) => {
                      setErrors({})
                      dispatch({ type: 'meter', meter: m })
                    }}
                    data={meters.map((m) => ({ value: m, label: meterName(m) }))}
                  />
                  <SelectField
                    label="After saving, go to"
                    value={round}
                    onChange={(r) => setRound(r as Round)}
                    data={[
                      { value: 'meters', label: 'the next meter, same day' },
                      { value: 'days', label: 'the next day, same meter' },
                    ]}
                  />
                </SimpleGrid>
                <Group gap="xl">
                  <Checkbox
                    label="Correction (adjustment with a reason)"
                    checked={adjustment}
                    onChange={(e) => dispatch({ type: 'adjustment', on: e.currentTarget.checked })}
                  />
                  <Checkbox
                    label="Custom period"
                    checked={customPeriod}
                    onChange={(e) => setCustomPeriod(e.currentTarget.checked)}
                  />
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  {customPeriod ? (
                    <>
                      <TextField
                        label="Period start"
                        error={errors.period_start}
                        type="datetime-local"
                        value={customStart}
                        onChange={setCustomStart}
                      />
                      <TextField
                        label="Period end"
                        error={errors.period_end}
                        type="datetime-local"
                        value={customEnd}
                        onChange={setCustomEnd}
                      />
                    </>
                  ) : (
                    <TextField
                      label="Day"
                      error={errors.period_start ?? errors.period_end}
                      hint={dayHint}
                      type="date"
                      max={today}
                      value={day}
                      onChange={(d) => {
                        setErrors({})
                        dispatch({ type: 'day', day: d })
                      }}
                    />
                  )}
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  {NUMBER_FIELDS.map(({ field, label, unit: fieldUnit }) => (
                    <NumberField
                      key={field}
                      label={label}
                      unit={fieldUnit}
                      name={field}
                      error={errors[field]}
                      maxLength={NUMBER_MAX_LENGTH}
                      placeholder={
                        field === 'energy_kwh' && previous && !existing && !adjustment
                          ? `previous: ${format(previous.energy_kwh)}`
                          : undefined
                      }
                      value={values[field]}
                      onChange={(v) => dispatch({ type: 'edit', field, value: v })}
                      autoFocus={field === 'energy_kwh'}
                    />
                  ))}
                </SimpleGrid>
                <TextField
                  label={adjustment ? 'Reason for the correction' : 'Notes'}
                  name="notes"
                  error={errors.notes}
                  maxLength={NOTES_MAX}
                  value={values.notes}
                  onChange={(v) => dispatch({ type: 'edit', field: 'notes', value: v })}
                />
                {warnings.map((w) => (
                  <Alert
                    key={w.kind}
                    role="status"
                    color="yellow"
                    icon={<IconAlertTriangle size={18} aria-hidden />}
                    py="xs"
                  >
                    Check: {w.message}
                  </Alert>
                ))}
                {error ? (
                  <Alert role="alert" color="red" py="xs">
                    {error}
                  </Alert>
                ) : null}
                <Group>
                  <Button
                    type="submit"
                    loading={saving}
                    leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                  >
                    Save reading
                  </Button>
                </Group>
                {message ? (
                  <Alert
                    role="status"
                    data-testid="entry-message"
                    color={message.startsWith('Nothing changed') ? 'gray' : 'teal'}
                    icon={
                      message.startsWith('Nothing changed') ? (
                        <IconInfoCircle size={18} aria-hidden />
                      ) : (
                        <IconCircleCheck size={18} aria-hidden />
                      )
                    }
                    py="xs"
                  >
                    {message}
                  </Alert>
                ) : null}
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5, xl: 6, xxl: 7 }}>
          <Paper withBorder p="md">
            <Title order={2} fz="lg" mb="sm">
              Last readings: {meterName(meter)}
            </Title>
            {recent.length === 0 ? (
              <EmptyState title={`No readings for ${meterName(meter)} yet`}>
                Type the first one in the form: it is saved on this laptop at once and reaches the
                office with the next sync.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={420}>
                <Table aria-label="Last readings" style={NUMERIC}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Day</Table.Th>
                      <Table.Th scope="col" ta="right">
                        Energy (kWh)
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Gas (mcf)
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        Runtime (h)
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {recent.map((r) => (
                      <Table.Tr key={r.id} data-testid="reading-row">
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Anchor href={href('energy', 'reading', r.id)} size="sm">
                              {siteDay(r.period_start, tz)}
                            </Anchor>
                            <RowMark state={r._state} />
                          </Group>
                        </Table.Td>
                        <Table.Td ta="right">{r.energy_kwh.toLocaleString('en-US')}</Table.Td>
                        <Table.Td ta="right">
                          {r.gas_volume_mcf === null ? (
                            <Text span c="dimmed" size="sm">
                              —
                            </Text>
                          ) : (
                            r.gas_volume_mcf.toLocaleString('en-US')
                          )}
                        </Table.Td>
                        <Table.Td ta="right">
                          {r.runtime_hours === null ? (
                            <Text span c="dimmed" size="sm">
                              —
                            </Text>
                          ) : (
                            r.runtime_hours.toLocaleString('en-US')
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </section>
  )
}
