import { useState } from 'react'
import type { EquipmentRow, SiteRow } from '../../../../shared/schema/tables'
import { updateRow } from '../../store/writes'
import { Field } from '../../ui/Field'
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
  const { run, errors, error, saving } = useWrite(userId)
  const [saved, setSaved] = useState(false)
  const current = site.billing_meter_id ?? ''
  const meters = units.filter((u) => u.kind === 'generator' || u.id === current)
  const name = (id: string) =>
    id ? (units.find((u) => u.id === id)?.name ?? 'a unit') : 'Site meter'
  const subs = ['', ...meters.map((m) => m.id)].filter((m) => m !== current)
  return (
    <section aria-labelledby="billing-meter-title">
      <h2 id="billing-meter-title">Meters</h2>
      <p data-testid="billing-meter">
        Billing meter: <strong>{name(current)}</strong>. Sub-meters:{' '}
        {subs.map(name).join(', ') || 'none'}. Invoices and credits are checked against the billing
        meter; the sub-meters' sum is set against it as a meter balance.
      </p>
      {canChoose ? (
        <Field label="Billing meter" error={errors.billing_meter_id ?? error ?? undefined}>
          {(p) => (
            <select
              {...p}
              value={current}
              disabled={saving}
              onChange={(e) => {
                const value = e.target.value || null
                setSaved(false)
                void run((ctx) =>
                  updateRow(ctx, 'sites', site.id, { billing_meter_id: value }),
                ).then((r) => setSaved(Boolean(r)))
              }}
            >
              <option value="">Site meter (readings without a unit)</option>
              {meters.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {saved ? (
        <p role="status">Billing meter saved; it reaches the office at the next sync.</p>
      ) : null}
    </section>
  )
}
