import { Group, Stack, Text } from '@mantine/core'
import type { CustomFields, FieldDefinition } from '../../../../shared/schema/custom-fields'
import { fieldText } from '../../../../shared/schema/custom-fields'
import { NumberField, SelectField, TextField } from '../../ui/Field'
import { Fact } from '../../ui/RecordFacts'
import { inputKey } from './field-inputs'

/**
 * The inputs of a site's or a unit's custom fields, inside the record's form. Values of
 * fields the office has since removed are shown, read-only: they stay on the row.
 */
export function CustomFieldInputs({
  fields,
  stored,
  values,
  errors,
  onChange,
  disabled = false,
}: {
  fields: readonly FieldDefinition[]
  /** The row's custom_fields as saved. */
  stored: CustomFields
  /** Input text by inputKey. */
  values: Record<string, string | undefined>
  /** By inputKey; `custom_fields` for what the row check says of the whole object. */
  errors: Record<string, string | undefined>
  onChange: (inputKey: string, text: string) => void
  disabled?: boolean
}) {
  const known = new Set(fields.map((f) => f.key))
  const orphans = Object.entries(stored).filter(([k]) => !known.has(k))
  return (
    <Stack gap="sm">
      {fields.map((f) => {
        const k = inputKey(f.key)
        const common = {
          label: f.label,
          error: errors[k],
          value: values[k] ?? '',
          onChange: (text: string) => onChange(k, text),
          disabled,
          withAsterisk: f.required,
          maw: 320,
        }
        switch (f.type) {
          case 'number':
          case 'integer':
            return <NumberField key={f.key} {...common} unit={f.unit ?? undefined} />
          case 'boolean':
            return (
              <SelectField
                key={f.key}
                {...common}
                data={[
                  { value: '', label: '—' },
                  { value: 'yes', label: 'Yes' },
                  { value: 'no', label: 'No' },
                ]}
              />
            )
          case 'choice':
            return (
              <SelectField
                key={f.key}
                {...common}
                data={[
                  { value: '', label: '—' },
                  ...(f.choices ?? []).map((c) => ({ value: c, label: c })),
                ]}
              />
            )
          case 'date':
            return <TextField key={f.key} {...common} type="date" />
          default:
            return <TextField key={f.key} {...common} />
        }
      })}
      {errors.custom_fields ? (
        <Text role="alert" c="red.8" size="sm">
          {errors.custom_fields}
        </Text>
      ) : null}
      {orphans.length > 0 ? (
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            Values of fields that were removed (kept on the record, not editable):
          </Text>
          <Group gap="xl">
            {orphans.map(([k, v]) => (
              <Fact key={k} label={k}>
                {fieldText({ unit: null }, v)}
              </Fact>
            ))}
          </Group>
        </Stack>
      ) : null}
    </Stack>
  )
}
