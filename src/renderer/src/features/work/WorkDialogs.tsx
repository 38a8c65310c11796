import { Alert, Button, Checkbox, Group, Stack } from '@mantine/core'
import { useState } from 'react'
import type { EquipmentStatus, Part } from '../../../../shared/schema/tables'
import { PartsEditor } from '../maintenance/PartsEditor'
import { Dialog } from '../../ui/Dialog'
import { toLocalInput } from '../../ui/format'
import { NumberField, TextAreaField, TextField } from '../../ui/Field'
import { parseNumber } from '../../ui/numbers'
import type { Completion } from '../../store/work-orders'

/** A reason for putting work on hold or cancelling it: required by the database too. */
export function ReasonDialog({
  open,
  title,
  label,
  confirm,
  onClose,
  onConfirm,
}: {
  open: boolean
  title: string
  label: string
  confirm: string
  onClose: () => void
  onConfirm: (reason: string) => Promise<boolean>
}) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!reason.trim()) return setError('Say why, so whoever picks it up knows')
          void onConfirm(reason.trim()).then((ok) => {
            if (ok) {
              setReason('')
              onClose()
            }
          })
        }}
      >
        <Stack>
          <TextField
            label={label}
            value={reason}
            onChange={setReason}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep as it is
            </Button>
            <Button type="submit">{confirm}</Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  )
}

/**
 * Completing: when the work was finished (the technician's time, not the sync's), what was
 * done for the maintenance log, and whether the unit goes back into service.
 */
export function CompleteDialog({
  open,
  title,
  unit,
  onClose,
  onComplete,
  errors,
}: {
  open: boolean
  title: string
  /** The unit's name and status, when the order is for one. */
  unit: { name: string; status: EquipmentStatus } | null
  onClose: () => void
  onComplete: (c: Completion) => Promise<boolean>
  errors: Record<string, string>
}) {
  const [at, setAt] = useState(() => toLocalInput(new Date().toISOString()))
  const [summary, setSummary] = useState(title)
  const [details, setDetails] = useState('')
  const [downtime, setDowntime] = useState('0')
  const [backUp, setBackUp] = useState(true)
  const [parts, setParts] = useState<Part[]>([])
  const [local, setLocal] = useState<Record<string, string>>({})
  const shown = { ...errors, ...local }
  return (
    <Dialog open={open} title="Complete work order" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const problems: Record<string, string> = {}
          const hours = parseNumber(downtime)
          if (!hours.ok) problems.downtime_hours = hours.message
          if (!at || Number.isNaN(Date.parse(at)))
            problems.performed_at = 'Enter when the work was finished'
          else if (Date.parse(at) > Date.now() + 5 * 60_000)
            problems.performed_at = 'That is in the future'
          setLocal(problems)
          if (Object.keys(problems).length > 0 || !hours.ok) return
          void onComplete({
            completedAt: new Date(at).toISOString(),
            summary: summary.trim(),
            details: details.trim() || null,
            downtimeHours: hours.value ?? 0,
            parts: parts.map((p) => ({ ...p, name: p.name.trim() })),
            equipmentStatus: unit && backUp && unit.status !== 'operational' ? 'operational' : null,
          }).then((ok) => ok && onClose())
        }}
      >
        <Stack>
          {shown._row ? (
            <Alert color="red" title="Not completed" role="alert">
              {shown._row}
            </Alert>
          ) : null}
          <TextField
            label="Finished at"
            type="datetime-local"
            value={at}
            onChange={setAt}
            error={shown.performed_at ?? shown.completed_at}
          />
          {unit ? (
            <>
              <TextField
                label="What was done (maintenance log)"
                value={summary}
                onChange={setSummary}
                error={shown.summary}
              />
              <TextAreaField
                label="Details"
                value={details}
                onChange={setDetails}
                error={shown.details}
              />
              <NumberField
                label="Downtime"
                unit="h"
                value={downtime}
                onChange={setDowntime}
                error={shown.downtime_hours}
                maw={200}
              />
              <PartsEditor parts={parts} onChange={setParts} errors={shown} />
              {unit.status !== 'operational' ? (
                <Checkbox
                  label={`Set ${unit.name} back to operational (it is ${unit.status})`}
                  checked={backUp}
                  onChange={(e) => setBackUp(e.currentTarget.checked)}
                />
              ) : null}
            </>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Not yet
            </Button>
            <Button type="submit" color="teal">
              Complete
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  )
}
