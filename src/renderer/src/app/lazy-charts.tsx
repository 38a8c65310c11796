// The charts load apart from the first screen: Recharts (under @mantine/charts) is about a
// quarter of the bundle, and the sites list a technician opens offline draws none
// (bench/first-paint.ts). They are fetched at idle right after start (`warmCharts`), so a
// laptop that goes offline later still draws them. A chart that could not be fetched says so
// in its place and retries, instead of failing the page around it.
import { Alert, Button, Skeleton } from '@mantine/core'
import type { ComponentType } from 'react'
import { useEffect, useState } from 'react'

const warmers: (() => Promise<unknown>)[] = []

function lazyChart<P extends object>(load: () => Promise<ComponentType<P>>, height: number) {
  let loaded: ComponentType<P> | null = null
  let loading: Promise<ComponentType<P>> | null = null
  const get = () =>
    (loading ??= load().then(
      (c) => (loaded = c),
      (error: unknown) => {
        loading = null
        throw error
      },
    ))
  warmers.push(get)
  return function Chart(props: P) {
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded)
    const [failed, setFailed] = useState(false)
    const [attempt, setAttempt] = useState(0)
    useEffect(() => {
      if (Component) return
      let live = true
      get().then(
        (c) => live && setComponent(() => c),
        () => live && setFailed(true),
      )
      return () => {
        live = false
      }
    }, [Component, attempt])
    if (Component) return <Component {...props} />
    if (failed)
      return (
        <Alert color="gray" title="The chart is not on this laptop yet">
          It was not downloaded before the connection went; the figures are in the table.{' '}
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              setFailed(false)
              setAttempt((n) => n + 1)
            }}
          >
            Try again
          </Button>
        </Alert>
      )
    return <Skeleton height={height} aria-label="Loading the chart" />
  }
}

/** Fetches every chart's code; called once the first screen has painted. */
export function warmCharts(): void {
  for (const warm of warmers) void warm().catch(() => undefined)
}

export const EnergyChart = lazyChart(
  () => import('../features/energy/EnergyChart').then((m) => m.EnergyChart),
  260,
)
export const DifferenceChart = lazyChart(
  () => import('../features/reconciliation/DifferenceChart').then((m) => m.DifferenceChart),
  260,
)
export const UnitCharts = lazyChart(
  () => import('../features/equipment/UnitCharts').then((m) => m.UnitCharts),
  420,
)
