import type { FieldDefinition, FieldSubject } from '../../../../shared/schema/custom-fields'
import { fieldsFor } from '../../../../shared/schema/custom-fields'
import type { Server } from '../../net/server'
import { useServerCopy } from '../../ui/use-server-copy'

const fetchDefinitions = (server: Server) => server.fieldDefinitions()

/**
 * The organization's custom fields, fetched when online and kept for offline use: a
 * technician at a site without a connection still gets a unit's fields, checked as the
 * database will check them.
 */
export function useFieldDefinitions(): FieldDefinition[] {
  return useServerCopy<FieldDefinition[]>('field-definitions', fetchDefinitions, [])
}

/** The fields of one site or one unit, in form order. */
export function useFieldsFor(organizationId: string | undefined, subject: FieldSubject | null) {
  const defs = useFieldDefinitions()
  return organizationId && subject ? fieldsFor(defs, organizationId, subject) : []
}
