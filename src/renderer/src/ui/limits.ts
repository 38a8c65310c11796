// Input limits taken from the row schemas, so a text box stops where the database would refuse
// (a 10 MB paste into Notes froze the page before validation said "at most 2,000").
import { z } from 'zod'
import type { ClientWritableTable } from '../../../shared/schema/tables'
import { SYNCED_TABLES } from '../../../shared/schema/tables'

/** The longest text a column accepts, or undefined when it has no limit. */
export function maxLengthOf(table: ClientWritableTable, column: string): number | undefined {
  let field: unknown = (SYNCED_TABLES[table].schema.shape as Record<string, unknown>)[column]
  while (field instanceof z.ZodNullable || field instanceof z.ZodOptional) field = field.unwrap()
  return field instanceof z.ZodString ? (field.maxLength ?? undefined) : undefined
}

/** Longest number text worth typing: 14 digits, separators, sign and decimals. */
export const NUMBER_MAX_LENGTH = 24
