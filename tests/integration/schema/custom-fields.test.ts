// Custom fields (migrations/20261203000900_custom_fields.sql): the database and the device
// judge a value with the same words, the registry's rules hold in SQL, and a write is checked
// against the fields of its own organization and kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FieldType } from '../../../src/shared/schema/custom-fields'
import { valueProblem } from '../../../src/shared/schema/custom-fields'
import type { Actor, TestDatabase } from '../../support/db'
import { actorFor, asActor, createTestDatabase } from '../../support/db'
import { EMAIL, ORG, equipment, site } from '../../support/demo'

let db: TestDatabase
let office: Actor
let tech: Actor
let otherTech: Actor

beforeAll(async () => {
  db = await createTestDatabase()
  office = await actorFor(db.pool, EMAIL.office)
  tech = await actorFor(db.pool, EMAIL.tech1)
  otherTech = await actorFor(db.pool, EMAIL.otherTech)
})
afterAll(() => db.drop())

const CHOICES = ['flare gas', 'diesel']
const LIMIT = 'must be between -1,000,000,000,000 and 1,000,000,000,000'
// [type, value, problem]: every rule, its edges, and JSON that is not the type.
const CASES: [FieldType, unknown, string | null][] = [
  ['text', 'Braiins OS', null],
  ['text', 'x'.repeat(500), null],
  ['text', '€'.repeat(500), null],
  ['text', '😀'.repeat(500), null],
  ['text', 'x'.repeat(501), 'can be at most 500 characters'],
  ['text', '', 'cannot be blank; leave it out instead'],
  ['text', ' \t\n', 'cannot be blank; leave it out instead'],
  ['text', '\u00a0', null],
  ['text', 12, 'must be text'],
  ['text', null, 'cannot be empty; leave it out instead'],
  ['number', 335.5, null],
  ['number', -2, null],
  ['number', 1e12, null],
  ['number', -1e12, null],
  ['number', 1e12 + 1, LIMIT],
  ['number', '335', 'must be a number'],
  ['number', true, 'must be a number'],
  ['integer', 7, null],
  ['integer', 7.5, 'must be a whole number'],
  ['integer', 1e13, LIMIT],
  ['boolean', false, null],
  ['boolean', 'yes', 'must be yes or no'],
  ['boolean', 0, 'must be yes or no'],
  ['date', '2026-02-28', null],
  ['date', '2028-02-29', null],
  ['date', '2026-02-29', 'must be a day (YYYY-MM-DD)'],
  ['date', '2026-13-01', 'must be a day (YYYY-MM-DD)'],
  ['date', '0000-01-01', 'must be a day (YYYY-MM-DD)'],
  ['date', '0001-01-01', null],
  ['date', '2026-1-01', 'must be a day (YYYY-MM-DD)'],
  ['date', '2026-01-01T00:00:00Z', 'must be a day (YYYY-MM-DD)'],
  ['date', 20260101, 'must be a day (YYYY-MM-DD)'],
  ['choice', 'diesel', null],
  ['choice', 'Diesel', 'must be one of: flare gas, diesel'],
  ['choice', 1, 'must be one of: flare gas, diesel'],
]

describe('custom field values', () => {
  it('are judged alike by the database and the device', async () => {
    const { rows } = await db.pool.query<{ i: number; problem: string | null }>(
      `select c.i, business_private.custom_field_problem(c.type, c.choices, c.value) as problem
       from jsonb_to_recordset($1::jsonb) as c (i int, type text, choices text[], value jsonb)
       order by c.i`,
      [
        JSON.stringify(
          CASES.map(([type, value], i) => ({
            i,
            type,
            choices: type === 'choice' ? CHOICES : null,
            value,
          })),
        ),
      ],
    )
    const sql = rows.map((r) => [CASES[r.i]![0], CASES[r.i]![1], r.problem])
    const device = CASES.map(([type, value]) => [
      type,
      value,
      valueProblem({ type, choices: type === 'choice' ? CHOICES : null }, value),
    ])
    expect(sql).toEqual(CASES)
    expect(device).toEqual(CASES)
  })
})

const setFields = (actor: Actor, table: 'equipment' | 'sites', id: string, fields: unknown) =>
  asActor(db.pool, actor, async (c) => {
    const r = await c.query<{ custom_fields: unknown }>(
      `update business.${table} set custom_fields = $2::jsonb where id = $1 returning custom_fields`,
      [id, JSON.stringify(fields)],
    )
    return r.rows
  })

// Miner 5 of site 1 (seeded: hashrate 335, firmware) and generator 1 (fuel).
const MINER = equipment(1, 5)
const GENERATOR = equipment(1, 1)

describe('writing custom fields', () => {
  it('stores values that fit their fields, from a technician of the site', async () => {
    expect(
      await setFields(tech, 'equipment', MINER, {
        hashrate_ths: 340,
        firmware: 'Braiins OS 24.09',
        warranty_until: '2027-06-30',
      }),
    ).toEqual([
      {
        custom_fields: {
          hashrate_ths: 340,
          firmware: 'Braiins OS 24.09',
          warranty_until: '2027-06-30',
        },
      },
    ])
  })

  it('refuses a value that does not fit, in the words the form shows', async () => {
    await expect(
      setFields(tech, 'equipment', MINER, { hashrate_ths: 'fast' }),
    ).rejects.toMatchObject({
      code: '23514',
      constraint: 'custom_fields_valid',
      message: 'Nominal hashrate must be a number',
    })
  })

  it('refuses a key of another kind, another target or another organization', async () => {
    // fuel is a generator field; lease_number a site field; the other organization's
    // "Hashrate" is not 10NetZero's (same key, but theirs: ours is Nominal hashrate).
    await expect(setFields(tech, 'equipment', MINER, { fuel: 'diesel' })).rejects.toMatchObject({
      code: '23514',
      constraint: 'custom_fields_known',
      message: 'there is no field "fuel" for this kind of equipment',
    })
    await expect(
      setFields(tech, 'equipment', GENERATOR, { lease_number: 'L-1' }),
    ).rejects.toMatchObject({ constraint: 'custom_fields_known' })
    await expect(setFields(office, 'sites', site(1), { hashrate_ths: 1 })).rejects.toMatchObject({
      constraint: 'custom_fields_known',
      message: 'there is no field "hashrate_ths" for sites',
    })
    await expect(
      setFields(otherTech, 'equipment', equipment(7, 5), { firmware: 'x' }),
    ).rejects.toMatchObject({ constraint: 'custom_fields_known' })
    expect(await setFields(otherTech, 'equipment', equipment(7, 5), { hashrate_ths: 1 })).toEqual([
      { custom_fields: { hashrate_ths: 1 } },
    ])
  })

  it('refuses what is not an object of at most 16 KB', async () => {
    await expect(setFields(office, 'sites', site(1), ['x'])).rejects.toMatchObject({
      code: '23514',
      constraint: 'sites_custom_fields_object',
    })
    // The size alone, without the registry's trigger (which would refuse the unknown keys).
    const c = await db.pool.connect()
    try {
      await c.query('begin')
      await c.query('set local session_replication_role = replica')
      const big = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`k${i}`, `${i}`.padEnd(500, 'x')]),
      )
      await expect(
        c.query(`update business.equipment set custom_fields = $2::jsonb where id = $1`, [
          MINER,
          JSON.stringify(big),
        ]),
      ).rejects.toMatchObject({ code: '23514', constraint: 'equipment_custom_fields_object' })
    } finally {
      await c.query('rollback')
      c.release()
    }
  })

  it('does not judge values the write leaves as they were', async () => {
    // A field tightened after a value was stored: the stored value stays, and an edit of
    // another field of the row still saves.
    await db.pool.query(
      `update business.equipment set custom_fields = '{"firmware": "old", "hashrate_ths": 335}' where id = $1`,
      [MINER],
    )
    await db.pool.query(
      `update business.custom_field_definitions set deleted_at = now() where key = 'firmware'
         and organization_id = $1`,
      [ORG.tenNetZero],
    )
    expect(
      await setFields(tech, 'equipment', MINER, { firmware: 'old', hashrate_ths: 336 }),
    ).toEqual([{ custom_fields: { firmware: 'old', hashrate_ths: 336 } }])
    await expect(
      setFields(tech, 'equipment', MINER, { firmware: 'new', hashrate_ths: 336 }),
    ).rejects.toMatchObject({ constraint: 'custom_fields_known' })
    // Its other columns are not checked against the registry at all.
    await asActor(db.pool, tech, (c) =>
      c.query(`update business.equipment set notes = 'fan noise' where id = $1`, [MINER]),
    )
    await db.pool.query(
      `update business.custom_field_definitions set deleted_at = null where key = 'firmware'
         and organization_id = $1`,
      [ORG.tenNetZero],
    )
  })

  it('asks for every required field whenever custom fields are written, and on insert', async () => {
    const def = await db.pool.query<{ id: string }>(
      `insert into business.custom_field_definitions (organization_id, applies_to, equipment_kind, key, label, type, required, position)
       values ($1, 'equipment', 'miner', 'pool_worker', 'Pool worker', 'text', true, 1) returning id`,
      [ORG.tenNetZero],
    )
    try {
      await expect(setFields(tech, 'equipment', MINER, { hashrate_ths: 1 })).rejects.toMatchObject({
        code: '23514',
        constraint: 'custom_fields_required',
        message: 'required: Pool worker',
      })
      expect(
        await setFields(tech, 'equipment', MINER, { hashrate_ths: 1, pool_worker: 'mv14.r1' }),
      ).toHaveLength(1)
      await expect(
        asActor(db.pool, office, (c) =>
          c.query(
            `insert into business.equipment (organization_id, site_id, kind, name) values ($1, $2, 'miner', 'New rack')`,
            [ORG.tenNetZero, site(1)],
          ),
        ),
      ).rejects.toMatchObject({ constraint: 'custom_fields_required' })
      // Not a miner: the field is not its.
      await asActor(db.pool, office, (c) =>
        c.query(
          `insert into business.equipment (organization_id, site_id, kind, name) values ($1, $2, 'generator', 'New gen')`,
          [ORG.tenNetZero, site(1)],
        ),
      )
    } finally {
      await db.pool.query(`delete from business.custom_field_definitions where id = $1`, [
        def.rows[0]!.id,
      ])
    }
  })
})

describe('the field registry', () => {
  const define = (actor: Actor, over: Record<string, unknown>) =>
    asActor(db.pool, actor, async (c) => {
      const f = {
        organization_id: ORG.tenNetZero,
        applies_to: 'equipment',
        equipment_kind: null,
        key: 'probe',
        label: 'Probe',
        type: 'text',
        unit: null,
        choices: null,
        ...over,
      }
      const r = await c.query(
        `insert into business.custom_field_definitions (organization_id, applies_to, equipment_kind, key, label, type, unit, choices)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning key`,
        [
          f.organization_id,
          f.applies_to,
          f.equipment_kind,
          f.key,
          f.label,
          f.type,
          f.unit,
          f.choices,
        ],
      )
      return r.rows
    })

  it('holds the rules of a definition', async () => {
    expect(await define(office, {})).toEqual([{ key: 'probe' }])
    for (const [over, constraint] of [
      [{ key: 'Probe' }, 'custom_field_definitions_key_check'],
      [{ key: '1probe' }, 'custom_field_definitions_key_check'],
      [{ label: '  ' }, 'custom_field_definitions_label_check'],
      [{ type: 'money' }, 'custom_field_definitions_type_check'],
      [{ unit: 'kW' }, 'custom_field_definitions_unit_for_numbers'],
      [
        { applies_to: 'site', equipment_kind: 'miner' },
        'custom_field_definitions_kind_for_equipment',
      ],
      [{ type: 'choice' }, 'custom_field_definitions_choices'],
      [{ type: 'choice', choices: [] }, 'custom_field_definitions_choices'],
      [{ type: 'text', choices: ['a'] }, 'custom_field_definitions_choices'],
    ] as const)
      await expect(define(office, over), JSON.stringify(over)).rejects.toMatchObject({
        code: '23514',
        constraint,
      })
  })

  it('keeps one live field per key and target', async () => {
    await asActor(
      db.pool,
      office,
      async (c) => {
        await c.query(
          `insert into business.custom_field_definitions (organization_id, applies_to, key, label, type)
           values ($1, 'site', 'permit', 'Permit', 'text')`,
          [ORG.tenNetZero],
        )
      },
      { commit: true },
    )
    await expect(
      define(office, { applies_to: 'site', key: 'permit', label: 'Permit 2' }),
    ).rejects.toMatchObject({ code: '23505', constraint: 'custom_field_definitions_key' })
    // The same key for equipment is another field.
    expect(await define(office, { key: 'permit' })).toHaveLength(1)
  })

  it('never changes what a field is, only how it reads', async () => {
    const change = (set: string) =>
      asActor(db.pool, office, (c) =>
        c.query(
          `update business.custom_field_definitions set ${set} where key = 'hashrate_ths' and organization_id = $1 returning label`,
          [ORG.tenNetZero],
        ),
      )
    expect((await change(`label = 'Hashrate (nameplate)', unit = 'TH'`)).rows).toEqual([
      { label: 'Hashrate (nameplate)' },
    ])
    for (const set of [
      `type = 'text', unit = null`,
      `key = 'hashrate'`,
      `applies_to = 'site', equipment_kind = null`,
    ])
      await expect(change(set), set).rejects.toMatchObject({
        code: '23514',
        constraint: 'custom_field_definitions_fixed',
      })
  })
})

describe('production drop threshold', () => {
  const setPct = (actor: Actor, pct: number) =>
    asActor(db.pool, actor, async (c) => {
      const r = await c.query<{ production_drop_pct: string }>(
        'update business.sites set production_drop_pct = $2 where id = $1 returning production_drop_pct',
        [site(1), pct],
      )
      return r.rows
    })

  it('is 20 % unless the office sets it, between 0 and 100 %', async () => {
    const { rows } = await db.pool.query(
      'select distinct production_drop_pct::float8 as pct from business.sites',
    )
    expect(rows).toEqual([{ pct: 20 }])
    expect(await setPct(office, 12.5)).toEqual([{ production_drop_pct: '12.50' }])
    for (const pct of [0, -5, 100.01])
      await expect(setPct(office, pct)).rejects.toMatchObject({
        code: '23514',
        constraint: 'sites_production_drop_pct_range',
      })
    expect(await setPct(office, 100)).toHaveLength(1)
  })

  it('cannot be set by a technician, who may still edit the site’s fields', async () => {
    await expect(setPct(tech, 30)).rejects.toMatchObject({
      code: '42501',
      message:
        'only office or admin staff can set when a site’s production counts as a drop'.replace(
          '’',
          "'",
        ),
    })
    expect(await setFields(tech, 'sites', site(1), { lease_number: 'NM-1' })).toHaveLength(1)
  })
})
