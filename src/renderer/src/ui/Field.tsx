import { Input, NativeSelect, Textarea, TextInput } from '@mantine/core'
import type { NativeSelectProps, TextareaProps, TextInputProps } from '@mantine/core'
import type { ReactNode } from 'react'
import { useId } from 'react'

// Labelled controls with their error right under them. Mantine wires label, aria-invalid and
// aria-describedby; the theme gives every error role="alert" so it is announced as it appears.

interface Common {
  label: string
  error?: string | undefined | null
  hint?: ReactNode
}

/** A custom control in the standard label / error frame (the child gets the ids). */
export function Field({
  label,
  error,
  hint,
  children,
}: Common & {
  children: (props: {
    id: string
    'aria-invalid': boolean
    'aria-describedby': string | undefined
  }) => ReactNode
}) {
  const id = useId()
  const messageId = `${id}-message`
  return (
    <Input.Wrapper
      label={label}
      labelProps={{ htmlFor: id }}
      error={error || undefined}
      description={error ? undefined : hint}
      errorProps={{ id: messageId, role: 'alert' }}
      descriptionProps={{ id: messageId }}
    >
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': error || hint ? messageId : undefined,
      })}
    </Input.Wrapper>
  )
}

/** A labelled text input whose value is a string. */
export function TextField({
  label,
  error,
  hint,
  value,
  onChange,
  ...input
}: Common & { value: string; onChange: (value: string) => void } & Omit<
    TextInputProps,
    'value' | 'onChange' | 'label' | 'error' | 'description'
  >) {
  return (
    <TextInput
      {...input}
      label={label}
      error={error || undefined}
      description={error ? undefined : hint}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  )
}

/**
 * A number typed as text and parsed by the caller (ui/numbers.ts), right-aligned with its unit.
 * Not Mantine's NumberInput: it drops characters it does not expect, so "150,5" would become
 * 1505 silently; our parser refuses it and says why.
 */
export function NumberField({
  unit,
  ...props
}: Parameters<typeof TextField>[0] & { unit?: string }) {
  return (
    <TextField
      inputMode="decimal"
      autoComplete="off"
      rightSection={unit}
      rightSectionWidth={unit ? Math.max(36, unit.length * 9 + 16) : undefined}
      styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
      {...props}
    />
  )
}

export function SelectField({
  label,
  error,
  hint,
  value,
  onChange,
  ...select
}: Common & { value: string; onChange: (value: string) => void } & Omit<
    NativeSelectProps,
    'value' | 'onChange' | 'label' | 'error' | 'description'
  >) {
  return (
    <NativeSelect
      {...select}
      label={label}
      error={error || undefined}
      description={error ? undefined : hint}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  )
}

export function TextAreaField({
  label,
  error,
  hint,
  value,
  onChange,
  ...area
}: Common & { value: string; onChange: (value: string) => void } & Omit<
    TextareaProps,
    'value' | 'onChange' | 'label' | 'error' | 'description'
  >) {
  return (
    <Textarea
      {...area}
      label={label}
      error={error || undefined}
      description={error ? undefined : hint}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autosize
      minRows={3}
    />
  )
}
