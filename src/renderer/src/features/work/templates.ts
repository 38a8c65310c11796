import type { ChecklistTemplate, EquipmentKind } from '../../../../shared/schema/tables'
import type { Server } from '../../net/server'
import { useServerCopy } from '../../ui/use-server-copy'

const fetchTemplates = (server: Server) => server.checklistTemplates()

/**
 * The organization's checklist templates, fetched when online and kept for offline use: a
 * technician raising an order at a site with no connection still gets the unit's checklist.
 */
export function useChecklistTemplates(): ChecklistTemplate[] {
  return useServerCopy<ChecklistTemplate[]>('checklist-templates', fetchTemplates, [])
}

/** Templates that fit an order for a unit of this kind (or for no unit): its kind's and the general ones. */
export function templatesFor(
  templates: readonly ChecklistTemplate[],
  organizationId: string,
  kind: EquipmentKind | null,
): ChecklistTemplate[] {
  return templates.filter(
    (t) =>
      t.organization_id === organizationId &&
      !t.deleted_at &&
      (t.equipment_kind === null || t.equipment_kind === kind),
  )
}
