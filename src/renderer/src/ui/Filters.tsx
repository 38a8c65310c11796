import { Group, NativeSelect } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import type { ReactNode } from 'react'

interface Named {
  id: string
  name: string
}

/** The row of filters over a list: wraps on a narrow window, one line on a wide one. */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <Group gap="sm" align="flex-end" mb="md" wrap="wrap" role="search" aria-label="Filters">
      {children}
    </Group>
  )
}

/** A labelled filter select over named rows ("All …" for no filter). */
export function RowFilter({
  label,
  all,
  rows,
  value,
  onChange,
  disabled,
}: {
  label: string
  all: string
  rows: readonly Named[]
  value: string
  onChange: (id: string) => void
  disabled?: boolean
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      disabled={disabled}
      data={[{ value: '', label: all }, ...rows.map((r) => ({ value: r.id, label: r.name }))]}
      miw={180}
    />
  )
}

/** An enum filter: "Any …" or one value. */
export function ValueFilter({
  label,
  any,
  values,
  value,
  onChange,
}: {
  label: string
  any: string
  values: readonly string[]
  value: string
  onChange: (v: string) => void
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[{ value: '', label: any }, ...values]}
      miw={150}
    />
  )
}

/**
 * A calendar day, picked from a calendar or typed. Shown as YYYY-MM-DD on purpose: crews
 * from the US and Canada read 03/04 differently, and a reading filed on the wrong day is
 * the defect this app exists to prevent.
 */
export function DayInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  error?: string | null
}) {
  return (
    <DateInput
      label={label}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      valueFormat="YYYY-MM-DD"
      clearable
      // Mantine's clear button is an icon: it needs a name of its own (axe: button-name).
      clearButtonProps={{ 'aria-label': `Clear ${label}` }}
      error={error || undefined}
      w={160}
      popoverProps={{ withinPortal: true }}
    />
  )
}

/** From / To days. */
export function DateRange({
  from,
  to,
  onFrom,
  onTo,
}: {
  from: string
  to: string
  onFrom: (v: string) => void
  onTo: (v: string) => void
}) {
  return (
    <>
      <DayInput label="From" value={from} onChange={onFrom} />
      <DayInput label="To" value={to} onChange={onTo} />
    </>
  )
}
