import { BarChart, LineChart } from '@mantine/charts'
import { Group, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconChartBar } from '@tabler/icons-react'
import { useServices } from '../../app/context'
import { EmptyState } from '../../ui/Empty'
import { useCacheQuery } from '../../ui/use-cache-query'
import { addDays, siteToday, startOfSiteDay } from '../../../../shared/site-time'
import { dayTick, dayTooltip } from '../energy/chart-format'
import { kwhText } from '../energy/energy-math'
import { readingsSince } from '../energy/queries'
import { AVERAGE_DAYS } from '../energy/trailing-average'
import { meanUptime, unitDays } from './unit-history'

const DAYS = 30
const HEIGHT = 200

/**
 * A unit's last 30 site days from its own daily readings: kWh against its 7-day average, and
 * uptime (runtime over the day's hours). A unit nobody meters (a miner) says where its figures
 * would come from instead of drawing an empty chart.
 */
export function UnitCharts({
  equipmentId,
  siteId,
  timeZone,
}: {
  equipmentId: string
  siteId: string
  timeZone: string
}) {
  const { db } = useServices()
  const days = useCacheQuery(async () => {
    const to = siteToday(timeZone)
    const from = addDays(to, -(DAYS - 1))
    // The site's readings of the range, adjustments too (what billing counts), then this unit's.
    const since = startOfSiteDay(addDays(from, -1), timeZone)
    const readings = (await readingsSince(db, since, siteId)).filter(
      (r) => r.equipment_id === equipmentId,
    )
    return unitDays(readings, { from, to, timeZone })
  }, [db, siteId, equipmentId, timeZone])
  if (!days) return <Skeleton height={HEIGHT} aria-label="Loading the unit’s charts" />
  if (days.every((d) => d.kwh === null && d.uptime === null))
    return (
      <EmptyState
        title={`No readings of this unit in the last ${DAYS} days`}
        icon={<IconChartBar size={24} aria-hidden />}
      >
        Its production and uptime are drawn from its own daily readings (kWh and runtime hours),
        entered on the daily entry form or the readings grid.
      </EmptyState>
    )
  const uptime = meanUptime(days)
  return (
    <Stack gap="lg">
      <figure style={{ margin: 0 }} aria-label={`Daily kWh of this unit, last ${DAYS} days`}>
        <Title order={3} fz="md" mb={4}>
          Production
        </Title>
        <LineChart
          h={HEIGHT}
          data={days}
          dataKey="day"
          series={[
            { name: 'kwh', label: 'kWh', color: 'blue.7' },
            {
              name: 'average',
              label: `${AVERAGE_DAYS}-day average`,
              color: 'orange.7',
              strokeDasharray: '6 4',
            },
          ]}
          curveType="linear"
          withDots={false}
          connectNulls={false}
          withLegend
          gridAxis="y"
          valueFormatter={kwhText}
          xAxisProps={{ minTickGap: 32, tickFormatter: dayTick }}
          tooltipProps={{ labelFormatter: dayTooltip }}
        />
        <Text component="figcaption" size="sm" c="dimmed">
          kWh per site-local day, adjustments included; a gap is a day without a reading.
        </Text>
      </figure>
      <figure style={{ margin: 0 }} aria-label={`Daily uptime of this unit, last ${DAYS} days`}>
        <Group justify="space-between" mb={4}>
          <Title order={3} fz="md">
            Uptime
          </Title>
          {uptime !== null ? (
            <Text size="sm" fw={600} data-testid="mean-uptime">
              {uptime.toLocaleString('en-US')}% over the days read
            </Text>
          ) : null}
        </Group>
        <BarChart
          h={HEIGHT}
          data={days}
          dataKey="day"
          series={[{ name: 'uptime', label: 'Uptime', color: 'teal.8' }]}
          yAxisProps={{ domain: [0, 100] }}
          unit="%"
          gridAxis="y"
          xAxisProps={{ minTickGap: 32, tickFormatter: dayTick }}
          tooltipProps={{ labelFormatter: dayTooltip }}
        />
        <Text component="figcaption" size="sm" c="dimmed">
          Runtime hours of each day’s reading over the day’s length at the site (23 or 25 h when the
          clocks change).
        </Text>
      </figure>
    </Stack>
  )
}
