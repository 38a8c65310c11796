import { Alert, Button, List, Text } from '@mantine/core'
import { displayValue } from './format'
import type { ChangedUnderneath as Change, FormValues } from './draft'

/** A form value in the notice: an emptied field reads "(empty)", not a dash. */
export const shownValue = (v: unknown): string =>
  v === '' || v === null ? '(empty)' : displayValue(v)

/**
 * Says which fields the person is editing changed on another device meanwhile, with the new
 * value and a way to take it; until they do, their typed value stays and a save sends it.
 */
export function ChangedUnderneath<T extends FormValues>({
  changes,
  label,
  show = shownValue,
  onTake,
}: {
  changes: Change<T>[]
  label: (field: keyof T & string) => string
  show?: (value: unknown, field: keyof T & string) => string
  onTake: (field: keyof T & string) => void
}) {
  if (changes.length === 0) return null
  return (
    <Alert role="status" color="yellow" data-testid="changed-underneath">
      <Text size="sm">
        This record changed while you were editing it. Your typed values are kept until you save:
      </Text>
      <List size="sm" mt={4} spacing={4}>
        {changes.map((c) => (
          <List.Item key={c.field}>
            {label(c.field)} is now {show(c.now, c.field)} (you typed {show(c.typed, c.field)}).{' '}
            <Button size="compact-sm" variant="default" onClick={() => onTake(c.field)}>
              Use {show(c.now, c.field)}
            </Button>
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}
