import { Badge, Checkbox, Group, Paper, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { LocalRowOf } from '../../store/db'
import { answerStep } from '../../store/work-orders'
import { NumberField, TextField } from '../../ui/Field'
import { inputText, parseNumber } from '../../ui/numbers'
import { RowMark } from '../../ui/RowMark'
import { usePeople } from '../../ui/people'
import { formatDateTime } from '../../ui/format'
import { useWrite } from '../useWrite'

type Step = LocalRowOf<'work_order_steps'>

/** One step: ticked offline, with the reading or answer it asks for. */
function StepRow({
  step,
  userId,
  locked,
  name,
}: {
  step: Step
  userId: string
  locked: boolean
  name: (id: string | null) => string
}) {
  const { run, errors, error } = useWrite(userId)
  const [text, setText] = useState(
    step.requires === 'number' ? inputText(step.value_number) : (step.value_text ?? ''),
  )
  const [parseError, setParseError] = useState<string | null>(null)

  async function save(done: boolean) {
    setParseError(null)
    if (step.requires === 'number') {
      const parsed = parseNumber(text)
      if (!parsed.ok) return setParseError(parsed.message)
      if (done && parsed.value === null)
        return setParseError('Enter the reading before ticking this step')
      await run((ctx) => answerStep(ctx, step.id, { done, value_number: parsed.value }))
    } else if (step.requires === 'text') {
      const value = text.trim() || null
      if (done && !value) return setParseError('Write the answer before ticking this step')
      await run((ctx) => answerStep(ctx, step.id, { done, value_text: value }))
    } else {
      await run((ctx) => answerStep(ctx, step.id, { done }))
    }
  }

  const label = `${step.label}${step.required ? '' : ' (optional)'}`
  const fieldError = parseError ?? errors.value_number ?? errors.value_text ?? error
  return (
    <Paper withBorder p="sm" data-testid="checklist-step">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Checkbox
            label={label}
            checked={Boolean(step.done_at)}
            disabled={locked}
            onChange={(e) => void save(e.currentTarget.checked)}
          />
          <Group gap={6} wrap="nowrap">
            {step.done_at ? (
              <Text size="sm" c="dimmed">
                {formatDateTime(step.done_at)}
                {step._state !== 'synced'
                  ? ' · by you'
                  : step.updated_by
                    ? ` · ${name(step.updated_by)}`
                    : ''}
              </Text>
            ) : step.required ? (
              <Badge color="orange" variant="light">
                Required
              </Badge>
            ) : null}
            <RowMark state={step._state} />
          </Group>
        </Group>
        {step.requires === 'number' ? (
          <NumberField
            label={`${step.label}: reading`}
            unit={step.unit ?? undefined}
            value={text}
            onChange={setText}
            onBlur={() => (step.done_at ? void save(true) : undefined)}
            error={fieldError}
            disabled={locked}
            maw={260}
          />
        ) : step.requires === 'text' ? (
          <TextField
            label={`${step.label}: answer`}
            value={text}
            onChange={setText}
            onBlur={() => (step.done_at ? void save(true) : undefined)}
            error={fieldError}
            disabled={locked}
          />
        ) : fieldError ? (
          <Text role="alert" c="red.8" size="sm">
            {fieldError}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  )
}

export function Checklist({
  steps,
  userId,
  locked,
}: {
  steps: Step[]
  userId: string
  locked: boolean
}) {
  // One copy of the names for every step, not a fetch per step.
  const people = usePeople()
  const done = steps.filter((s) => s.done_at).length
  return (
    <section aria-labelledby="checklist-title">
      <Group justify="space-between" mb="xs">
        <Text id="checklist-title" fw={600} component="h2" size="lg">
          Checklist
        </Text>
        <Text size="sm" c="dimmed">
          {done} of {steps.length} done
        </Text>
      </Group>
      {steps.length === 0 ? (
        <Text c="dimmed">This work order has no checklist.</Text>
      ) : (
        <Stack gap="xs">
          {steps.map((s) => (
            <StepRow key={s.id} step={s} userId={userId} locked={locked} name={people.name} />
          ))}
        </Stack>
      )}
    </section>
  )
}
