import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { Actor } from './db'
import { asActor } from './db'

export interface PushMutation {
  id?: string
  table: string
  op: 'insert' | 'update' | 'delete'
  row_id: string
  base_updated_at?: string | null
  data?: Record<string, unknown>
  base?: Record<string, unknown>
  changed_at?: string
  device_id?: string
}

export interface PushResult {
  id: string
  status: 'applied' | 'merged' | 'conflict' | 'rejected' | 'duplicate' | 'retry'
  row: Record<string, unknown> | null
  conflict_id: string | null
  error: { code: string; message: string } | null
}

export interface PullPage {
  changes: Record<string, Record<string, unknown>[]>
  cursor: unknown
  has_more: boolean
  server_time: string
  scope: { site_ids: string[] }
  reset: boolean
}

export const DEVICE = '0d000000-0000-4000-8000-000000000001'

export function mutation(m: PushMutation): Required<PushMutation> {
  return {
    id: m.id ?? randomUUID(),
    table: m.table,
    op: m.op,
    row_id: m.row_id,
    base_updated_at: m.base_updated_at ?? null,
    data: m.data ?? {},
    base: m.base ?? {},
    changed_at: m.changed_at ?? new Date().toISOString(),
    device_id: m.device_id ?? DEVICE,
  }
}

export async function push(
  pool: pg.Pool,
  actor: Actor,
  mutations: PushMutation[],
): Promise<PushResult[]> {
  return asActor(
    pool,
    actor,
    async (c) => {
      const { rows } = await c.query<{ r: { results: PushResult[] } }>(
        'select business.sync_push($1::json) as r',
        [JSON.stringify(mutations.map(mutation))],
      )
      return rows[0]!.r.results
    },
    { commit: true },
  )
}

export async function pullPage(
  pool: pg.Pool,
  actor: Actor,
  cursor: unknown,
  limit = 1000,
): Promise<PullPage> {
  return asActor(pool, actor, async (c) => {
    const { rows } = await c.query<{ r: PullPage }>('select business.sync_pull($1, $2) as r', [
      cursor === null ? null : JSON.stringify(cursor),
      limit,
    ])
    return rows[0]!.r
  })
}

/** Pulls until has_more is false; returns every page. */
export async function pullAll(
  pool: pg.Pool,
  actor: Actor,
  cursor: unknown = null,
  limit = 1000,
): Promise<{ pages: PullPage[]; cursor: unknown; rows: Map<string, Record<string, unknown>[]> }> {
  const pages: PullPage[] = []
  const rows = new Map<string, Record<string, unknown>[]>()
  let next = cursor
  for (;;) {
    const page = await pullPage(pool, actor, next, limit)
    pages.push(page)
    for (const [table, list] of Object.entries(page.changes))
      rows.set(table, [...(rows.get(table) ?? []), ...list])
    next = page.cursor
    if (!page.has_more) break
    if (pages.length > 10_000) throw new Error('pull did not finish')
  }
  return { pages, cursor: next, rows }
}

export async function rowOf(
  pool: pg.Pool,
  table: string,
  id: string,
): Promise<Record<string, unknown>> {
  const { rows } = await pool.query<{ r: Record<string, unknown> }>(
    `select to_jsonb(t) - 'txid' as r from business.${pg.escapeIdentifier(table)} t where id = $1`,
    [id],
  )
  if (!rows[0]) throw new Error(`no ${table} row ${id}`)
  return rows[0].r
}

/**
 * Waits until every transaction that began before now has finished. sync_pull hands out
 * only rows of transactions older than the oldest one still running anywhere in the
 * cluster, so a test that pulls right after writing waits for this first (another test
 * file may be holding a transaction open, e.g. CREATE DATABASE).
 */
export async function settle(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ x: string }>('select pg_current_xact_id()::text as x')
  const mark = rows[0]!.x
  for (let i = 0; i < 500; i++) {
    const r = await pool.query<{ ok: boolean }>(
      'select pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 as ok',
      [mark],
    )
    if (r.rows[0]!.ok) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('transactions did not settle within 10 s')
}

/** An update of `data` on a row as it is now: the row's version and the fields' current values. */
export async function editOf(
  pool: pg.Pool,
  table: string,
  id: string,
  data: Record<string, unknown>,
): Promise<PushMutation> {
  const row = await rowOf(pool, table, id)
  return {
    table,
    op: 'update',
    row_id: id,
    base_updated_at: row.updated_at as string,
    data,
    base: Object.fromEntries(Object.keys(data).map((k) => [k, row[k]])),
  }
}

/** pullAll once every earlier write is visible to pulls (see settle). */
export async function pullSettled(
  pool: pg.Pool,
  actor: Actor,
  cursor: unknown = null,
): ReturnType<typeof pullAll> {
  await settle(pool)
  return pullAll(pool, actor, cursor)
}
