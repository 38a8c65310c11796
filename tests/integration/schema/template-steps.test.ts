// Checklist template steps (migrations/20261204000300_checklist_template_steps.sql): the
// database accepts exactly the steps the devices' zod schema accepts, so a template the office
// saves is never one every laptop then refuses to read; a refusal names the step and why.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checklistTemplateSchema } from '../../../src/shared/schema/tables'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG } from '../../support/demo'

let db: TestDatabase
let office: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  office = await actorFor(db.pool, EMAIL.office)
})
afterAll(() => db.drop())

const step = (over: Record<string, unknown> = {}) => ({ label: 'Check oil level', ...over })

// Each a whole `steps` value: the rules, their edges, and JSON of the wrong type.
const CASES: unknown[] = [
  [step()],
  [step({ required: true, requires: 'number', unit: 'psi' })],
  [step({ requires: 'text', unit: null })],
  [step({ photo: true })],
  [step({ label: 'x'.repeat(500) })],
  [step({ label: ` ${'x'.repeat(500)}\n` })],
  [step({ label: 'x'.repeat(501) })],
  [step({ label: '😀'.repeat(250) })],
  [step({ label: '😀'.repeat(251) })],
  [step({ label: '' })],
  [step({ label: ' \t\n' })],
  [step({ label: '\u00a0' })],
  [step({ label: '\u3000\ufeff' })],
  [step({ label: '\u00a0x' })],
  [step({ label: 12 })],
  [{ required: true }],
  [step({ required: 'yes' })],
  [step({ required: null })],
  [step({ requires: 'photo' })],
  [step({ requires: null })],
  [step({ unit: '' })],
  [step({ unit: 'x'.repeat(20) })],
  [step({ unit: 'x'.repeat(21) })],
  [step({ unit: 5 })],
  [step(), 'not a step'],
  [step(), step({ label: '' })],
  [],
  Array.from({ length: 100 }, () => step()),
  Array.from({ length: 101 }, () => step()),
  { label: 'not a list' },
]

describe('checklist template steps', () => {
  it('the database and the devices accept the same steps', async () => {
    const { rows } = await db.pool.query<{ i: number; problem: string | null }>(
      `select c.i::int, business_private.template_steps_problem(c.steps) as problem
       from jsonb_array_elements($1::jsonb) with ordinality as c (steps, i) order by c.i`,
      [JSON.stringify(CASES)],
    )
    const verdicts = CASES.map((steps, i) => [
      JSON.stringify(steps).slice(0, 60),
      checklistTemplateSchema.shape.steps.safeParse(steps).success,
      rows[i]!.problem === null,
    ])
    expect(verdicts.filter(([, device, server]) => device !== server)).toEqual([])
    // Both sides refuse some and accept some: the table tests the rules, not one answer.
    expect(verdicts.filter(([, ok]) => ok).length).toBeGreaterThan(5)
    expect(verdicts.filter(([, ok]) => !ok).length).toBeGreaterThan(10)
  })

  it('refuses a bad step through the API with the step and the reason, and changes nothing', async () => {
    const id = randomUUID()
    const write = (steps: unknown) =>
      asActor(
        db.pool,
        office,
        async (c) => {
          await c.query(
            `insert into business.checklist_templates (id, organization_id, name, steps)
           values ($1, $2, 'Pump check', $3::jsonb)`,
            [id, ORG.tenNetZero, JSON.stringify(steps)],
          )
        },
        { commit: true },
      )
    await expect(write([step(), step({ requires: 'photo' })])).rejects.toMatchObject({
      code: '23514',
      message: 'Step 2: requires must be check, number or text',
    })
    await write([step()])
    await expect(
      asActor(
        db.pool,
        office,
        (c) =>
          c.query(`update business.checklist_templates set steps = $2::jsonb where id = $1`, [
            id,
            JSON.stringify([step({ unit: 'x'.repeat(21) })]),
          ]),
        { commit: true },
      ),
    ).rejects.toMatchObject({ code: '23514', message: 'Step 1: unit must be 1 to 20 characters' })
    const { rows } = await db.pool.query(
      'select steps from business.checklist_templates where id = $1',
      [id],
    )
    expect(rows).toEqual([{ steps: [step()] }])
  })

  it('holds for every seeded template', async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_constraint
       where conname = 'checklist_templates_steps_valid' and convalidated`,
    )
    expect(rows[0]!.n).toBe(1)
  })
})
