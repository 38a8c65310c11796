import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconDeviceFloppy } from '@tabler/icons-react'
import { useState } from 'react'
import type { SiteRow } from '../../../../shared/schema/tables'
import { useSyncStatus } from '../../app/context'
import { updateRow } from '../../store/writes'
import { ChangedUnderneath } from '../../ui/ChangedUnderneath'
import { NumberField } from '../../ui/Field'
import { fieldLabel } from '../../ui/field-labels'
import { notify } from '../../ui/notify'
import { inputText, requiredNumber } from '../../ui/numbers'
import { useDraft } from '../../ui/use-draft'
import { CustomFieldInputs } from '../custom-fields/CustomFieldInputs'
import { customFieldsPatch, fieldLabelOf, inputsOf } from '../custom-fields/field-inputs'
import { useFieldsFor } from '../custom-fields/use-field-definitions'
import { useWrite } from '../useWrite'

/**
 * The site's own fields (the organization's custom fields for sites) and, for the office,
 * how far below its average a day's production must fall to be flagged on the home.
 * Saved on the laptop and synced like any other edit.
 */
export function SiteDetails({
  site,
  office,
  userId,
}: {
  site: SiteRow
  /** Office or admin: may set the drop threshold (the database refuses anyone else). */
  office: boolean
  userId: string
}) {
  const online = useSyncStatus((s) => s.online)
  const { run, errors, error, saving, setErrors } = useWrite(userId)
  const fields = useFieldsFor(site.organization_id, { target: 'site' })
  const draft = useDraft<{ production_drop_pct: string; [input: string]: string }>({
    production_drop_pct: inputText(site.production_drop_pct),
    ...inputsOf(fields, site.custom_fields),
  })
  const [saved, setSaved] = useState<string | null>(null)
  if (!office && fields.length === 0 && Object.keys(site.custom_fields).length === 0) return null
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-labelledby="site-details-title"
      onSubmit={(e) => {
        e.preventDefault()
        const { values, changed } = draft
        if (changed.length === 0) {
          setSaved('Nothing changed.')
          return
        }
        const custom = customFieldsPatch(fields, site.custom_fields, values, changed)
        if (!custom.ok) {
          setErrors(custom.errors)
          setSaved(null)
          return
        }
        const patch = {
          ...custom.patch,
          ...(changed.includes('production_drop_pct')
            ? { production_drop_pct: requiredNumber(values.production_drop_pct) }
            : {}),
        }
        setSaved(null)
        void run((ctx) => updateRow(ctx, 'sites', site.id, patch)).then((done) => {
          if (done) {
            draft.reset()
            setSaved('Saved.')
            notify.saved(online)
          }
        })
      }}
    >
      <Stack gap="sm">
        <Title order={2} fz="lg" id="site-details-title">
          Site details
        </Title>
        <ChangedUnderneath
          changes={draft.underneath}
          label={fieldLabelOf(fields, fieldLabel)}
          onTake={draft.take}
        />
        {office ? (
          <NumberField
            label="Production drop alert"
            unit="%"
            hint="The home flags a day this far below the site’s 7-day average."
            error={errors.production_drop_pct}
            value={draft.values.production_drop_pct}
            onChange={draft.set('production_drop_pct')}
            maw={220}
          />
        ) : (
          <Text size="sm">
            Production more than {site.production_drop_pct} % below its 7-day average is flagged.
          </Text>
        )}
        <CustomFieldInputs
          fields={fields}
          stored={site.custom_fields}
          values={draft.values}
          errors={errors}
          onChange={(k, text) => draft.set(k)(text)}
        />
        {error ? (
          <Text role="alert" c="red.8" size="sm">
            {error}
          </Text>
        ) : null}
        <Group>
          <Button
            type="submit"
            loading={saving}
            leftSection={<IconDeviceFloppy size={16} aria-hidden />}
          >
            Save details
          </Button>
          {saved ? <Text role="status">{saved}</Text> : null}
        </Group>
      </Stack>
    </Paper>
  )
}
