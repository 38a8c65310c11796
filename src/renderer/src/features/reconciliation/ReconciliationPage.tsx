import { Alert, Badge, Button, Paper, Stack, Table, Text, Title } from '@mantine/core'
import { IconCloudOff, IconFileSpreadsheet, IconLock, IconLockOpen } from '@tabler/icons-react'
import { useCacheQuery } from '../../ui/use-cache-query'
import { FilterBar, ValueFilter } from '../../ui/Filters'
import { PageHeader } from '../../ui/PageHeader'
import { DifferenceChart } from '../../app/lazy-charts'
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

/** A figure outside tolerance: tinted, and marked for tests and assistive tech alike. */
const flag = (on: boolean) =>
  on ? { bg: 'var(--mantine-color-red-light)', 'data-flagged': 'true' } : {}

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
    known && (!present || (d !== null && Math.abs(d) > TOLERANCE))
  const unknown = ledger.status === 'loading' ? '…' : 'unknown'

  return (
    <section aria-labelledby="recon-title">
      <PageHeader
        title="Reconciliation"
        id="recon-title"
        actions={
          <Button
            variant="default"
            leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
            onClick={() =>
              downloadFile('reconciliation.csv', linesToCsv(lines, csvNames), 'text/csv')
            }
          >
            Export CSV
          </Button>
        }
      />
      <FilterBar>
        <ValueFilter
          label="Months"
          any="—"
          values={['1', '3', '6', '12']}
          value={String(months)}
          onChange={(v) => setMonths(Number(v) || 3)}
        />
      </FilterBar>
      <Stack gap="sm" mb="md">
        <LedgerNote state={ledger} />
        {error ? (
          <Alert role="alert" color="red">
            {error}
          </Alert>
        ) : null}
      </Stack>
      {known && lines.length > 0 ? (
        <Paper withBorder p="md" mb="lg">
          <DifferenceChart lines={lines} months={monthList} siteName={name} />
        </Paper>
      ) : null}
      <Table.ScrollContainer minWidth={1200}>
        <Table
          withColumnBorders
          stickyHeader
          aria-label="Reconciliation per site and month"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Site</Table.Th>
              <Table.Th scope="col">Month</Table.Th>
              <Table.Th scope="col">Billing meter kWh</Table.Th>
              <Table.Th scope="col">Sub-meters kWh</Table.Th>
              <Table.Th scope="col">Invoice</Table.Th>
              <Table.Th scope="col">Δ invoice</Table.Th>
              <Table.Th scope="col">Gas mcf</Table.Th>
              <Table.Th scope="col">Credits</Table.Th>
              <Table.Th scope="col">Δ credits</Table.Th>
              <Table.Th scope="col">Readings</Table.Th>
              <Table.Th scope="col">Period</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l) => {
              const close = closeOf(l.siteId, l.month)
              return (
                <Table.Tr key={`${l.siteId}-${l.month}`} data-testid="recon-row">
                  <Table.Td>{name(l.siteId)}</Table.Td>
                  <Table.Td>{monthLabel(l.month)}</Table.Td>
                  <Table.Td ta="right">
                    {int(l.producedKwh)}
                    <Text size="xs" c="dimmed">
                      {meterName(l.billingMeter)}
                    </Text>
                  </Table.Td>
                  <Table.Td
                    {...flag(
                      l.meterBalance !== null && Math.abs(l.meterBalance) > METER_BALANCE_TOLERANCE,
                    )}
                    ta="right"
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
                  </Table.Td>
                  <Table.Td
                    {...flag(flagged(l.invoiceDiff, l.invoicedKwh !== null))}
                    ta="right"
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
                  </Table.Td>
                  <Table.Td
                    {...flag(flagged(l.invoiceDiff, true))}
                    ta="right"
                    data-testid="invoice-diff"
                  >
                    {known ? pct(l.invoiceDiff) : unknown}
                  </Table.Td>
                  <Table.Td ta="right">{int(l.gasMcf)}</Table.Td>
                  <Table.Td
                    {...flag(flagged(l.creditDiff, l.creditedMcf !== null))}
                    ta="right"
                    data-testid="credits"
                  >
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
                  </Table.Td>
                  <Table.Td {...flag(flagged(l.creditDiff, true))} ta="right">
                    {known ? pct(l.creditDiff) : unknown}
                  </Table.Td>
                  <Table.Td {...flag(l.missing.length > 0)} ta="right">
                    {l.capturedDays}/{l.expectedDays}
                    {l.missing.length > 0 ? (
                      <details>
                        <summary>{l.missing.length} missing</summary>
                        {l.missing.join(', ')}
                      </details>
                    ) : null}
                  </Table.Td>
                  <Table.Td data-testid="period">
                    {close?.status === 'closed' ? (
                      <>
                        <Badge color="gray" leftSection={<IconLock size={12} aria-hidden />}>
                          Closed
                        </Badge>
                        <div>
                          Closed by {people.name(close.closed_by)},{' '}
                          {formatDateTime(close.closed_at)}
                        </div>
                        <Button
                          size="xs"
                          variant="default"
                          mt={4}
                          leftSection={<IconLockOpen size={14} aria-hidden />}
                          disabled={!online}
                          title={online ? undefined : 'Reopening needs a connection'}
                          onClick={() => {
                            setError(null)
                            setPending({ kind: 'reopen', siteId: l.siteId, month: l.month })
                          }}
                        >
                          Reopen…
                        </Button>
                      </>
                    ) : (
                      <>
                        {close?.status === 'reopened' ? (
                          <div>
                            Reopened by {people.name(close.reopened_by)},{' '}
                            {formatDateTime(close.reopened_at)}: “{close.reason}”
                          </div>
                        ) : null}
                        <Button
                          size="xs"
                          variant="light"
                          mt={4}
                          leftSection={<IconLock size={14} aria-hidden />}
                          disabled={!online}
                          title={online ? undefined : 'Closing needs a connection'}
                          onClick={() => {
                            setError(null)
                            setPending({ kind: 'close', siteId: l.siteId, month: l.month })
                          }}
                        >
                          Close month…
                        </Button>
                      </>
                    )}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
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
      <Text role="status" c="dimmed" size="sm">
        Loading invoices and credits from the server…
        {state.fetchedAt
          ? ` Showing this device's copy of ${formatDateTime(state.fetchedAt)} meanwhile.`
          : ''}
      </Text>
    )
  return (
    <Alert role="status" color="gray" icon={<IconCloudOff aria-hidden />} data-testid="ledger-note">
      Invoices and credits are on the server, and{' '}
      {state.problem?.toLowerCase() ?? 'it cannot be reached'}.{' '}
      {state.fetchedAt
        ? `Showing what this device last fetched, ${formatDateTime(state.fetchedAt)}.`
        : 'This device has no copy yet: invoice and credit columns are unknown.'}{' '}
      Metered figures are this device's own and up to date with its last sync.
    </Alert>
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
      <Title order={2} fz="lg" id="totals-title" mt="lg" mb="sm">
        Totals
      </Title>
      <Table.ScrollContainer minWidth={1100}>
        <Table
          withColumnBorders
          aria-labelledby="totals-title"
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col">Billing meter kWh</Table.Th>
              <Table.Th scope="col">Sub-meters kWh</Table.Th>
              <Table.Th scope="col">Invoices</Table.Th>
              <Table.Th scope="col">Invoiced kWh</Table.Th>
              <Table.Th scope="col">Amount</Table.Th>
              <Table.Th scope="col">Δ invoiced months</Table.Th>
              <Table.Th scope="col">Gas mcf</Table.Th>
              <Table.Th scope="col">Credited mcf</Table.Th>
              <Table.Th scope="col">tCO2e</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ scope, totals: t }) => (
              <Table.Tr
                key={scope}
                data-testid="total-row"
                fw={scope === 'Overall' ? 700 : undefined}
              >
                <Table.Th scope="row">{scope}</Table.Th>
                <Table.Td ta="right">{int(t.producedKwh)}</Table.Td>
                <Table.Td ta="right">{int(t.subMeterKwh)}</Table.Td>
                <Table.Td ta="right">{known ? t.invoices : '—'}</Table.Td>
                <Table.Td ta="right">{known ? int(t.invoicedKwh) : '—'}</Table.Td>
                <Table.Td ta="right">{known ? money(t.invoiceAmount, t.currency) : '—'}</Table.Td>
                <Table.Td ta="right">
                  {known ? pct(ratio(t.invoicedKwh, t.producedInvoicedKwh)) : '—'}
                </Table.Td>
                <Table.Td ta="right">{int(t.gasMcf)}</Table.Td>
                <Table.Td ta="right">{known ? int(t.creditedMcf) : '—'}</Table.Td>
                <Table.Td ta="right">{known ? tco2e(t.creditsTco2e) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  )
}
