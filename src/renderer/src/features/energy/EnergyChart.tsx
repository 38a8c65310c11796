import { useCacheQuery } from '../../ui/use-cache-query'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { useServices } from '../../app/context'
import { dailyByMeterRole } from './energy-math'
import { getEquipment, getSite } from '../../store/queries'
import { readingsSince } from './queries'

/**
 * Daily kWh of one site: the billing meter, and the sub-meters' sum beside it (never added
 * to it: the billing meter already measured what they did).
 */
export function EnergyChart({ siteId, days }: { siteId: string; days: number }) {
  const { db } = useServices()
  const data = useCacheQuery(async () => {
    const site = await getSite(db, siteId)
    const since = new Date(Date.now() - days * 86_400_000).toISOString()
    const readings = await readingsSince(db, since, siteId)
    const billing = site?.billing_meter_id ?? ''
    const meter = billing ? ((await getEquipment(db, billing))?.name ?? 'a unit') : 'Site meter'
    return { rows: dailyByMeterRole(readings, site?.timezone ?? 'UTC', billing), meter }
  }, [db, siteId, days])
  if (!data) return <p>Loading chart…</p>
  if (data.rows.length === 0) return <p>No readings in the last {days} days.</p>
  const hasSub = data.rows.some((r) => r.subMeters !== 0)
  return (
    <figure className="chart" aria-label={`Daily energy for the last ${days} days`}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data.rows} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" minTickGap={24} />
          <YAxis tickFormatter={(v: number) => `${Math.round(v / 1000)}k`} />
          <Tooltip formatter={(v, name) => [`${Number(v).toLocaleString('en-US')} kWh`, name]} />
          <Legend />
          <Bar
            dataKey="billing"
            name={`Billing meter (${data.meter})`}
            fill="#1f6feb"
            isAnimationActive={false}
          />
          {hasSub ? (
            <Bar
              dataKey="subMeters"
              name="Sub-meters (sum)"
              fill="#8a4b00"
              isAnimationActive={false}
            />
          ) : null}
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">
        kWh per day, site-local days. Billing meter: {data.meter}
        {hasSub ? '; sub-meters shown beside it, not added to it' : ''}.
      </figcaption>
    </figure>
  )
}
