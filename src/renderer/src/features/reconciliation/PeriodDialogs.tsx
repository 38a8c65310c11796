import { useState } from 'react'
import { Dialog } from '../../ui/Dialog'
import { Field } from '../../ui/Field'
import { monthLabel } from '../../../../shared/site-time'

/** Closing a month: what is still open in it, then an explicit confirmation. */
export function CloseMonthDialog({
  siteName,
  month,
  open,
  busy,
  onConfirm,
  onCancel,
}: {
  siteName: string
  month: string
  open: string[]
  busy: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  return (
    <Dialog open title={`Close ${monthLabel(month)} for ${siteName}?`} onClose={onCancel}>
      <p>
        Once closed, its readings cannot change: corrections are entered as adjustments with a
        reason.
      </p>
      {open.length > 0 ? (
        <>
          <p>
            <strong>Still open in this month:</strong>
          </p>
          <ul data-testid="open-items">
            {open.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="open-items">Nothing is open: every day is read and the figures agree.</p>
      )}
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={onConfirm}>
          Close {monthLabel(month)}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  )
}

// business.period_closes.reason: at most 2,000 characters (20261121000800_period_close.sql).
const REASON_MAX = 2000

/** Reopening a closed month needs a reason, which the server keeps with the close and in the journal. */
export function ReopenDialog({
  siteName,
  month,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  siteName: string
  month: string
  busy: boolean
  error: string | null
  onConfirm: (reason: string) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  const tooShort = reason.trim().length < 3
  return (
    <Dialog open title={`Reopen ${monthLabel(month)} for ${siteName}?`} onClose={onCancel}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setTried(true)
          if (!tooShort) onConfirm(reason.trim())
        }}
      >
        <Field
          label="Reason for reopening"
          error={
            tried && tooShort
              ? 'Say why the month is reopened (at least 3 characters)'
              : (error ?? undefined)
          }
          hint="Kept with the month and in its history."
        >
          {(p) => (
            <textarea
              {...p}
              value={reason}
              maxLength={REASON_MAX}
              autoFocus
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Reopen {monthLabel(month)}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  )
}
