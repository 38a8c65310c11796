import { Button, Fieldset, Group, Stack, Text } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import type { Part } from '../../../../shared/schema/tables'
import { NumberField, TextField } from '../../ui/Field'

/**
 * The parts a piece of work used, one row each: the maintenance form and a work order's
 * completion both record them. `errors` are validateRow's, keyed `parts.<i>.<field>`.
 */
export function PartsEditor({
  parts,
  onChange,
  errors,
}: {
  parts: Part[]
  onChange: (parts: Part[]) => void
  errors: Record<string, string>
}) {
  const setPart = (i: number, patch: Partial<Part>) =>
    onChange(parts.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  return (
    <Fieldset legend="Parts used">
      <Stack gap="xs">
        {parts.length === 0 ? (
          <Text size="sm" c="dimmed">
            No parts used. Add each part with its number and quantity.
          </Text>
        ) : null}
        {parts.map((part, i) => (
          <Group key={i} align="flex-end" gap="xs" wrap="wrap">
            <TextField
              label={`Part ${i + 1} name`}
              error={errors[`parts.${i}.name`]}
              value={part.name}
              onChange={(v) => setPart(i, { name: v })}
              style={{ flex: 2, minWidth: 180 }}
            />
            <TextField
              label="Part number"
              value={part.part_number ?? ''}
              onChange={(v) => setPart(i, { part_number: v || null })}
              style={{ flex: 1, minWidth: 140 }}
            />
            <NumberField
              label="Quantity"
              error={errors[`parts.${i}.quantity`]}
              value={String(part.quantity)}
              onChange={(v) => setPart(i, { quantity: Number(v) })}
              w={110}
            />
            <Button
              variant="default"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => onChange(parts.filter((_, j) => j !== i))}
            >
              Remove part {i + 1}
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => onChange([...parts, { name: '', part_number: null, quantity: 1 }])}
          >
            Add part
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  )
}
