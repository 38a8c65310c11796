import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconDeviceFloppy } from '@tabler/icons-react'
import { useState } from 'react'
import { WORK_KINDS, WORK_PRIORITIES } from '../../../../shared/schema/tables'
import type { WorkKind, WorkPriority } from '../../../../shared/schema/tables'
import { useServices, useSyncStatus } from '../../app/context'
import { href, navigate } from '../../app/router'
import { listEquipment, listSites } from '../../store/queries'
import { createWorkOrder } from '../../store/work-orders'
import { SelectField, TextAreaField, TextField } from '../../ui/Field'
import { DayInput } from '../../ui/Filters'
import { notify } from '../../ui/notify'
import { optionalNumber } from '../../ui/numbers'
import { PageHeader } from '../../ui/PageHeader'
import { usePeople } from '../../ui/people'
import { useCacheQuery } from '../../ui/use-cache-query'
import { useWrite } from '../useWrite'
import { templatesFor, useChecklistTemplates } from './templates'

/** A new work order, made on this laptop (offline too) with its checklist copied from a template. */
export function WorkOrderForm({
  userId,
  siteId,
  equipmentId,
}: {
  userId: string
  siteId?: string | null
  equipmentId?: string | null
}) {
  const { db } = useServices()
  const online = useSyncStatus((s) => s.online)
  const people = usePeople()
  const templates = useChecklistTemplates()
  const sites = useCacheQuery(() => listSites(db), [db], [])
  const [site, setSite] = useState(siteId ?? '')
  const units = useCacheQuery(
    () => (site ? listEquipment(db, { siteId: site }) : Promise.resolve([])),
    [db, site],
    [],
  )
  const [unit, setUnit] = useState(equipmentId ?? '')
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [kind, setKind] = useState<WorkKind>('corrective')
  const [priority, setPriority] = useState<WorkPriority>('normal')
  const [assignee, setAssignee] = useState(userId)
  const [due, setDue] = useState('')
  const [template, setTemplate] = useState('')
  const [workPackage, setWorkPackage] = useState('')
  const [flrts, setFlrts] = useState('')
  const [local, setLocal] = useState<Record<string, string>>({})
  const { run, errors, error, saving } = useWrite(userId)
  const shown = { ...errors, ...local }
  const siteRow = sites.find((s) => s.id === site)
  const unitRow = units.find((u) => u.id === unit)
  const fitting = siteRow
    ? templatesFor(templates, siteRow.organization_id, unitRow?.kind ?? null)
    : []
  const chosen = fitting.find((t) => t.id === template)

  function submit() {
    const problems: Record<string, string> = {}
    if (!siteRow) problems.site_id = 'Choose the site'
    let wp: number | null = null
    try {
      wp = optionalNumber(workPackage)
    } catch (e) {
      problems.openproject_work_package_id = e instanceof Error ? e.message : String(e)
    }
    setLocal(problems)
    if (!siteRow || Object.keys(problems).length > 0) return
    void run((ctx) =>
      createWorkOrder(
        ctx,
        {
          organization_id: siteRow.organization_id,
          site_id: siteRow.id,
          equipment_id: unit || null,
          title: title.trim(),
          description: description.trim() || null,
          kind,
          priority,
          assignee_id: assignee || null,
          due_on: due || null,
          openproject_work_package_id: wp,
          flrts_task_ref: flrts.trim() || null,
        },
        chosen?.steps ?? [],
      ),
    ).then((order) => {
      if (!order) return
      notify.saved(online, 'Work order created')
      navigate(href('work', order.id))
    })
  }

  return (
    <section aria-labelledby="work-form-title">
      <PageHeader
        title="New work order"
        id="work-form-title"
        crumbs={[{ label: 'Work orders', href: href('work') }]}
      />
      <Paper
        withBorder
        p="md"
        component="form"
        maw={900}
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <Stack>
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <SelectField
              label="Site"
              value={site}
              onChange={(v) => {
                setSite(v)
                setUnit('')
                setTemplate('')
              }}
              error={shown.site_id}
              data={[
                { value: '', label: 'Choose a site' },
                ...sites.map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
            <SelectField
              label="Equipment"
              value={unit}
              onChange={(v) => {
                setUnit(v)
                setTemplate('')
              }}
              error={shown.equipment_id}
              disabled={!site}
              data={[
                { value: '', label: 'The whole site' },
                ...units.map((u) => ({ value: u.id, label: u.name })),
              ]}
            />
          </SimpleGrid>
          <TextField label="Title" value={title} onChange={setTitle} error={shown.title} />
          <TextAreaField
            label="Description"
            value={description}
            onChange={setDescription}
            error={shown.description}
          />
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <SelectField
              label="Kind"
              value={kind}
              onChange={(v) => setKind(v as WorkKind)}
              data={[...WORK_KINDS]}
            />
            <SelectField
              label="Priority"
              value={priority}
              onChange={(v) => setPriority(v as WorkPriority)}
              data={[...WORK_PRIORITIES]}
            />
            <SelectField
              label="Assignee"
              value={assignee}
              onChange={setAssignee}
              error={shown.assignee_id}
              data={[
                { value: '', label: 'Nobody yet' },
                { value: userId, label: 'Me' },
                ...people
                  .known()
                  .filter((p) => p.id !== userId)
                  .map((p) => ({ value: p.id, label: p.name })),
              ]}
            />
          </SimpleGrid>
          <Group align="flex-start">
            <DayInput label="Due" value={due} onChange={setDue} error={shown.due_on} />
            <SelectField
              label="Checklist"
              value={template}
              onChange={setTemplate}
              disabled={!site}
              hint={
                site && fitting.length === 0
                  ? 'No templates for this unit (templates load when online).'
                  : undefined
              }
              data={[
                { value: '', label: 'No checklist' },
                ...fitting.map((t) => ({
                  value: t.id,
                  label: `${t.name} (${t.steps.length} steps)`,
                })),
              ]}
              miw={280}
            />
          </Group>
          {chosen ? (
            <Text size="sm" c="dimmed">
              Steps: {chosen.steps.map((s) => s.label).join(' · ')}
            </Text>
          ) : null}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextField
              label="OpenProject work package (optional)"
              inputMode="numeric"
              value={workPackage}
              onChange={setWorkPackage}
              error={shown.openproject_work_package_id}
            />
            <TextField
              label="FLRTS task (optional)"
              value={flrts}
              onChange={setFlrts}
              error={shown.flrts_task_ref}
            />
          </SimpleGrid>
          <Group>
            <Button
              type="submit"
              loading={saving}
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
            >
              Create work order
            </Button>
          </Group>
        </Stack>
      </Paper>
    </section>
  )
}
