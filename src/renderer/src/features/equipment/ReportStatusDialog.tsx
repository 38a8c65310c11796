import { Button, Checkbox, Group, NativeSelect, Stack } from '@mantine/core'
import { useState } from 'react'
import { WORK_PRIORITIES } from '../../../../shared/schema/tables'
import type { EquipmentStatus, WorkPriority } from '../../../../shared/schema/tables'
import { Dialog } from '../../ui/Dialog'
import { TextField } from '../../ui/Field'

export interface Report {
  reason: string
  raise: { title: string; priority: WorkPriority } | null
}

/**
 * A unit going down or degraded: what is wrong (kept on the unit, shown on the home screen and
 * in history) and, offered at once, the work order that gets it fixed.
 */
export function ReportStatusDialog({
  open,
  name,
  status,
  onClose,
  onReport,
  error,
}: {
  open: boolean
  name: string
  status: EquipmentStatus
  onClose: () => void
  onReport: (r: Report) => Promise<boolean>
  error?: string | null
}) {
  const [reason, setReason] = useState('')
  const [raise, setRaise] = useState(true)
  const [title, setTitle] = useState('')
  const [priority, setPriority] = useState<WorkPriority>(status === 'down' ? 'urgent' : 'high')
  const [missing, setMissing] = useState<string | null>(null)
  return (
    <Dialog open={open} title={`${name} is ${status}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!reason.trim()) return setMissing('Say what is wrong')
          setMissing(null)
          void onReport({
            reason: reason.trim(),
            raise: raise
              ? { title: (title.trim() || `${name}: ${reason.trim()}`).slice(0, 200), priority }
              : null,
          }).then((ok) => {
            if (!ok) return
            setReason('')
            setTitle('')
            onClose()
          })
        }}
      >
        <Stack>
          <TextField
            label="What is wrong?"
            value={reason}
            onChange={setReason}
            error={missing ?? error}
            data-autofocus
          />
          <Checkbox
            label="Raise a work order to fix it"
            checked={raise}
            onChange={(e) => setRaise(e.currentTarget.checked)}
          />
          {raise ? (
            <Group grow align="flex-start">
              <TextField
                label="Work order title"
                value={title}
                placeholder={`${name}: ${reason || '…'}`}
                onChange={setTitle}
              />
              <NativeSelect
                label="Priority"
                value={priority}
                onChange={(e) => setPriority(e.currentTarget.value as WorkPriority)}
                data={[...WORK_PRIORITIES]}
              />
            </Group>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep it {status === 'down' ? 'up' : 'as it is'}
            </Button>
            <Button type="submit" color={status === 'down' ? 'red' : 'orange'}>
              Set {status}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  )
}
