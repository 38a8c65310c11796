import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestDatabase } from '../../support/db'
import { createTestDatabase } from '../../support/db'

let db: TestDatabase

beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

/** What the API may call (supabase/migrations/20261202001000_function_grants.sql, 20261202700300_admin_monitoring.sql). */
const API = [
  'business.admin_connections()',
  'business.admin_schema_sizes()',
  'business.admin_table_rows()',
  'business.close_period(uuid,date)',
  'business.readable_site_ids()',
  'business.reopen_period(uuid,date,text)',
  'business.resolve_conflict(uuid,jsonb)',
  'business.sync_pull(jsonb,integer)',
  'business.sync_push(json)',
  'business.writable_site_ids()',
  'public.my_organization_ids(text[])',
]

async function functions(where: string, params: unknown[] = []): Promise<string[]> {
  const { rows } = await db.pool.query<{ fn: string }>(
    `select n.nspname || '.' || p.proname || '(' ||
            coalesce((select string_agg(format_type(t, null), ',' order by o)
                      from unnest(p.proargtypes) with ordinality as a (t, o)), '') || ')' as fn
     from pg_proc p
     join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('business', 'business_private', 'public')
       and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
       and ${where}
     order by 1`,
    params,
  )
  return rows.map((r) => r.fn)
}

describe('function privileges', () => {
  it('lets anon execute none of the project’s functions', async () => {
    expect(await functions(`has_function_privilege('anon', p.oid, 'execute')`)).toEqual([])
  })

  it('lets signed-in users execute exactly the API in the exposed schemas', async () => {
    expect(
      await functions(
        `n.nspname <> 'business_private' and has_function_privilege('authenticated', p.oid, 'execute')`,
      ),
    ).toEqual(API)
  })

  it('keeps the operator functions from signed-in users', async () => {
    expect(
      await functions(
        `p.proname in ('purge_sync_history', 'site_ids_of', 'start_new_sync_epoch') and has_function_privilege('authenticated', p.oid, 'execute')`,
      ),
    ).toEqual([])
  })

  it('keeps every SECURITY DEFINER function out of the schemas the API exposes', async () => {
    expect(await functions(`p.prosecdef and n.nspname <> 'business_private'`)).toEqual([])
  })

  it('does not grant functions created later to PUBLIC or the API roles', async () => {
    // The default privileges that a new function would get (read from the catalog: creating
    // one would hold a transaction open in the shared cluster).
    const { rows } = await db.pool.query<{ acl: string | null; schema: string }>(
      `select coalesce(n.nspname, '*') as schema, d.defaclacl::text as acl
       from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace
       where d.defaclobjtype = 'f' and d.defaclrole = 'postgres'::regrole`,
    )
    const global = rows.find((r) => r.schema === '*')
    expect(global?.acl).toBeDefined()
    expect(global!.acl).not.toMatch(/[{,]=X/)
    for (const r of rows) expect(r.acl ?? '').not.toMatch(/(anon|authenticated)=X/)
  })
})
