import { Badge, Group, Stack, Text, Title } from '@mantine/core'
import { IconCheck } from '@tabler/icons-react'
import { useState } from 'react'
import type { EquipmentRow, SiteRow } from '../../../../shared/schema/tables'
import { useSyncStatus } from '../../app/context'
import { updateRow } from '../../store/writes'
import { SelectField } from '../../ui/Field'
import { notify } from '../../ui/notify'
import { useWrite } from '../useWrite'

/**
 * Which meter bills the site. Invoices and carbon credits are reconciled against it; every
 * other meter is a sub-meter, checked against it as a meter balance. Only the office changes
 * it (the database refuses anyone else).
 */
export function BillingMeter({
  site,
  units,
  canChoose,
  userId,
}: {
  site: SiteRow
  units: readonly EquipmentRow[]
  canChoose: boolean
  userId: string
}) {
  const online = useSyncStatus((s) => s.online)
  const { run, errors, error, saving } = useWrite(userId)
  const [saved, setSaved] = useState(false)
  const current = site.billing_meter_id ?? ''
  const meters = units.filter((u) => u.kind === 'generator' || u.id === current)
  const name = (id: string) =>
    id ? (units.find((u) => u.id === id)?.name ?? 'a unit') : 'Site meter'
  const subs = ['', ...meters.map((m) => m.id)].filter((m) => m !== current)
  return (
    <Stack component="section" aria-labelledby="billing-meter-title" gap="sm">
      <Group justify="space-between" gap="xs">
        <Title order={2} fz="lg" id="billing-meter-title">
          Meters
        </Title>
        <Badge color="blue" variant="light">
          {subs.length + 1} meter{subs.length === 0 ? '' : 's'}
        </Badge>
      </Group>
      <Text size="sm" data-testid="billing-meter">
        Billing meter: <strong>{name(current)}</strong>. Sub-meters:{' '}
        {subs.map(name).join(', ') || 'none'}. Invoices and credits are checked against the billing
        meter; the sub-meters' sum is set against it as a meter balance.
      </Text>
      {canChoose ? (
        <SelectField
          label="Billing meter"
          hint="Changing it changes what every month's invoice is checked against."
          error={errors.billing_meter_id ?? error ?? undefined}
          value={current}
          disabled={saving}
          onChange={(v) => {
            const value = v || null
            setSaved(false)
            void run((ctx) => updateRow(ctx, 'sites', site.id, { billing_meter_id: value })).then(
              (r) => {
                setSaved(Boolean(r))
                if (r) notify.saved(online, 'Billing meter saved')
              },
            )
          }}
          data={[
            { value: '', label: 'Site meter (readings without a unit)' },
            ...meters.map((m) => ({ value: m.id, label: m.name })),
          ]}
        />
      ) : null}
      {saved ? (
        <Group gap={6} wrap="nowrap" role="status">
          <IconCheck size={16} aria-hidden color="var(--mantine-color-teal-8)" />
          <Text size="sm">Billing meter saved; it reaches the office at the next sync.</Text>
        </Group>
      ) : null}
    </Stack>
  )
}
