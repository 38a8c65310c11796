import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../supabase/local/rest/errors'
import { resolveRoutine } from '../../../supabase/local/rest/routines'
import type { Routine, RoutineRow, SchemaCache } from '../../../supabase/local/schema-cache'
import { closestName, toRoutine } from '../../../supabase/local/schema-cache'

const row = (over: Partial<RoutineRow>): RoutineRow => ({
  schema: 'public',
  name: 'fn',
  volatility: 'v',
  returns_set: false,
  return_type: 'integer',
  return_typtype: 'b',
  return_columns: [],
  defaults: 0,
  arg_names: null,
  arg_modes: null,
  arg_types: [],
  ...over,
})

describe('pg_proc rows → routines', () => {
  it('input parameters, defaults, volatility and a scalar result', () => {
    const r = toRoutine(
      row({
        name: 'sync_pull',
        volatility: 's',
        return_type: 'jsonb',
        defaults: 2,
        arg_names: ['p_cursor', 'p_limit'],
        arg_types: ['jsonb', 'integer'],
      }),
    )
    expect(r).toMatchObject({
      volatility: 'stable',
      returnKind: 'scalar',
      params: [
        { name: 'p_cursor', type: 'jsonb', hasDefault: true, variadic: false },
        { name: 'p_limit', type: 'integer', hasDefault: true, variadic: false },
      ],
    })
  })

  it('returns table (...) is a composite set named by its columns; void is void', () => {
    const table = toRoutine(
      row({
        returns_set: true,
        return_type: 'record',
        return_typtype: 'p',
        arg_names: ['n', 'i', 'label'],
        arg_modes: ['i', 't', 't'],
        arg_types: ['integer', 'integer', 'text'],
      }),
    )
    expect(table.params.map((p) => p.name)).toEqual(['n'])
    expect(table.returnKind).toBe('composite')
    expect([...table.returnColumns]).toEqual([
      ['i', 'integer'],
      ['label', 'text'],
    ])
    const rowType = toRoutine(
      row({
        return_type: 'business.sites',
        return_typtype: 'c',
        return_columns: [{ name: 'id', type: 'uuid' }],
      }),
    )
    expect([rowType.returnKind, [...rowType.returnColumns.keys()]]).toEqual(['composite', ['id']])
    expect(toRoutine(row({ return_type: 'void', return_typtype: 'p' })).returnKind).toBe('void')
    const variadic = toRoutine(
      row({ arg_names: ['nums'], arg_modes: ['v'], arg_types: ['integer[]'] }),
    )
    expect(variadic.params[0]?.variadic).toBe(true)
  })
})

const param = (name: string, hasDefault = false, type = 'integer') => ({
  name,
  type,
  hasDefault,
  variadic: false,
})
const fn = (name: string, params: Routine['params']): Routine => ({
  schema: 'public',
  name,
  params,
  volatility: 'volatile',
  returnsSet: false,
  returnType: 'integer',
  returnKind: 'scalar',
  returnColumns: new Map(),
})

function cache(routines: Routine[]): SchemaCache {
  const byName = new Map<string, Routine[]>()
  for (const r of routines) byName.set(r.name, [...(byName.get(r.name) ?? []), r])
  return {
    schemas: ['public'],
    tables: new Map([['public', new Map()]]),
    roleSettings: new Map(),
    routines: new Map([['public', byName]]),
  }
}

function errorOf(run: () => unknown): ApiError {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

describe('choosing the function an RPC calls', () => {
  const add2 = fn('add', [param('a'), param('b', true)])
  const add3 = fn('add', [param('a'), param('b'), param('c')])
  const json = fn('echo', [{ name: '', type: 'jsonb', hasDefault: false, variadic: false }])
  const c = cache([add2, add3, json, fn('greet', [param('name', false, 'text')])])

  it('matches argument names, allowing defaults', () => {
    expect(resolveRoutine(c, 'public', 'add', ['a'], 'json').routine).toBe(add2)
    expect(resolveRoutine(c, 'public', 'add', ['a', 'b'], 'json').routine).toBe(add2)
    expect(resolveRoutine(c, 'public', 'add', ['c', 'a', 'b'], 'json').routine).toBe(add3)
  })

  it('a single unnamed json parameter takes any JSON body', () => {
    expect(resolveRoutine(c, 'public', 'echo', ['x', 'y'], 'json')).toEqual({
      kind: 'single',
      routine: json,
    })
    expect(errorOf(() => resolveRoutine(c, 'public', 'echo', ['x'], 'none')).body.code).toBe(
      'PGRST202',
    )
  })

  it('nothing matching → 404 PGRST202, with a hint for a near name', () => {
    const wrongArgs = errorOf(() => resolveRoutine(c, 'public', 'greet', ['nope'], 'json'))
    expect(wrongArgs.status).toBe(404)
    expect(wrongArgs.body.message).toBe(
      'Could not find the function public.greet(nope) in the schema cache',
    )
    expect(wrongArgs.body.hint).toBeNull()
    const typo = errorOf(() => resolveRoutine(c, 'public', 'greett', ['name'], 'json'))
    expect(typo.body.hint).toBe('Perhaps you meant to call the function public.greet')
  })

  it('several equally good overloads → 300 PGRST203', () => {
    const amb = cache([fn('amb', [param('x', true)]), fn('amb', [param('y', true)])])
    const error = errorOf(() => resolveRoutine(amb, 'public', 'amb', [], 'json'))
    expect([error.status, error.body.code]).toEqual([300, 'PGRST203'])
  })

  it('unnamed parameters with defaults are candidates too, in PostgREST order (upstream advanced_rpc)', () => {
    const unnamed = (type: string, hasDefault = true) => ({
      name: '',
      type,
      hasDefault,
      variadic: false,
    })
    const poly = cache([
      fn('p', [unnamed('text')]),
      fn('p', [unnamed('integer')]),
      fn('p', []),
      fn('p', [unnamed('boolean')]),
    ])
    const error = errorOf(() => resolveRoutine(poly, 'public', 'p', [], 'json'))
    expect(error.body).toEqual({
      code: 'PGRST203',
      message:
        'Could not choose the best candidate function between: public.p(), public.p( => text)',
      details: null,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    })
    expect(resolveRoutine(poly, 'public', 'p', [''], 'json')).toMatchObject({ kind: 'single' })
    const ordered = cache([
      fn('u', [param('a', false, 'text')]),
      fn('u', [param('a', false, 'integer')]),
    ])
    expect(errorOf(() => resolveRoutine(ordered, 'public', 'u', ['a'], 'json')).body.message).toBe(
      'Could not choose the best candidate function between: public.u(a => integer), public.u(a => text)',
    )
  })

  it('a text body reaches a single unnamed text parameter; otherwise PGRST202 as PostgREST words it', () => {
    const text = fn('t', [{ name: '', type: 'text', hasDefault: false, variadic: false }])
    const c2 = cache([text, fn('n', [param('x')])])
    expect(resolveRoutine(c2, 'public', 't', [], 'text')).toEqual({ kind: 'single', routine: text })
    expect(errorOf(() => resolveRoutine(c2, 'public', 'n', [], 'text')).body).toEqual({
      code: 'PGRST202',
      message: 'Could not find the function public.n in the schema cache',
      details:
        'Searched for the function public.n with a single unnamed text parameter, but no matches were found in the schema cache.',
      hint: null,
    })
    expect(errorOf(() => resolveRoutine(c2, 'public', 'n', ['b', 'a'], 'none')).body).toMatchObject(
      {
        message: 'Could not find the function public.n(a, b) in the schema cache',
        details:
          'Searched for the function public.n with parameters a, b, but no matches were found in the schema cache.',
      },
    )
  })

  it('closestName finds near names only', () => {
    expect(closestName(['sites', 'equipment'], 'site')).toBe('sites')
    expect(closestName(['sites', 'equipment'], 'invoices')).toBeUndefined()
  })
})
