import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { FieldDefinition } from '../../../../shared/schema/custom-fields'
import { FIELD_TYPE_LABELS, FIELD_TYPES } from '../../../../shared/schema/custom-fields'
import { EQUIPMENT_KINDS } from '../../../../shared/schema/tables'
import { confirmAction } from '../../ui/confirm'
import { NumberField, SelectField, TextField } from '../../ui/Field'
import { notify } from '../../ui/notify'
import { PageHeader } from '../../ui/PageHeader'
import { useServerList } from '../../ui/use-server-list'
import type { Server } from '../../net/server'
import type { FieldForm } from './field-form'
import { definitionFrom, emptyFieldForm, formOf, keyFromLabel } from './field-form'

const fetchDefinitions = (server: Server) => server.fieldDefinitions()

const TYPE_OPTIONS = FIELD_TYPES.map((t) => ({ value: t, label: FIELD_TYPE_LABELS[t] }))

/**
 * Office and admin: the organization's custom fields, what each site and each kind of unit
 * carries beyond the fixed columns. Online only; RLS refuses anyone else. A field's key, type
 * and target never change (values are stored under the key); removing one keeps its values
 * on the rows, shown read-only.
 */
export function FieldsPage({ organizations }: { organizations: readonly string[] }) {
  const {
    items: defs,
    error,
    busy,
    online,
    change,
  } = useServerList('field-definitions', fetchDefinitions)
  const [form, setForm] = useState<FieldForm>(emptyFieldForm)
  const [editing, setEditing] = useState<FieldDefinition | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [keyTouched, setKeyTouched] = useState(false)
  const organizationId = organizations[0]

  const set =
    <K extends keyof FieldForm>(k: K) =>
    (v: FieldForm[K]) =>
      setForm((f) => {
        const next = { ...f, [k]: v }
        if (k === 'label' && !editing && !keyTouched) next.key = keyFromLabel(String(v))
        return next
      })

  function startEdit(d: FieldDefinition) {
    setEditing(d)
    setForm(formOf(d))
    setErrors({})
  }
  function reset() {
    setEditing(null)
    setForm(emptyFieldForm())
    setErrors({})
    setKeyTouched(false)
  }

  async function save() {
    if (!organizationId) return
    const made = definitionFrom(form, {
      id: editing?.id ?? crypto.randomUUID(),
      organization_id: editing?.organization_id ?? organizationId,
    })
    if (!made.ok) {
      setErrors(made.errors)
      return
    }
    await change(
      async (server) => {
        await server.saveFieldDefinition(made.def, editing === null)
        notify.savedOnServer(editing ? `${made.def.label} saved` : `${made.def.label} added`)
        reset()
      },
      (message) => {
        if (!/custom_field_definitions_key/.test(message)) return false
        setErrors({ key: 'Another field for these records already has this key' })
        return true
      },
    )
  }

  async function remove(d: FieldDefinition) {
    const yes = await confirmAction({
      title: `Remove “${d.label}”?`,
      body: 'Forms stop showing it. Values already stored stay on the records, read-only, and in their history.',
      confirm: 'Remove field',
    })
    if (!yes) return
    await change(async (server) => {
      await server.removeFieldDefinition(d.id)
      notify.savedOnServer(`${d.label} removed`)
      if (editing?.id === d.id) reset()
    })
  }

  const numeric = form.type === 'number' || form.type === 'integer'
  const disabled = !online || busy
  return (
    <section aria-labelledby="fields-title">
      <PageHeader
        title="Custom fields"
        id="fields-title"
        description="What sites and each kind of unit record beyond the standard fields. Changes need a connection."
      />
      <Stack gap="lg">
        {!online ? (
          <Alert color="yellow" role="alert">
            Offline: fields are changed on the server, so this page needs a connection.
          </Alert>
        ) : null}
        {error ? (
          <Alert color="red" role="alert" title="Not changed">
            {error}
          </Alert>
        ) : null}
        {defs === null ? (
          <Text c="dimmed">{online ? 'Loading fields…' : 'Fields load when online.'}</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped aria-label="Custom fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>For</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Order</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {defs.map((d) => (
                  <Table.Tr key={d.id} data-testid="field-row">
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm">{d.label}</Text>
                        {d.required ? <Badge variant="light">required</Badge> : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {d.applies_to === 'site' ? 'sites' : (d.equipment_kind ?? 'every unit')}
                    </Table.Td>
                    <Table.Td>
                      {FIELD_TYPE_LABELS[d.type]}
                      {d.unit ? ` (${d.unit})` : ''}
                      {d.choices ? `: ${d.choices.join(', ')}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {d.key}
                      </Text>
                    </Table.Td>
                    <Table.Td>{d.position}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          disabled={disabled}
                          onClick={() => startEdit(d)}
                          aria-label={`Edit ${d.label}`}
                        >
                          Edit
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          disabled={disabled}
                          onClick={() => void remove(d)}
                          aria-label={`Remove ${d.label}`}
                        >
                          Remove
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Paper
          withBorder
          p="md"
          component="form"
          aria-labelledby="field-form-title"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <Stack gap="sm" maw={720}>
            <Title order={2} fz="lg" id="field-form-title">
              {editing ? `Edit “${editing.label}”` : 'Add a field'}
            </Title>
            {editing ? (
              <Text size="sm" c="dimmed">
                Its key, type and what it is for stay as they are: stored values depend on them.
              </Text>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <SelectField
                label="For"
                value={form.applies_to}
                disabled={disabled || editing !== null}
                onChange={(v) => set('applies_to')(v === 'site' ? 'site' : 'equipment')}
                data={[
                  { value: 'equipment', label: 'Equipment' },
                  { value: 'site', label: 'Sites' },
                ]}
              />
              {form.applies_to === 'equipment' ? (
                <SelectField
                  label="Kind of unit"
                  error={errors.equipment_kind}
                  value={form.equipment_kind}
                  disabled={disabled}
                  onChange={(v) =>
                    set('equipment_kind')(EQUIPMENT_KINDS.find((k) => k === v) ?? '')
                  }
                  data={[
                    { value: '', label: 'Every unit' },
                    ...EQUIPMENT_KINDS.map((k) => ({ value: k, label: k })),
                  ]}
                />
              ) : null}
              <TextField
                label="Label"
                error={errors.label}
                value={form.label}
                disabled={disabled}
                onChange={set('label')}
              />
              <TextField
                label="Key"
                hint="Stored under this name; lowercase letters, digits and _."
                error={errors.key}
                value={form.key}
                disabled={disabled || editing !== null}
                onChange={(v) => {
                  setKeyTouched(true)
                  set('key')(v)
                }}
                ff="monospace"
              />
              <SelectField
                label="Type"
                value={form.type}
                disabled={disabled || editing !== null}
                onChange={(v) => set('type')(FIELD_TYPES.find((t) => t === v) ?? 'text')}
                data={TYPE_OPTIONS}
              />
              {numeric ? (
                <TextField
                  label="Unit"
                  error={errors.unit}
                  value={form.unit}
                  disabled={disabled}
                  onChange={set('unit')}
                />
              ) : null}
              <NumberField
                label="Order"
                hint="Forms show fields from the lowest number."
                error={errors.position}
                value={form.position}
                disabled={disabled}
                onChange={set('position')}
                maw={160}
              />
            </SimpleGrid>
            {form.type === 'choice' ? (
              <Textarea
                label="Choices, one per line"
                error={errors.choices}
                value={form.choices}
                disabled={disabled}
                onChange={(e) => set('choices')(e.currentTarget.value)}
                autosize
                minRows={3}
              />
            ) : null}
            <Checkbox
              label="Required: a record cannot be saved without it"
              checked={form.required}
              disabled={disabled}
              onChange={(e) => set('required')(e.currentTarget.checked)}
            />
            <Group>
              <Button
                type="submit"
                loading={busy}
                disabled={!online}
                leftSection={<IconPlus size={16} aria-hidden />}
              >
                {editing ? 'Save field' : 'Add field'}
              </Button>
              {editing ? (
                <Button variant="default" onClick={reset}>
                  Cancel
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Paper>
      </Stack>
    </section>
  )
}
