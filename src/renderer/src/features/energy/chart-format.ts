// How the charts write a day: "May 3" on the axis, the whole day with its year in the tooltip.
import { dayLabel } from '../../../../shared/site-time'

export const dayTick = (day: string): string => dayLabel(day, { year: false })

export const dayTooltip = (day: unknown): string =>
  typeof day === 'string' ? dayLabel(day) : String(day)
