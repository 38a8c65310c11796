import { useLiveQuery } from 'dexie-react-hooks'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useServices } from '../../app/context'
import { dailyTotals } from './energy-math'

/** Daily kWh of one site (site meter and equipment readings summed per site-local day). */
export function EnergyChart({ siteId, days }: { siteId: string; days: number }) {
  const { db } = useServices()
  const data = useLiveQuery(async () => {
    const site = await db.sites.get(siteId)
    const since = new Date(Date.now() - days * 86_400_000).toISOString()
    const readings = await db.energy_production
      .where('[site_id+period_start]')
      .between([siteId, since], [siteId, '\uffff'])
      .toArray()
    return dailyTotals(readings, site?.timezone ?? 'UTC')
  }, [db, siteId, days])
  if (!data) return <p>Loading chart…</p>
  if (data.length === 0) return <p>No readings in the last {days} days.</p>
  return (
    <figure className="chart" aria-label={`Daily energy for the last ${days} days`}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" minTickGap={24} />
          <YAxis tickFormatter={(v: number) => `${Math.round(v / 1000)}k`} />
          <Tooltip formatter={(v) => [`${Number(v).toLocaleString()} kWh`, 'Energy']} />
          <Bar dataKey="kwh" fill="#1f6feb" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">kWh per day, site-local days</figcaption>
    </figure>
  )
}
