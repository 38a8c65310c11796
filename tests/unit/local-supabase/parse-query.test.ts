import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../supabase/local/rest/errors'
import {
  parseColumnList,
  parseFilterValue,
  parseLogicTree,
  parseOrder,
  parseQuery,
  parseSelect,
} from '../../../supabase/local/rest/parse-query'

const field = (name: string) => ({ name, jsonPath: [] })
const query = (qs: string) => parseQuery(new URLSearchParams(qs))

function errorOf(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

describe('select', () => {
  it('columns, star, aliases, casts, JSON paths, spaces', () => {
    expect(parseSelect('*')).toEqual([{ kind: 'star' }])
    expect(parseSelect('id, label:name,capacity_kw::text')).toEqual([
      { kind: 'column', field: field('id') },
      { kind: 'column', field: field('name'), alias: 'label' },
      { kind: 'column', field: field('capacity_kw'), cast: 'text' },
    ])
    expect(parseSelect('parts->0->>part_number')).toEqual([
      {
        kind: 'column',
        field: {
          name: 'parts',
          jsonPath: [
            { arrow: '->', operand: '0', index: true },
            { arrow: '->>', operand: 'part_number', index: false },
          ],
        },
      },
    ])
    expect(parseSelect('"a,b":"weird name"')).toEqual([
      { kind: 'column', field: field('weird name'), alias: 'a,b' },
    ])
    expect(parseSelect('"with \\"quote"')).toEqual([
      { kind: 'column', field: field('with "quote') },
    ])
    expect(parseSelect('first-name')).toEqual([{ kind: 'column', field: field('first-name') }])
  })

  it('embeds: alias, hints, !inner, empty selects; count() is the aggregate', () => {
    expect(parseSelect('id,eq:equipment!equipment_site_fkey!inner(id,*)')).toEqual([
      { kind: 'column', field: field('id') },
      {
        kind: 'embed',
        name: 'equipment',
        alias: 'eq',
        hint: 'equipment_site_fkey',
        inner: true,
        select: [{ kind: 'column', field: field('id') }, { kind: 'star' }],
      },
    ])
    expect(parseSelect('users()')).toEqual([
      { kind: 'embed', name: 'users', inner: false, select: [] },
    ])
    expect(parseSelect('a(b!left(c))')).toEqual([
      {
        kind: 'embed',
        name: 'a',
        inner: false,
        select: [
          {
            kind: 'embed',
            name: 'b',
            inner: false,
            select: [{ kind: 'column', field: field('c') }],
          },
        ],
      },
    ])
  })

  it('refuses spreads (PGRST127), aggregates (PGRST123) and unsafe casts (PGRST100)', () => {
    expect(errorOf(() => parseSelect('...projects(name)')).body.code).toBe('PGRST127')
    expect(errorOf(() => parseSelect('count()')).body.code).toBe('PGRST123')
    expect(errorOf(() => parseSelect('capacity_kw.sum()')).body.code).toBe('PGRST123')
    expect(errorOf(() => parseSelect('id::text); drop table x')).body.code).toBe('PGRST100')
    expect(errorOf(() => parseSelect('id,')).body.code).toBe('PGRST100')
    expect(errorOf(() => parseSelect('clients(name')).body.code).toBe('PGRST100')
  })
})

describe('filters', () => {
  it('simple operators keep the rest of the value, dots included', () => {
    expect(parseFilterValue(field('a'), 'eq.1.5')).toEqual({
      field: field('a'),
      negated: false,
      operation: { kind: 'op', op: 'eq', value: '1.5' },
    })
    expect(parseFilterValue(field('a'), 'not.ilike.*x*').operation).toEqual({
      kind: 'op',
      op: 'ilike',
      value: '*x*',
    })
    expect(parseFilterValue(field('a'), 'not.ilike.*x*').negated).toBe(true)
    expect(parseFilterValue(field('a'), 'eq(any).{1,2}').operation).toEqual({
      kind: 'op',
      op: 'eq',
      value: '{1,2}',
      quantifier: 'any',
    })
    expect(parseFilterValue(field('a'), 'cs.{a,b}').operation).toMatchObject({ op: 'cs' })
  })

  it('in: bare, quoted (with escapes) and empty elements', () => {
    expect(parseFilterValue(field('a'), 'in.(1, 2,"x,y","q\\"uote","(p)")').operation).toEqual({
      kind: 'in',
      values: ['1', ' 2', 'x,y', 'q"uote', '(p)'],
    })
    expect(parseFilterValue(field('a'), 'in.()').operation).toEqual({ kind: 'in', values: [''] })
    // An unterminated quote is part of a bare value, as in PostgREST.
    expect(parseFilterValue(field('a'), 'in.("; drop,x)').operation).toEqual({
      kind: 'in',
      values: ['"; drop', 'x'],
    })
  })

  it('is, isdistinct, full-text search', () => {
    for (const [text, value] of [
      ['is.null', 'null'],
      ['is.NULL', 'null'],
      ['is.not_null', 'not_null'],
      ['is.true', 'true'],
      ['is.false', 'false'],
      ['is.unknown', 'unknown'],
    ])
      expect(parseFilterValue(field('a'), text ?? '').operation).toEqual({ kind: 'is', value })
    expect(errorOf(() => parseFilterValue(field('a'), 'is.maybe')).body.code).toBe('PGRST100')
    expect(parseFilterValue(field('a'), 'isdistinct.x').operation).toEqual({
      kind: 'isdistinct',
      value: 'x',
    })
    expect(parseFilterValue(field('a'), 'fts(english).oil & gas').operation).toEqual({
      kind: 'fts',
      op: 'fts',
      language: 'english',
      value: 'oil & gas',
    })
    expect(parseFilterValue(field('a'), 'wfts.x').operation).toMatchObject({ op: 'wfts' })
  })

  it('unknown operators → PGRST100', () => {
    const error = errorOf(() => parseFilterValue(field('a'), 'noop.1'))
    expect(error.status).toBe(400)
    expect(error.body.code).toBe('PGRST100')
    expect(error.body.message).toContain('failed to parse filter (noop.1)')
    expect(error.body.details).toContain('unknown single value operator noop')
    expect(errorOf(() => parseFilterValue(field('a'), 'neq(any).x')).body.code).toBe('PGRST100')
  })
})

describe('logic trees', () => {
  it('nested and/or with not', () => {
    expect(
      parseLogicTree('or', '(a.eq.1,and(b.gt.2,c.not.lt.3),not.and(d.is.null,e.eq.x))'),
    ).toEqual({
      kind: 'logic',
      negated: false,
      op: 'or',
      children: [
        {
          kind: 'filter',
          filter: {
            field: field('a'),
            negated: false,
            operation: { kind: 'op', op: 'eq', value: '1' },
          },
        },
        {
          kind: 'logic',
          negated: false,
          op: 'and',
          children: [
            {
              kind: 'filter',
              filter: {
                field: field('b'),
                negated: false,
                operation: { kind: 'op', op: 'gt', value: '2' },
              },
            },
            {
              kind: 'filter',
              filter: {
                field: field('c'),
                negated: true,
                operation: { kind: 'op', op: 'lt', value: '3' },
              },
            },
          ],
        },
        {
          kind: 'logic',
          negated: true,
          op: 'and',
          children: [
            {
              kind: 'filter',
              filter: {
                field: field('d'),
                negated: false,
                operation: { kind: 'is', value: 'null' },
              },
            },
            {
              kind: 'filter',
              filter: {
                field: field('e'),
                negated: false,
                operation: { kind: 'op', op: 'eq', value: 'x' },
              },
            },
          ],
        },
      ],
    })
    expect(parseLogicTree('not.or', '(a.eq.1)')).toMatchObject({ negated: true, op: 'or' })
  })

  it('quoted values, arrays and in-lists inside trees', () => {
    const tree = parseLogicTree(
      'or',
      '(name.eq."Rivers, Dale (West)",tags.cs.{a,b},id.in.(1,"2,3"))',
    )
    if (tree.kind !== 'logic') throw new Error('expected a logic node')
    expect(
      tree.children.map((c) => (c.kind === 'filter' ? c.filter.operation : undefined)),
    ).toEqual([
      { kind: 'op', op: 'eq', value: 'Rivers, Dale (West)' },
      { kind: 'op', op: 'cs', value: '{a,b}' },
      { kind: 'in', values: ['1', '2,3'] },
    ])
  })

  it('malformed trees → PGRST100', () => {
    for (const value of ['()', '(a.eq.1', '(a.eq.1)x', 'a.eq.1', '(a.eq.1,xor(b.eq.2))'])
      expect(errorOf(() => parseLogicTree('or', value)).body.code).toBe('PGRST100')
  })
})

describe('order, columns', () => {
  it('several terms with direction and nulls', () => {
    expect(parseOrder('region,capacity_kw.desc.nullslast, name.asc,code.nullsfirst')).toEqual([
      { field: field('region') },
      { field: field('capacity_kw'), direction: 'desc', nulls: 'nullslast' },
      { field: field('name'), direction: 'asc' },
      { field: field('code'), nulls: 'nullsfirst' },
    ])
  })

  it('refuses what is not an order term', () => {
    expect(errorOf(() => parseOrder('id.descc')).body.code).toBe('PGRST100')
    expect(errorOf(() => parseOrder('id;drop table x')).body.code).toBe('PGRST100')
    expect(errorOf(() => parseOrder('clients(name)')).body.code).toBe('PGRST127')
  })

  it('column lists', () => {
    expect(parseColumnList('"a","b c",d', 'columns parameter')).toEqual(['a', 'b c', 'd'])
    expect(errorOf(() => parseColumnList('a)', 'on_conflict parameter')).body.code).toBe('PGRST100')
  })
})

describe('the whole query string', () => {
  it('sorts parameters into their roles', () => {
    const ast = query(
      'select=id,name&id=gt.5&id=lt.9&or=(a.eq.1,b.eq.2)&not.and=(c.eq.3)&order=id.desc&limit=10&offset=20&columns=a,b&on_conflict=id&p_arg=plain&empty=',
    )
    expect(ast.select).toHaveLength(2)
    expect(ast.filters.map((f) => f.operation)).toEqual([
      { kind: 'op', op: 'gt', value: '5' },
      { kind: 'op', op: 'lt', value: '9' },
    ])
    expect(ast.logic.map((t) => t.kind === 'logic' && [t.negated, t.op])).toEqual([
      [false, 'or'],
      [true, 'and'],
    ])
    expect(ast.order).toEqual([{ field: field('id'), direction: 'desc' }])
    expect([ast.limit, ast.offset]).toEqual([10, 20])
    expect(ast.columns).toEqual(['a', 'b'])
    expect(ast.onConflict).toEqual(['id'])
    expect(ast.params).toEqual([['p_arg', 'plain']])
  })

  it('decodes + as a space, like PostgREST', () => {
    expect(query('name=eq.Coyote+Draw+7').filters[0]?.operation).toEqual({
      kind: 'op',
      op: 'eq',
      value: 'Coyote Draw 7',
    })
  })

  it('conditions on embedded paths are kept by path', () => {
    const ast = query(
      'select=*,messages(*)&messages.channel_id=eq.1&messages.or=(id.eq.1,id.eq.2)&messages.order=id.desc&messages.limit=1&messages.offset=2&a.b.c=is.null',
    )
    expect(ast.filters).toEqual([])
    expect(ast.embedded.get('messages')).toEqual({
      filters: [
        {
          field: field('channel_id'),
          negated: false,
          operation: { kind: 'op', op: 'eq', value: '1' },
        },
      ],
      logic: [
        {
          kind: 'logic',
          op: 'or',
          negated: false,
          children: [
            {
              kind: 'filter',
              filter: {
                field: field('id'),
                negated: false,
                operation: { kind: 'op', op: 'eq', value: '1' },
              },
            },
            {
              kind: 'filter',
              filter: {
                field: field('id'),
                negated: false,
                operation: { kind: 'op', op: 'eq', value: '2' },
              },
            },
          ],
        },
      ],
      order: [{ field: field('id'), direction: 'desc' }],
      limit: 1,
      offset: 2,
    })
    expect(ast.embedded.get('a.b')?.filters).toHaveLength(1)
  })

  it('limit and offset must be whole numbers; a negative limit → 416', () => {
    expect(errorOf(() => query('limit=abc')).body.code).toBe('PGRST100')
    expect(errorOf(() => query('offset=1;drop')).body.code).toBe('PGRST100')
    const negative = errorOf(() => query('limit=-1'))
    expect([negative.status, negative.body.code]).toEqual([416, 'PGRST103'])
  })
})
