// Every call a screen makes to the server outside sync (sync/remote.ts is the engine's): the
// journal, invoices and credits, people's names, period closes, monitoring, the user's roles.
// Each answer is parsed with zod, so a server that answers something else is an error in
// words, never data a screen shows; each call gives up after the hosted statement timeout.
import type { SupabaseClient } from '@supabase/supabase-js'
import { z } from 'zod'
import type { Database, Json } from '../../../shared/database.types'
import { MEMBER_ROLES, checklistTemplateSchema } from '../../../shared/schema/tables'
import type { ChecklistTemplate, MemberRole } from '../../../shared/schema/tables'
import { fieldDefinitionSchema } from '../../../shared/schema/custom-fields'
import type { FieldDefinition } from '../../../shared/schema/custom-fields'

/** Hosted Supabase cancels a statement after 8 s; waiting longer only delays the message. */
export const SERVER_TIMEOUT_MS = 8000

const jsonObject = z.record(z.string(), z.unknown())
const FIELD_COLUMNS =
  'id, organization_id, applies_to, equipment_kind, key, label, type, unit, required, choices, position, deleted_at'

export const journalEntrySchema = z.object({
  id: z.number(),
  op: z.string(),
  actor_id: z.string().nullable(),
  device_id: z.string().nullable(),
  at: z.string(),
  changed: z.array(z.string()),
  before: jsonObject.nullable(),
  after: jsonObject.nullable(),
  reason: z.string().nullable(),
})
export type JournalEntry = z.infer<typeof journalEntrySchema>

export const invoiceSchema = z.object({
  site_id: z.string().nullable(),
  invoice_number: z.string(),
  period_start: z.string(),
  energy_kwh: z.number().nullable(),
  amount: z.number(),
  currency: z.string(),
  status: z.string(),
  deleted_at: z.string().nullable(),
})
export const creditSchema = z.object({
  site_id: z.string(),
  period_start: z.string(),
  methane_destroyed_mcf: z.number().nullable(),
  credits_tco2e: z.number(),
  deleted_at: z.string().nullable(),
})
export const ledgerSchema = z.object({
  invoices: z.array(invoiceSchema),
  credits: z.array(creditSchema),
})
export type Ledger = z.infer<typeof ledgerSchema>

const schemaSizeSchema = z.object({
  schema_name: z.string(),
  tables: z.number(),
  table_bytes: z.number(),
  index_bytes: z.number(),
  total_bytes: z.number(),
})
const connectionsSchema = z.object({
  role_name: z.string(),
  database_name: z.string(),
  // pg_stat_activity hides the backend type of sessions of roles the caller cannot see (the
  // generated type says string; the server sends null).
  backend_type: z.string().nullable(),
  connections: z.number(),
  active: z.number(),
  idle_in_transaction: z.number(),
})
// The generated types call every returned column non-null; a table never analyzed has NULLs.
const tableRowsSchema = z.object({
  schema_name: z.string(),
  table_name: z.string(),
  estimated_rows: z.number().nullable(),
  dead_rows: z.number(),
  total_bytes: z.number(),
  last_analyzed: z.string().nullable(),
})
export const monitoringSchema = z.object({
  schemas: z.array(schemaSizeSchema),
  connections: z.array(connectionsSchema),
  tables: z.array(tableRowsSchema),
})
export type SchemaSize = z.infer<typeof schemaSizeSchema>
export type Connections = z.infer<typeof connectionsSchema>
export type TableRows = z.infer<typeof tableRowsSchema>
export type Monitoring = z.infer<typeof monitoringSchema>

const profileSchema = z.object({
  id: z.string(),
  display_name: z.string().nullable(),
  email: z.string().nullable(),
})

/** The server refused or did not answer; `message` is the server's own or the network's. */
export class ServerError extends Error {
  constructor(
    message: string,
    /** PostgreSQL's SQLSTATE or PostgREST's code, when the server answered. */
    readonly code?: string,
  ) {
    super(message)
    this.name = 'ServerError'
  }
}

export interface Server {
  recordHistory(table: string, rowId: string): Promise<JournalEntry[]>
  ledger(sinceMonth: string): Promise<Ledger>
  people(): Promise<Record<string, string>>
  /** The organization's live checklist templates (copied onto new work orders). */
  checklistTemplates(): Promise<ChecklistTemplate[]>
  /** Office or admin (RLS): adds a template, or changes one (the database checks its steps). */
  saveChecklistTemplate(template: ChecklistTemplate, isNew: boolean): Promise<void>
  /** Office or admin (RLS): a soft delete; orders that copied its steps keep them. */
  removeChecklistTemplate(id: string): Promise<void>
  /** The organization's live custom fields for sites and equipment (RLS: its members). */
  fieldDefinitions(): Promise<FieldDefinition[]>
  /** Office or admin (RLS): adds a field, or changes what may change of one (label, unit, rules). */
  saveFieldDefinition(field: FieldDefinition, isNew: boolean): Promise<void>
  /** Office or admin (RLS): a soft delete; values stay on the rows, read-only. */
  removeFieldDefinition(id: string): Promise<void>
  monitoring(): Promise<Monitoring>
  closePeriod(siteId: string, month: string): Promise<void>
  reopenPeriod(siteId: string, month: string, reason: string): Promise<void>
  /** The office's decision on a conflict (docs/sync-protocol.md, resolve_conflict). */
  resolveConflict(conflictId: string, resolution: { [key: string]: Json }): Promise<void>
  /** The user's role in each organization they belong to. */
  memberRoles(userId: string): Promise<Record<string, MemberRole>>
  /** Members of the caller's organizations, with their roles (the admin's people screen). */
  members(): Promise<Member[]>
  /** Live site assignments the caller may see. */
  assignments(): Promise<Assignment[]>
  /** Admins only (RLS): a technician's device holds the site's history from its next sync. */
  assign(organizationId: string, siteId: string, userId: string): Promise<void>
  /** Admins only (RLS): a soft delete, so the technician's device drops the site. */
  unassign(assignmentId: string): Promise<void>
  setRole(organizationId: string, userId: string, role: MemberRole): Promise<void>
}

export const memberSchema = z.object({
  organization_id: z.string(),
  user_id: z.string(),
  role: z.enum(MEMBER_ROLES),
})
export type Member = z.infer<typeof memberSchema>
const membershipSchema = memberSchema.omit({ user_id: true })

export const assignmentSchema = z.object({
  id: z.string(),
  organization_id: z.string(),
  site_id: z.string(),
  user_id: z.string(),
})
export type Assignment = z.infer<typeof assignmentSchema>

interface Answer {
  data: unknown
  error: { message: string; code?: string } | null
}

/** A call that gives up after `ms`, so a dead connection is reported in seconds, not minutes. */
export async function withTimeout<T>(work: PromiseLike<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      Promise.resolve(work),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ServerError('the server did not answer in time')), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

export function createServer(
  client: SupabaseClient<Database>,
  timeoutMs = SERVER_TIMEOUT_MS,
): Server {
  const business = client.schema('business')
  async function call<S extends z.ZodType>(what: string, schema: S, work: PromiseLike<Answer>) {
    const { data, error } = await withTimeout(work, timeoutMs)
    if (error) throw new ServerError(error.message, error.code || undefined)
    const parsed = schema.safeParse(data)
    if (!parsed.success) throw new ServerError(`the server sent an unexpected answer for ${what}`)
    return parsed.data
  }
  return {
    recordHistory: (table, rowId) =>
      call(
        'the history',
        z.array(journalEntrySchema),
        business
          .from('journal')
          .select('id, op, actor_id, device_id, at, changed, before, after, reason')
          .eq('table_name', table)
          .eq('row_id', rowId)
          .order('at', { ascending: false })
          .limit(50),
      ),
    async ledger(since) {
      const [invoices, credits] = await Promise.all([
        call(
          'invoices',
          z.array(invoiceSchema),
          business
            .from('invoices')
            .select(
              'site_id, invoice_number, period_start, energy_kwh, amount, currency, status, deleted_at',
            )
            .gte('period_start', since),
        ),
        call(
          'carbon credits',
          z.array(creditSchema),
          business
            .from('carbon_credits')
            .select('site_id, period_start, methane_destroyed_mcf, credits_tco2e, deleted_at')
            .gte('period_start', since),
        ),
      ])
      return { invoices, credits }
    },
    async people() {
      const rows = await call(
        'people',
        z.array(profileSchema),
        client.from('profiles').select('id, display_name, email'),
      )
      return Object.fromEntries(rows.map((p) => [p.id, p.display_name ?? p.email ?? p.id]))
    },
    checklistTemplates: () =>
      call(
        'checklist templates',
        z.array(checklistTemplateSchema),
        business
          .from('checklist_templates')
          .select('id, organization_id, name, equipment_kind, work_kind, steps, deleted_at')
          .is('deleted_at', null)
          .order('name'),
      ),
    async saveChecklistTemplate(template, isNew) {
      const { id, organization_id, deleted_at: _, ...changeable } = template
      const rows = await call(
        'the template',
        z.array(z.object({ id: z.string() })),
        isNew
          ? business
              .from('checklist_templates')
              .insert({ id, organization_id, ...changeable })
              .select('id')
          : business
              .from('checklist_templates')
              .update(changeable)
              .eq('id', id)
              .is('deleted_at', null)
              .select('id'),
      )
      if (rows.length === 0)
        throw new ServerError('only office or admin staff can change templates, or it was removed')
    },
    async removeChecklistTemplate(id) {
      const rows = await call(
        'removing the template',
        z.array(z.object({ id: z.string() })),
        business
          .from('checklist_templates')
          .update({ deleted_at: new Date().toISOString() })
          .eq('id', id)
          .is('deleted_at', null)
          .select('id'),
      )
      if (rows.length === 0)
        throw new ServerError('only office or admin staff can remove templates, or it is gone')
    },
    fieldDefinitions: () =>
      call(
        'custom fields',
        z.array(fieldDefinitionSchema),
        business
          .from('custom_field_definitions')
          .select(FIELD_COLUMNS)
          .is('deleted_at', null)
          .order('position')
          .order('label'),
      ),
    async saveFieldDefinition(field, isNew) {
      const { id, organization_id, applies_to, key, type, deleted_at: _, ...changeable } = field
      const rows = await call(
        'the field',
        z.array(z.object({ id: z.string() })),
        isNew
          ? business
              .from('custom_field_definitions')
              .insert({ id, organization_id, applies_to, key, type, ...changeable })
              .select('id')
          : business
              .from('custom_field_definitions')
              .update(changeable)
              .eq('id', id)
              .is('deleted_at', null)
              .select('id'),
      )
      if (rows.length === 0)
        throw new ServerError('only office or admin staff can change fields, or it was removed')
    },
    async removeFieldDefinition(id) {
      const rows = await call(
        'removing the field',
        z.array(z.object({ id: z.string() })),
        business
          .from('custom_field_definitions')
          .update({ deleted_at: new Date().toISOString() })
          .eq('id', id)
          .is('deleted_at', null)
          .select('id'),
      )
      if (rows.length === 0)
        throw new ServerError('only office or admin staff can remove fields, or it is gone')
    },
    async monitoring() {
      const [schemas, connections, tables] = await Promise.all([
        call('schema sizes', monitoringSchema.shape.schemas, business.rpc('admin_schema_sizes')),
        call('connections', monitoringSchema.shape.connections, business.rpc('admin_connections')),
        call('table rows', monitoringSchema.shape.tables, business.rpc('admin_table_rows')),
      ])
      return { schemas, connections, tables }
    },
    async closePeriod(siteId, month) {
      await call(
        'closing the month',
        z.unknown(),
        business.rpc('close_period', { p_site_id: siteId, p_month: month }),
      )
    },
    async reopenPeriod(siteId, month, reason) {
      await call(
        'reopening the month',
        z.unknown(),
        business.rpc('reopen_period', { p_site_id: siteId, p_month: month, p_reason: reason }),
      )
    },
    async resolveConflict(conflictId, resolution) {
      await call(
        'resolving the conflict',
        z.unknown(),
        business.rpc('resolve_conflict', { p_conflict_id: conflictId, p_resolution: resolution }),
      )
    },
    async memberRoles(userId) {
      const rows = await call(
        'your roles',
        z.array(membershipSchema),
        client.from('organization_members').select('organization_id, role').eq('user_id', userId),
      )
      return Object.fromEntries(rows.map((m) => [m.organization_id, m.role]))
    },
    members: () =>
      call(
        'members',
        z.array(memberSchema),
        client.from('organization_members').select('organization_id, user_id, role'),
      ),
    assignments: () =>
      call(
        'site assignments',
        z.array(assignmentSchema),
        business
          .from('site_assignments')
          .select('id, organization_id, site_id, user_id')
          .is('deleted_at', null),
      ),
    async assign(organizationId, siteId, userId) {
      await call(
        'the assignment',
        z.unknown(),
        business
          .from('site_assignments')
          .insert({ organization_id: organizationId, site_id: siteId, user_id: userId }),
      )
    },
    async unassign(assignmentId) {
      // The row must come back: an update RLS hides changes nothing and reports no error.
      const rows = await call(
        'the unassignment',
        z.array(z.object({ id: z.string() })),
        business
          .from('site_assignments')
          .update({ deleted_at: new Date().toISOString() })
          .eq('id', assignmentId)
          .is('deleted_at', null)
          .select('id'),
      )
      if (rows.length === 0)
        throw new ServerError('that assignment is not yours to change, or is gone')
    },
    async setRole(organizationId, userId, role) {
      const rows = await call(
        'the role',
        z.array(z.object({ user_id: z.string() })),
        client
          .from('organization_members')
          .update({ role })
          .eq('organization_id', organizationId)
          .eq('user_id', userId)
          .select('user_id'),
      )
      if (rows.length === 0)
        throw new ServerError('only an admin of that organization can change roles')
    },
  }
}
