import { AreaChart } from '@mantine/charts'
import type { AreaChartSeries } from '@mantine/charts'
import { Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core'
import { IconChartAreaLine } from '@tabler/icons-react'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useServices } from '../../app/context'
import { EmptyState } from '../../ui/Empty'
import { dailyByMeterRole, kwhText } from './energy-math'
import { dayTick, dayTooltip } from './chart-format'
import { getEquipment, getSite } from '../../store/queries'
import { readingsSince } from './queries'
import { AVERAGE_DAYS, trailingAverage } from './trailing-average'
import { dayLabel, eachDay } from '../../../../shared/site-time'

const CHART_HEIGHT = 260

interface ChartDay {
  day: string
  /** The billing meter's kWh; null on a day without any reading (a gap, not a zero). */
  production: number | null
  /** Mean of the readings of the last seven days up to this one (the days that have one). */
  average: number | null
  subMeters: number | null
}

/**
 * Every calendar day from the first reading to the last, with the 7-day trailing average. A
 * day nobody read stays empty, so a gap in the line is a missing reading, never a zero.
 */
function withTrailingAverage(
  rows: readonly { day: string; billing: number; subMeters: number }[],
): ChartDay[] {
  const first = rows[0]
  const last = rows.at(-1)
  if (!first || !last) return []
  const byDay = new Map(rows.map((r) => [r.day, r]))
  const days = eachDay(first.day, last.day)
  const production = days.map((day) => byDay.get(day)?.billing ?? null)
  const average = trailingAverage(production)
  return days.map((day, i) => ({
    day,
    production: production[i]!,
    average: average[i] === null ? null : Math.round(average[i]!),
    subMeters: byDay.get(day)?.subMeters ?? null,
  }))
}

/**
 * Daily kWh of one site on its billing meter against the 7-day trailing average, and the
 * sub-meters' sum beside it (never added to it: the billing meter already measured what they
 * did).
 */
export function EnergyChart({ siteId, days }: { siteId: string; days: number }) {
  const { db } = useServices()
  const data = useCacheQuery(async () => {
    const site = await getSite(db, siteId)
    const since = new Date(Date.now() - days * 86_400_000).toISOString()
    const readings = await readingsSince(db, since, siteId)
    const billing = site?.billing_meter_id ?? ''
    const meter = billing ? ((await getEquipment(db, billing))?.name ?? 'a unit') : 'Site meter'
    const rows = withTrailingAverage(dailyByMeterRole(readings, site?.timezone ?? 'UTC', billing))
    return { rows, meter }
  }, [db, siteId, days])
  if (!data)
    return (
      <Stack gap={4} aria-busy="true">
        <VisuallyHidden>Loading the daily energy chart…</VisuallyHidden>
        <Skeleton height={CHART_HEIGHT} />
      </Stack>
    )
  if (data.rows.length === 0)
    return (
      <EmptyState
        title={`No readings in the last ${days} days`}
        icon={<IconChartAreaLine size={24} aria-hidden />}
      >
        Enter this site’s daily readings (Enter readings); the chart fills in as they are saved.
      </EmptyState>
    )
  const hasSub = data.rows.some((r) => (r.subMeters ?? 0) !== 0)
  const latest = [...data.rows].reverse().find((r) => r.production !== null)
  const series: AreaChartSeries[] = [
    { name: 'production', label: `Billing meter (${data.meter})`, color: 'blue.7' },
    {
      name: 'average',
      label: `${AVERAGE_DAYS}-day average`,
      color: 'orange.7',
      strokeDasharray: '6 4',
    },
    ...(hasSub
      ? [
          {
            name: 'subMeters',
            label: 'Sub-meters (sum)',
            color: 'grape.7',
            strokeDasharray: '2 3',
          },
        ]
      : []),
  ]
  return (
    <figure style={{ margin: 0 }} aria-label={`Daily energy for the last ${days} days`}>
      <AreaChart
        h={CHART_HEIGHT}
        data={data.rows}
        dataKey="day"
        series={series}
        curveType="linear"
        withDots={false}
        connectNulls={false}
        withLegend
        legendProps={{ verticalAlign: 'top', height: 36 }}
        gridAxis="y"
        valueFormatter={kwhText}
        yAxisProps={{
          width: 56,
          tickFormatter: (v: number) =>
            Math.abs(v) >= 1000 ? `${Math.round(v / 1000).toLocaleString('en-US')}k` : String(v),
        }}
        // Ticks say "May 3"; the tooltip gives the whole day with its year.
        xAxisProps={{
          minTickGap: 32,
          tickFormatter: dayTick,
        }}
        tooltipProps={{
          labelFormatter: dayTooltip,
        }}
        areaProps={(s) => (s.name === 'production' ? {} : { fillOpacity: 0 })}
      />
      <Text component="figcaption" size="sm" c="dimmed" mt="xs">
        kWh per site-local day on the billing meter ({data.meter}), with its {AVERAGE_DAYS}-day
        trailing average
        {hasSub ? '; sub-meters shown beside it, not added to it' : ''}.
        {latest
          ? ` Last reading ${dayLabel(latest.day)}: ${kwhText(latest.production!)}${
              latest.average !== null ? ` (average ${kwhText(latest.average)})` : ''
            }.`
          : ''}
      </Text>
    </figure>
  )
}
