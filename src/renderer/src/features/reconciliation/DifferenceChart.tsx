import { BarChart } from '@mantine/charts'
import { Text } from '@mantine/core'
import { monthLabel } from '../../../../shared/site-time'
import type { MonthLine } from './reconcile'
import { TOLERANCE } from './reconcile'

const PALETTE = [
  'blue.6',
  'teal.6',
  'grape.6',
  'orange.6',
  'cyan.6',
  'pink.6',
  'lime.7',
  'indigo.6',
]

/**
 * Invoiced against metered kWh per site and month, as a percentage difference: a bar past the
 * tolerance lines is the month to look at. Months without an invoice have no bar.
 */
export function DifferenceChart({
  lines,
  months,
  siteName,
}: {
  lines: MonthLine[]
  months: string[]
  siteName: (id: string) => string
}) {
  const siteIds = [...new Set(lines.map((l) => l.siteId))]
  const data = [...months].reverse().map((m) => {
    const row: Record<string, string | number | null> = { month: monthLabel(m) }
    for (const id of siteIds) {
      const line = lines.find((l) => l.siteId === id && l.month === m)
      row[siteName(id)] =
        line && line.invoiceDiff !== null ? Math.round(line.invoiceDiff * 1000) / 10 : null
    }
    return row
  })
  const limit = TOLERANCE * 100
  return (
    <figure style={{ margin: 0 }} aria-label="Invoice difference per site and month">
      <Text component="figcaption" fw={600} size="sm" mb="xs">
        Invoice against billing meter, % difference (tolerance ±{limit.toFixed(1)}%)
      </Text>
      <BarChart
        h={220}
        data={data}
        dataKey="month"
        series={siteIds.map((id, i) => ({
          name: siteName(id),
          color: PALETTE[i % PALETTE.length]!,
        }))}
        unit="%"
        withLegend
        referenceLines={[
          { y: limit, color: 'red.6', label: `+${limit.toFixed(1)}%` },
          { y: -limit, color: 'red.6', label: `−${limit.toFixed(1)}%` },
          { y: 0, color: 'gray.5' },
        ]}
      />
    </figure>
  )
}
