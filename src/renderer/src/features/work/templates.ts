import { useEffect, useState } from 'react'
import type { ChecklistTemplate, EquipmentKind } from '../../../../shared/schema/tables'
import { useServices, useSyncStatus } from '../../app/context'
import { readCache, writeCache } from '../../ui/server-cache'

const KEY = 'checklist-templates'

/**
 * The organization's checklist templates, fetched when online and kept for offline use: a
 * technician raising an order at a site with no connection still gets the unit's checklist.
 */
export function useChecklistTemplates(): ChecklistTemplate[] {
  const { server } = useServices()
  const online = useSyncStatus((s) => s.online)
  const [templates, setTemplates] = useState<ChecklistTemplate[]>(
    () => readCache<ChecklistTemplate[]>(KEY)?.data ?? [],
  )
  useEffect(() => {
    if (!online) return
    let cancelled = false
    void (async () => {
      try {
        const next = await server.checklistTemplates()
        if (cancelled) return
        writeCache(KEY, next)
        setTemplates(next)
      } catch {
        // Offline, slow or refused: the cached templates stay.
      }
    })()
    return () => {
      cancelled = true
    }
  }, [server, online])
  return templates
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
