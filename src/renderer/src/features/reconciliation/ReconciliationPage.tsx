import { useLiveQuery } from 'dexie-react-hooks'
import { downloadFile } from '../../ui/download'
import { useEffect, useMemo, useState } from 'react'
import { useServices } from '../../app/context'
import { monthLabel } from '../../../../shared/time'
import { localDate } from '../../ui/format'
import type { CreditLike, InvoiceLike, MeterId, MonthLine } from './reconcile'
import {
  METER_BALANCE_TOLERANCE,
  TOLERANCE,
  lastMonths,
  linesToCsv,
  percent as pct,
  reconcileMonth,
} from './reconcile'

/** Monthly production against invoices and carbon credits, completeness, and period close. */
export function ReconciliationPage() {
  const { db, supabase, engine } = useServices()
  const [months, setMonths] = useState(3)
  const [remote, setRemote] = useState<{ invoices: InvoiceLike[]; credits: CreditLike[] } | null>(
    null,
  )
  const [error, setError] = useState<string | null>(null)
  // Completeness counts up to each site's own yesterday: today's reading is not due yet.
  const yesterdayIn = (tz: string) => localDate(new Date(Date.now() - 86_400_000).toISOString(), tz)
  const yesterday = yesterdayIn('UTC')
  const monthList = useMemo(() => lastMonths(months, yesterday), [months, yesterday])
  const sites = useLiveQuery(
    async () =>
      (await db.sites.toArray())
        .filter((s) => !s.deleted_at)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [db],
    [],
  )
  const readings = useLiveQuery(
    () =>
      db.energy_production
        .where('period_start')
        .aboveOrEqual(new Date(Date.parse(monthList.at(-1)!) - 86_400_000).toISOString())
        .toArray(),
    [db, monthList],
    [],
  )
  const closes = useLiveQuery(() => db.period_closes.toArray(), [db], [])
  const units = useLiveQuery(() => db.equipment.toArray(), [db], [])

  useEffect(() => {
    let cancelled = false
    void (async () => {
      const since = monthList.at(-1)!
      const [inv, cr] = await Promise.all([
        supabase
          .schema('business')
          .from('invoices')
          .select(
            'site_id, invoice_number, period_start, energy_kwh, amount, currency, status, deleted_at',
          )
          .gte('period_start', since),
        supabase
          .schema('business')
          .from('carbon_credits')
          .select('site_id, period_start, methane_destroyed_mcf, credits_tco2e, deleted_at')
          .gte('period_start', since),
      ])
      if (cancelled) return
      if (inv.error || cr.error)
        setError(`Invoices and credits need a connection: ${(inv.error ?? cr.error)!.message}`)
      else setRemote({ invoices: inv.data, credits: cr.data })
    })()
    return () => {
      cancelled = true
    }
  }, [supabase, monthList])

  const lines: MonthLine[] = sites.flatMap((s) =>
    monthList.map((m) =>
      reconcileMonth({
        siteId: s.id,
        timeZone: s.timezone,
        month: m,
        billingMeter: s.billing_meter_id ?? '',
        readings,
        invoices: remote?.invoices ?? [],
        credits: remote?.credits ?? [],
        lastDay: yesterdayIn(s.timezone),
      }),
    ),
  )
  const name = (id: string) => sites.find((s) => s.id === id)?.name ?? id
  const meterName = (meter: MeterId) =>
    meter ? (units.find((u) => u.id === meter)?.name ?? 'a unit not on this device') : 'Site meter'
  const csvNames = {
    site: (id: string) => {
      const s = sites.find((x) => x.id === id)
      return { name: s?.name ?? id, code: s?.code ?? null }
    },
    meter: (_site: string, meter: MeterId) => meterName(meter),
  }

  async function closePeriod(siteId: string, month: string) {
    const { error: err } = await supabase
      .schema('business')
      .rpc('close_period', { p_site_id: siteId, p_month: month })
    if (err) setError(err.message)
    else await engine.sync()
  }
  async function reopenPeriod(siteId: string, month: string) {
    const reason = window.prompt(`Why reopen ${monthLabel(month)} for ${name(siteId)}?`)
    if (!reason) return
    const { error: err } = await supabase
      .schema('business')
      .rpc('reopen_period', { p_site_id: siteId, p_month: month, p_reason: reason })
    if (err) setError(err.message)
    else await engine.sync()
  }

  return (
    <section aria-labelledby="recon-title">
      <h1 id="recon-title">Reconciliation</h1>
      <div className="filters">
        <label>
          Months
          <select value={months} onChange={(e) => setMonths(Number(e.target.value))}>
            {[1, 3, 6, 12].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          onClick={() =>
            downloadFile('reconciliation.csv', linesToCsv(lines, csvNames), 'text/csv')
          }
        >
          Export CSV
        </button>
      </div>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Month</th>
            <th scope="col">Billing meter kWh</th>
            <th scope="col">Sub-meters kWh</th>
            <th scope="col">Invoiced kWh</th>
            <th scope="col">Δ invoice</th>
            <th scope="col">Gas mcf</th>
            <th scope="col">Credited mcf</th>
            <th scope="col">Δ credits</th>
            <th scope="col">Readings</th>
            <th scope="col">Period</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const close = closes.find(
              (c) => c.site_id === l.siteId && c.month === l.month && !c.deleted_at,
            )
            const flagged = (d: number | null, present: boolean) =>
              !present || (d !== null && Math.abs(d) > TOLERANCE) ? 'diff' : ''
            return (
              <tr key={`${l.siteId}-${l.month}`} data-testid="recon-row">
                <td>{name(l.siteId)}</td>
                <td>{monthLabel(l.month)}</td>
                <td>
                  {Math.round(l.producedKwh).toLocaleString('en-US')}
                  <div className="muted">{meterName(l.billingMeter)}</div>
                </td>
                <td
                  className={
                    l.meterBalance !== null && Math.abs(l.meterBalance) > METER_BALANCE_TOLERANCE
                      ? 'diff'
                      : ''
                  }
                  data-testid="meter-balance"
                >
                  {l.subMeterKwh === null ? (
                    '—'
                  ) : (
                    <>
                      {Math.round(l.subMeterKwh).toLocaleString('en-US')}
                      <div>meter balance {pct(l.meterBalance)}</div>
                      <details>
                        <summary>{l.subMeters.length} sub-meters</summary>
                        <ul>
                          {l.subMeters.map((m) => (
                            <li key={m.meter}>
                              {meterName(m.meter)}: {Math.round(m.kwh).toLocaleString('en-US')} kWh
                            </li>
                          ))}
                        </ul>
                      </details>
                    </>
                  )}
                </td>
                <td className={flagged(l.invoiceDiff, l.invoicedKwh !== null)}>
                  {l.invoicedKwh === null
                    ? 'no invoice'
                    : Math.round(l.invoicedKwh).toLocaleString()}
                </td>
                <td className={flagged(l.invoiceDiff, true)} data-testid="invoice-diff">
                  {pct(l.invoiceDiff)}
                </td>
                <td>{Math.round(l.gasMcf).toLocaleString()}</td>
                <td className={flagged(l.creditDiff, l.creditedMcf !== null)}>
                  {l.creditedMcf === null
                    ? 'no credits'
                    : Math.round(l.creditedMcf).toLocaleString()}
                </td>
                <td className={flagged(l.creditDiff, true)}>{pct(l.creditDiff)}</td>
                <td className={l.missing.length > 0 ? 'diff' : ''}>
                  {l.capturedDays}/{l.expectedDays}
                  {l.missing.length > 0 ? (
                    <details>
                      <summary>{l.missing.length} missing</summary>
                      {l.missing.join(', ')}
                    </details>
                  ) : null}
                </td>
                <td>
                  {close?.status === 'closed' ? (
                    <button
                      type="button"
                      className="button"
                      onClick={() => void reopenPeriod(l.siteId, l.month)}
                    >
                      Closed · Reopen
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button"
                      onClick={() => void closePeriod(l.siteId, l.month)}
                    >
                      Close month
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
