import { Alert, Button, Group, List, Stack, Text } from '@mantine/core'
import { IconLock, IconLockOpen } from '@tabler/icons-react'
import { useState } from 'react'
import { monthLabel } from '../../../../shared/site-time'
import { Dialog } from '../../ui/Dialog'
import { TextAreaField } from '../../ui/Field'

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
      <Stack gap="sm">
        <Text size="sm">
          Once closed, its readings cannot change: corrections are entered as adjustments with a
          reason.
        </Text>
        {open.length > 0 ? (
          <Alert color="yellow" title="Still open in this month">
            <List size="sm" data-testid="open-items">
              {open.map((item) => (
                <List.Item key={item}>{item}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <Alert color="teal">
            <span data-testid="open-items">
              Nothing is open: every day is read and the figures agree.
            </span>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={onConfirm}
            leftSection={<IconLock size={16} aria-hidden />}
          >
            Close {monthLabel(month)}
          </Button>
        </Group>
      </Stack>
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
        <Stack gap="sm">
          <TextAreaField
            label="Reason for reopening"
            error={
              tried && tooShort
                ? 'Say why the month is reopened (at least 3 characters)'
                : (error ?? undefined)
            }
            hint="Kept with the month and in its history."
            value={reason}
            maxLength={REASON_MAX}
            data-autofocus
            onChange={setReason}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={busy}
              leftSection={<IconLockOpen size={16} aria-hidden />}
            >
              Reopen {monthLabel(month)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  )
}
