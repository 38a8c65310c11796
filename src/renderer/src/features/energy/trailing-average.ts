// The N-day trailing average the charts draw beside a daily figure. Pure. Days without a
// figure are left out of the mean (a missing reading is not a zero), and a day's average is
// null only when none of its window's days has one.

export const AVERAGE_DAYS = 7

export function trailingAverage(
  values: readonly (number | null)[],
  window = AVERAGE_DAYS,
): (number | null)[] {
  return values.map((_, i) => {
    let sum = 0
    let n = 0
    for (let k = Math.max(0, i - window + 1); k <= i; k++) {
      const v = values[k]
      if (v !== null && v !== undefined) {
        sum += v
        n++
      }
    }
    return n > 0 ? sum / n : null
  })
}
