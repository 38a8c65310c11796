import type { InputHTMLAttributes, ReactNode } from 'react'
import { useId } from 'react'

interface FieldProps {
  label: string
  error?: string | undefined
  hint?: string
  children: (props: {
    id: string
    'aria-invalid': boolean
    'aria-describedby': string | undefined
  }) => ReactNode
}

/** A labelled control with its error message right under it, announced to screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId()
  const messageId = `${id}-message`
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': error || hint ? messageId : undefined,
      })}
      {error ? (
        <p id={messageId} className="field-error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p id={messageId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  )
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>

/** The common case: a labelled text input whose value is a string. */
export function TextField({
  label,
  error,
  hint,
  value,
  onChange,
  ...input
}: {
  label: string
  error?: string | undefined
  hint?: string
  value: string
  onChange: (value: string) => void
} & InputProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(p) => <input {...p} {...input} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  )
}
