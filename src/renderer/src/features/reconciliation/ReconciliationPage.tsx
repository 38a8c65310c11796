import { useCacheQuery } from '../../ui/use-cache-query'
import { useMemo, useState } from 'react'
import { useServices, useSyncStatus } from '../../app/context'
import { downloadFile } from '../../ui/download'
import { formatDateTime } from '../../ui/format'
import { serverProblemInWords } from '../../ui/server-cache'
import { usePeople } from '../../ui/people'
import { useLedger } from './ledger'
import { CloseMonthDialog, ReopenDialog } from './PeriodDialogs'
import type { MeterId, MonthLine, Totals } from './reconcile'
import {
  METER_BALANCE_TOLERANCE,
  TOLERANCE,
  linesToCsv,
  openItems,
  percent as pct,
  reconcileMonth,
  totalsOf,
} from './reconcile'
import { lastMonths, monthLabel, siteDay } from '../../../../shared/site-time'
import { listEquipment, listPeriodCloses, listSites } from '../../store/queries'
import { readingsSince } from '../energy/queries'

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const money = (n: number, currency: string | null) =>
  currency && currency !== 'mixed'
    ? new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(n)
    : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const tco2e = (n: number) =>
  `${n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} tCO2e`
const ratio = (a: number, b: number) => (b === 0 ? null : (a - b) / b)
const inWords = (e: unknown) => serverProblemInWords(e instanceof Error ? e.message : String(e))

type Pending = { kind: 'close' | 'reopen'; siteId: string; month: string }

/**
 * Monthly production of each site's billing meter against invoices and carbon credits, with
 * the sub-meters' meter balance, completeness, totals and period close.
 */
export function ReconciliationPage() {
  const { db, server, engine } = useServices()
  const online = useSyncStatus((s) => s.online)
  const people = usePeople()
  const [months, setMonths] = useState(3)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  const yesterdayIn = (tz: string) => siteDay(new Date(Date.now() - 86_400_000).toISOString(), tz)
  const yesterday = yesterdayIn('UTC')
  const monthList = useMemo(() => lastMonths(months, yesterday), [months, yesterday])
  const since = monthList.at(-1)!
  const ledger = useLedger(since)
  const sites = useCacheQuery(async () => listSites(db), [db], [])
  const readings = useCacheQuery(
    () => readingsSince(db, new Date(Date.parse(since) - 86_400_000).toISOString()),
    [db, since],
    [],
  )
  const closes = useCacheQuery(() => listPeriodCloses(db), [db], [])
  const units = useCacheQuery(() => listEquipment(db, { withDeleted: true }), [db], [])

  const known = ledger.ledger !== null
  const lines: MonthLine[] = sites.flatMap((s) =>
    monthList.map((m) =>
      reconcileMonth({
        siteId: s.id,
        timeZone: s.timezone,
        month: m,
        billingMeter: s.billing_meter_id ?? '',
        readings,
        invoices: ledger.ledger?.invoices ?? [],
        credits: ledger.ledger?.credits ?? [],
        lastDay: yesterdayIn(s.timezone),
      }),
    ),
  )
  const site = (id: string) => sites.find((s) => s.id === id)
  const name = (id: string) => site(id)?.name ?? id
  const meterName = (meter: MeterId) =>
    meter ? (units.find((u) => u.id === meter)?.name ?? 'a unit not on this device') : 'Site meter'
  const csvNames = {
    site: (id: string) => ({ name: name(id), code: site(id)?.code ?? null }),
    meter: (_site: string, meter: MeterId) => meterName(meter),
  }
  const closeOf = (siteId: string, month: string) =>
    closes.find((c) => c.site_id === siteId && c.month === month)
  const unsyncedIn = (line: MonthLine) => {
    const tz = site(line.siteId)?.timezone ?? 'UTC'
    return readings.filter(
      (r) =>
        r.site_id === line.siteId &&
        r._state !== 'synced' &&
        siteDay(r.period_start, tz).slice(0, 7) === line.month.slice(0, 7),
    ).length
  }

  async function closePeriod(siteId: string, month: string) {
    setBusy(true)
    try {
      await server.closePeriod(siteId, month)
      setPending(null)
      await engine.sync()
    } catch (e) {
      setError(`${monthLabel(month)} was not closed: ${inWords(e)}`)
    } finally {
      setBusy(false)
    }
  }
  async function reopenPeriod(siteId: string, month: string, reason: string) {
    setBusy(true)
    try {
      await server.reopenPeriod(siteId, month, reason)
      setPending(null)
      await engine.sync()
    } catch (e) {
      setError(`${monthLabel(month)} was not reopened: ${inWords(e)}`)
    } finally {
      setBusy(false)
    }
  }

  const pendingLine = pending
    ? lines.find((l) => l.siteId === pending.siteId && l.month === pending.month)
    : undefined
  const flagged = (d: number | null, present: boolean) =>
    !known ? '' : !present || (d !== null && Math.abs(d) > TOLERANCE) ? 'diff' : ''
  const unknown = ledger.status === 'loading' ? '…' : 'unknown'

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
      <LedgerNote state={ledger} />
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
            <th scope="col">Invoice</th>
            <th scope="col">Δ invoice</th>
            <th scope="col">Gas mcf</th>
            <th scope="col">Credits</th>
            <th scope="col">Δ credits</th>
            <th scope="col">Readings</th>
            <th scope="col">Period</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const close = closeOf(l.siteId, l.month)
            return (
              <tr key={`${l.siteId}-${l.month}`} data-testid="recon-row">
                <td>{name(l.siteId)}</td>
                <td>{monthLabel(l.month)}</td>
                <td>
                  {int(l.producedKwh)}
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
                      {int(l.subMeterKwh)}
                      <div>meter balance {pct(l.meterBalance)}</div>
                      <details>
                        <summary>{l.subMeters.length} sub-meters</summary>
                        <ul>
                          {l.subMeters.map((m) => (
                            <li key={m.meter}>
                              {meterName(m.meter)}: {int(m.kwh)} kWh
                            </li>
                          ))}
                        </ul>
                      </details>
                    </>
                  )}
                </td>
                <td
                  className={flagged(l.invoiceDiff, l.invoicedKwh !== null)}
                  data-testid="invoice"
                >
                  {!known ? (
                    unknown
                  ) : l.invoicedKwh === null ? (
                    'no invoice'
                  ) : (
                    <>
                      {l.invoiceNumbers.join(', ')}
                      <div>{int(l.invoicedKwh)} kWh</div>
                      <div>{money(l.invoiceAmount ?? 0, l.currency)}</div>
                    </>
                  )}
                </td>
                <td className={flagged(l.invoiceDiff, true)} data-testid="invoice-diff">
                  {known ? pct(l.invoiceDiff) : unknown}
                </td>
                <td>{int(l.gasMcf)}</td>
                <td className={flagged(l.creditDiff, l.creditedMcf !== null)} data-testid="credits">
                  {!known ? (
                    unknown
                  ) : l.creditedMcf === null ? (
                    'no credits'
                  ) : (
                    <>
                      {int(l.creditedMcf)} mcf
                      <div>{tco2e(l.creditsTco2e ?? 0)}</div>
                    </>
                  )}
                </td>
                <td className={flagged(l.creditDiff, true)}>
                  {known ? pct(l.creditDiff) : unknown}
                </td>
                <td className={l.missing.length > 0 ? 'diff' : ''}>
                  {l.capturedDays}/{l.expectedDays}
                  {l.missing.length > 0 ? (
                    <details>
                      <summary>{l.missing.length} missing</summary>
                      {l.missing.join(', ')}
                    </details>
                  ) : null}
                </td>
                <td data-testid="period">
                  {close?.status === 'closed' ? (
                    <>
                      <div>
                        Closed by {people.name(close.closed_by)}, {formatDateTime(close.closed_at)}
                      </div>
                      <button
                        type="button"
                        className="button"
                        disabled={!online}
                        title={online ? undefined : 'Reopening needs a connection'}
                        onClick={() => {
                          setError(null)
                          setPending({ kind: 'reopen', siteId: l.siteId, month: l.month })
                        }}
                      >
                        Reopen…
                      </button>
                    </>
                  ) : (
                    <>
                      {close?.status === 'reopened' ? (
                        <div>
                          Reopened by {people.name(close.reopened_by)},{' '}
                          {formatDateTime(close.reopened_at)}: “{close.reason}”
                        </div>
                      ) : null}
                      <button
                        type="button"
                        className="button"
                        disabled={!online}
                        title={online ? undefined : 'Closing needs a connection'}
                        onClick={() => {
                          setError(null)
                          setPending({ kind: 'close', siteId: l.siteId, month: l.month })
                        }}
                      >
                        Close month…
                      </button>
                    </>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <TotalsTable
        known={known}
        rows={[
          ...sites.map((s) => ({
            scope: `${s.name}, ${monthList.length} months`,
            totals: totalsOf(lines.filter((l) => l.siteId === s.id)),
          })),
          ...[...monthList].reverse().map((m) => ({
            scope: `${monthLabel(m)}, all sites`,
            totals: totalsOf(lines.filter((l) => l.month === m)),
          })),
          { scope: 'Overall', totals: totalsOf(lines) },
        ]}
      />
      {pending?.kind === 'close' && pendingLine ? (
        <CloseMonthDialog
          siteName={name(pending.siteId)}
          month={pending.month}
          open={openItems(pendingLine, {
            unsyncedEdits: unsyncedIn(pendingLine),
            ledgerKnown: ledger.status === 'fresh',
          })}
          busy={busy}
          onConfirm={() => void closePeriod(pending.siteId, pending.month)}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {pending?.kind === 'reopen' ? (
        <ReopenDialog
          siteName={name(pending.siteId)}
          month={pending.month}
          busy={busy}
          error={error}
          onConfirm={(reason) => void reopenPeriod(pending.siteId, pending.month, reason)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </section>
  )
}

function LedgerNote({ state }: { state: ReturnType<typeof useLedger> }) {
  if (state.status === 'fresh') return null
  if (state.status === 'loading')
    return (
      <p role="status" className="muted">
        Loading invoices and credits from the server…
        {state.fetchedAt
          ? ` Showing this device's copy of ${formatDateTime(state.fetchedAt)} meanwhile.`
          : ''}
      </p>
    )
  return (
    <p role="status" className="offline-note" data-testid="ledger-note">
      Invoices and credits are on the server, and{' '}
      {state.problem?.toLowerCase() ?? 'it cannot be reached'}.{' '}
      {state.fetchedAt
        ? `Showing what this device last fetched, ${formatDateTime(state.fetchedAt)}.`
        : 'This device has no copy yet: invoice and credit columns are unknown.'}{' '}
      Metered figures are this device's own and up to date with its last sync.
    </p>
  )
}

function TotalsTable({
  rows,
  known,
}: {
  rows: { scope: string; totals: Totals }[]
  known: boolean
}) {
  return (
    <>
      <h2 id="totals-title">Totals</h2>
      <table className="table" aria-labelledby="totals-title">
        <thead>
          <tr>
            <th scope="col">Scope</th>
            <th scope="col">Billing meter kWh</th>
            <th scope="col">Sub-meters kWh</th>
            <th scope="col">Invoices</th>
            <th scope="col">Invoiced kWh</th>
            <th scope="col">Amount</th>
            <th scope="col">Δ invoiced months</th>
            <th scope="col">Gas mcf</th>
            <th scope="col">Credited mcf</th>
            <th scope="col">tCO2e</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ scope, totals: t }) => (
            <tr
              key={scope}
              data-testid="total-row"
              className={scope === 'Overall' ? 'recon-totals' : undefined}
            >
              <th scope="row">{scope}</th>
              <td>{int(t.producedKwh)}</td>
              <td>{int(t.subMeterKwh)}</td>
              <td>{known ? t.invoices : '—'}</td>
              <td>{known ? int(t.invoicedKwh) : '—'}</td>
              <td>{known ? money(t.invoiceAmount, t.currency) : '—'}</td>
              <td>{known ? pct(ratio(t.invoicedKwh, t.producedInvoicedKwh)) : '—'}</td>
              <td>{int(t.gasMcf)}</td>
              <td>{known ? int(t.creditedMcf) : '—'}</td>
              <td>{known ? tco2e(t.creditsTco2e) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
