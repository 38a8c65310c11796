import {
  ActionIcon,
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
  Title,
} from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import type { ChecklistTemplate, StepRequires, WorkKind } from '../../../../shared/schema/tables'
import { EQUIPMENT_KINDS, STEP_REQUIRES, WORK_KINDS } from '../../../../shared/schema/tables'
import { confirmAction } from '../../ui/confirm'
import { SelectField, TextField } from '../../ui/Field'
import { notify } from '../../ui/notify'
import { PageHeader } from '../../ui/PageHeader'
import type { Server } from '../../net/server'
import { useServerList } from '../../ui/use-server-list'
import type { StepForm, TemplateForm } from './template-form'
import {
  emptyStep,
  emptyTemplateForm,
  moveStep,
  templateFormOf,
  templateFrom,
} from './template-form'

const fetchTemplates = (server: Server) => server.checklistTemplates()

const REQUIRES_LABEL: Record<StepRequires, string> = {
  check: 'A tick',
  number: 'A number',
  text: 'Words',
}

/**
 * Office and admin: the organization's checklist templates, copied onto new work orders and
 * scheduled services. Online only; RLS refuses anyone else, and the database checks every
 * step as the laptops read it. Changing a template changes no order that already copied it.
 */
export function TemplatesPage({ organizations }: { organizations: readonly string[] }) {
  const {
    items: templates,
    error,
    busy,
    online,
    change,
  } = useServerList('checklist-templates', fetchTemplates)
  const [form, setForm] = useState<TemplateForm>(emptyTemplateForm)
  const [editing, setEditing] = useState<ChecklistTemplate | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const organizationId = organizations[0]

  const setStep = (i: number, patch: Partial<StepForm>) =>
    setForm((f) => ({ ...f, steps: f.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }))

  function reset() {
    setEditing(null)
    setForm(emptyTemplateForm())
    setErrors({})
  }

  async function save() {
    if (!organizationId) return
    const made = templateFrom(form, {
      id: editing?.id ?? crypto.randomUUID(),
      organization_id: editing?.organization_id ?? organizationId,
    })
    if (!made.ok) {
      setErrors(made.errors)
      return
    }
    setErrors({})
    await change(async (server) => {
      await server.saveChecklistTemplate(made.template, editing === null)
      notify.savedOnServer(`${made.template.name} ${editing ? 'saved' : 'added'}`)
      reset()
    })
  }

  async function remove(t: ChecklistTemplate) {
    const yes = await confirmAction({
      title: `Remove “${t.name}”?`,
      body: 'New work orders cannot use it. Orders that copied its steps keep them; a schedule that uses it raises orders without a checklist.',
      confirm: 'Remove template',
    })
    if (!yes) return
    await change(async (server) => {
      await server.removeChecklistTemplate(t.id)
      notify.savedOnServer(`${t.name} removed`)
      if (editing?.id === t.id) reset()
    })
  }

  const disabled = !online || busy
  return (
    <section aria-labelledby="templates-title">
      <PageHeader
        title="Checklist templates"
        id="templates-title"
        description="The steps a work order starts with, per kind of unit. Changes need a connection; orders already raised keep their own copy."
      />
      <Stack gap="lg">
        {!online ? (
          <Alert color="yellow" role="alert">
            Offline: templates are changed on the server, so this page needs a connection.
          </Alert>
        ) : null}
        {error ? (
          <Alert color="red" role="alert" title="Not changed">
            {error}
          </Alert>
        ) : null}
        {templates === null ? (
          <Text c="dimmed">{online ? 'Loading templates…' : 'Templates load when online.'}</Text>
        ) : (
          <Table striped aria-label="Checklist templates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>For</Table.Th>
                <Table.Th>Work</Table.Th>
                <Table.Th>Steps</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.map((t) => (
                <Table.Tr key={t.id} data-testid="template-row">
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>{t.equipment_kind ?? 'any unit'}</Table.Td>
                  <Table.Td>{t.work_kind}</Table.Td>
                  <Table.Td>
                    {t.steps.length}
                    {t.steps.some((s) => s.required) ? (
                      <Badge variant="light" ml={6}>
                        {t.steps.filter((s) => s.required).length} required
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        disabled={disabled}
                        onClick={() => {
                          setEditing(t)
                          setForm(templateFormOf(t))
                          setErrors({})
                        }}
                        aria-label={`Edit ${t.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        disabled={disabled}
                        onClick={() => void remove(t)}
                        aria-label={`Remove ${t.name}`}
                      >
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Paper
          withBorder
          p="md"
          component="form"
          aria-labelledby="template-form-title"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <Stack gap="sm" maw={900}>
            <Title order={2} fz="lg" id="template-form-title">
              {editing ? `Edit “${editing.name}”` : 'Add a template'}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextField
                label="Name"
                value={form.name}
                disabled={disabled}
                onChange={(name) => setForm((f) => ({ ...f, name }))}
                error={errors.name}
              />
              <SelectField
                label="For"
                value={form.equipment_kind}
                disabled={disabled}
                onChange={(k) =>
                  setForm((f) => ({ ...f, equipment_kind: k as TemplateForm['equipment_kind'] }))
                }
                data={[{ value: '', label: 'Any unit' }, ...EQUIPMENT_KINDS]}
              />
              <SelectField
                label="Work"
                value={form.work_kind}
                disabled={disabled}
                onChange={(k) => setForm((f) => ({ ...f, work_kind: k as WorkKind }))}
                data={[...WORK_KINDS]}
              />
            </SimpleGrid>
            <Title order={3} fz="md">
              Steps
            </Title>
            {errors.steps ? (
              <Text role="alert" c="red.8" size="sm">
                {errors.steps}
              </Text>
            ) : null}
            <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
              {form.steps.map((s, i) => (
                <Group
                  component="li"
                  key={i}
                  align="flex-end"
                  gap="xs"
                  wrap="nowrap"
                  data-testid="template-step"
                >
                  <TextField
                    label={`Step ${i + 1}`}
                    value={s.label}
                    disabled={disabled}
                    onChange={(label) => setStep(i, { label })}
                    error={errors[`steps.${i}.label`]}
                    style={{ flex: 1 }}
                  />
                  <SelectField
                    label={`Step ${i + 1} records`}
                    value={s.requires}
                    disabled={disabled}
                    onChange={(r) => setStep(i, { requires: r as StepRequires })}
                    data={STEP_REQUIRES.map((r) => ({ value: r, label: REQUIRES_LABEL[r] }))}
                    w={140}
                  />
                  {s.requires === 'number' ? (
                    <TextField
                      label={`Step ${i + 1} unit`}
                      value={s.unit}
                      disabled={disabled}
                      onChange={(unit) => setStep(i, { unit })}
                      error={errors[`steps.${i}.unit`]}
                      w={100}
                    />
                  ) : null}
                  <Checkbox
                    label="Required"
                    aria-label={`Step ${i + 1} required`}
                    checked={s.required}
                    disabled={disabled}
                    onChange={(e) => setStep(i, { required: e.currentTarget.checked })}
                    mb={8}
                  />
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Move step ${i + 1} up`}
                    disabled={disabled || i === 0}
                    onClick={() => setForm((f) => ({ ...f, steps: moveStep(f.steps, i, -1) }))}
                    mb={4}
                  >
                    <IconArrowUp size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Move step ${i + 1} down`}
                    disabled={disabled || i === form.steps.length - 1}
                    onClick={() => setForm((f) => ({ ...f, steps: moveStep(f.steps, i, 1) }))}
                    mb={4}
                  >
                    <IconArrowDown size={16} aria-hidden />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove step ${i + 1}`}
                    disabled={disabled || form.steps.length === 1}
                    onClick={() =>
                      setForm((f) => ({ ...f, steps: f.steps.filter((_, j) => j !== i) }))
                    }
                    mb={4}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
            <Group>
              <Button
                variant="default"
                leftSection={<IconPlus size={16} aria-hidden />}
                disabled={disabled || form.steps.length >= 100}
                onClick={() => setForm((f) => ({ ...f, steps: [...f.steps, emptyStep()] }))}
              >
                Add step
              </Button>
            </Group>
            <Group>
              <Button type="submit" loading={busy} disabled={!online}>
                {editing ? 'Save template' : 'Add template'}
              </Button>
              {editing ? (
                <Button variant="subtle" onClick={reset} disabled={busy}>
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
