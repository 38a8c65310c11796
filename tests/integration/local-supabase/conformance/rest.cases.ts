// Cases of the postgrest-js integration suite (supabase-js, packages/core/postgrest-js/test/),
// each named `<file> > <test>` as upstream names it: the request is upstream's, the expected
// status, data, error and count are upstream's inline snapshot. Only single-request tests whose
// result does not depend on what earlier upstream tests wrote are taken; rows whose order
// upstream does not fix (no `order`) are compared as a set, since heap order is no contract.
import type { SupabaseClient } from '@supabase/supabase-js'

export type Area = 'filters' | 'embedding' | 'reads' | 'transforms' | 'rpc' | 'mutations'

interface Result {
  status: number
  data: unknown
  error: unknown
  count: number | null
}

export interface Case {
  upstream: string
  area: Area
  run: (sb: SupabaseClient) => PromiseLike<Result>
  expected: Partial<Result>
}

/** Upstream features outside the stand-in's subset, and the error it gives instead. */
export interface Refused {
  upstream: string
  feature: string
  run: (sb: SupabaseClient) => PromiseLike<Result>
  refused: { status: number; code: string }
}

export const CASES: Case[] = [
  {
    upstream: 'filters.test.ts > not',
    area: 'filters',
    run: (sb) => sb.from('users').select('status').not('status', 'eq', 'OFFLINE'),
    expected: {
      status: 200,
      data: [
        { status: 'ONLINE' },
        { status: 'ONLINE' },
        { status: 'ONLINE' },
        { status: 'ONLINE' },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > or',
    area: 'filters',
    run: (sb) =>
      sb.from('users').select('status, username').or('status.eq.OFFLINE,username.eq.supabot'),
    expected: {
      status: 200,
      data: [
        { status: 'ONLINE', username: 'supabot' },
        { status: 'OFFLINE', username: 'kiwicopple' },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > eq',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').eq('username', 'supabot'),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > neq',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').neq('username', 'supabot'),
    expected: {
      status: 200,
      data: [
        { username: 'kiwicopple' },
        { username: 'awailas' },
        { username: 'jsonuser' },
        { username: 'dragarcia' },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > gt',
    area: 'filters',
    run: (sb) => sb.from('messages').select('id').gt('id', 1),
    expected: { status: 200, data: [{ id: 2 }, { id: 4 }, { id: 3 }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > gte',
    area: 'filters',
    run: (sb) => sb.from('messages').select('id').gte('id', 1),
    expected: {
      status: 200,
      data: [{ id: 1 }, { id: 2 }, { id: 4 }, { id: 3 }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > lt',
    area: 'filters',
    run: (sb) => sb.from('messages').select('id').lt('id', 2),
    expected: { status: 200, data: [{ id: 1 }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > lte',
    area: 'filters',
    run: (sb) => sb.from('messages').select('id').lte('id', 2),
    expected: { status: 200, data: [{ id: 1 }, { id: 2 }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > like',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').like('username', '%supa%'),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > likeAllOf',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').likeAllOf('username', ['%supa%', '%bot%']),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > likeAnyOf',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').likeAnyOf('username', ['%supa%', '%kiwi%']),
    expected: {
      status: 200,
      data: [{ username: 'supabot' }, { username: 'kiwicopple' }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > ilike',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').ilike('username', '%SUPA%'),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > ilikeAllOf',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').ilikeAllOf('username', ['%SUPA%', '%bot%']),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > ilikeAnyOf',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').ilikeAnyOf('username', ['%supa%', '%KIWI%']),
    expected: {
      status: 200,
      data: [{ username: 'supabot' }, { username: 'kiwicopple' }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > is',
    area: 'filters',
    run: (sb) => sb.from('users').select('data').is('data', null),
    expected: {
      status: 200,
      data: [{ data: null }, { data: null }, { data: null }, { data: null }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > contains with json',
    area: 'filters',
    run: (sb) =>
      sb
        .from('users')
        .select('data')
        .contains('data', { foo: { baz: 'string value' } }),
    expected: {
      status: 200,
      data: [{ data: { foo: { bar: { nested: 'value' }, baz: 'string value' } } }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > contains with array',
    area: 'filters',
    run: (sb) => sb.from('cornercase').select('array_column').contains('array_column', ['test']),
    expected: { status: 200, data: [{ array_column: ['test', 'one'] }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > containedBy with json',
    area: 'filters',
    run: (sb) =>
      sb
        .from('users')
        .select('data')
        .containedBy('data', { foo: { baz: 'string value' } }),
    expected: { status: 200, data: [], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > containedBy with array',
    area: 'filters',
    run: (sb) => sb.from('cornercase').select('array_column').containedBy('array_column', ['test']),
    expected: { status: 200, data: [], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > overlaps with array',
    area: 'filters',
    run: (sb) => sb.from('cornercase').select('array_column').overlaps('array_column', ['test']),
    expected: { status: 200, data: [{ array_column: ['test', 'one'] }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > textSearch',
    area: 'filters',
    run: (sb) =>
      sb
        .from('users')
        .select('catchphrase')
        .textSearch('catchphrase', `'fat' & 'cat'`, { config: 'english' }),
    expected: { status: 200, data: [{ catchphrase: "'cat' 'fat'" }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > textSearch with plainto_tsquery',
    area: 'filters',
    run: (sb) =>
      sb
        .from('users')
        .select('catchphrase')
        .textSearch('catchphrase', `'fat' & 'cat'`, { config: 'english', type: 'plain' }),
    expected: { status: 200, data: [{ catchphrase: "'cat' 'fat'" }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > textSearch with phraseto_tsquery',
    area: 'filters',
    run: (sb) =>
      sb
        .from('users')
        .select('catchphrase')
        .textSearch('catchphrase', 'cat', { config: 'english', type: 'phrase' }),
    expected: {
      status: 200,
      data: [{ catchphrase: "'cat' 'fat'" }, { catchphrase: "'bat' 'cat'" }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > textSearch with websearch_to_tsquery',
    area: 'filters',
    run: (sb) =>
      sb
        .from('users')
        .select('catchphrase')
        .textSearch('catchphrase', `'fat' & 'cat'`, { config: 'english', type: 'websearch' }),
    expected: { status: 200, data: [{ catchphrase: "'cat' 'fat'" }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > filter',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').filter('username', 'eq', 'supabot'),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > match',
    area: 'filters',
    run: (sb) =>
      sb.from('users').select('username, status').match({ username: 'supabot', status: 'ONLINE' }),
    expected: {
      status: 200,
      data: [{ status: 'ONLINE', username: 'supabot' }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'filters.test.ts > filter on rpc',
    area: 'filters',
    run: (sb) =>
      sb.rpc('get_username_and_status', { name_param: 'supabot' }).neq('status', 'ONLINE'),
    expected: { status: 200, data: [], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > isDistinct',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').isDistinct('status', 'ONLINE'),
    expected: { status: 200, data: [{ username: 'kiwicopple' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > regexMatch',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').regexMatch('username', '^sup'),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'filters.test.ts > regexIMatch',
    area: 'filters',
    run: (sb) => sb.from('users').select('username').regexIMatch('username', '^SUP'),
    expected: { status: 200, data: [{ username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'transforms.test.ts > order',
    area: 'transforms',
    run: (sb) => sb.from('users').select().order('username', { ascending: false }),
    expected: {
      status: 200,
      data: [
        {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
        {
          age_range: '[25,35)',
          catchphrase: "'bat' 'cat'",
          data: null,
          status: 'OFFLINE',
          username: 'kiwicopple',
        },
        {
          age_range: '[20,30)',
          catchphrase: "'json' 'test'",
          data: { foo: { bar: { nested: 'value' }, baz: 'string value' } },
          status: 'ONLINE',
          username: 'jsonuser',
        },
        {
          age_range: '[20,30)',
          catchphrase: "'fat' 'rat'",
          data: null,
          status: 'ONLINE',
          username: 'dragarcia',
        },
        {
          age_range: '[25,35)',
          catchphrase: "'bat' 'rat'",
          data: null,
          status: 'ONLINE',
          username: 'awailas',
        },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'transforms.test.ts > limit',
    area: 'transforms',
    run: (sb) => sb.from('users').select().limit(1),
    expected: {
      status: 200,
      data: [
        {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'transforms.test.ts > single',
    area: 'transforms',
    run: (sb) => sb.from('users').select().limit(1).single(),
    expected: {
      status: 200,
      data: {
        age_range: '[1,2)',
        catchphrase: "'cat' 'fat'",
        data: null,
        status: 'ONLINE',
        username: 'supabot',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'transforms.test.ts > single on insert',
    area: 'transforms',
    run: (sb) => sb.from('users').insert({ username: 'foo' }).select().single(),
    expected: {
      status: 201,
      data: { age_range: null, catchphrase: null, data: null, status: 'ONLINE', username: 'foo' },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'transforms.test.ts > maybeSingle',
    area: 'transforms',
    run: (sb) =>
      sb
        .from('users')
        .insert([{ username: 'a' }, { username: 'b' }])
        .select()
        .maybeSingle(),
    expected: {
      status: 406,
      data: null,
      error: {
        code: 'PGRST116',
        details: 'Results contain 2 rows, application/vnd.pgrst.object+json requires 1 row',
        hint: null,
        message: 'JSON object requested, multiple (or no) rows returned',
      },
      count: null,
    },
  },
  {
    upstream: 'transforms.test.ts > select on rpc',
    area: 'transforms',
    run: (sb) => sb.rpc('get_username_and_status', { name_param: 'supabot' }).select('status'),
    expected: { status: 200, data: [{ status: 'ONLINE' }], error: null, count: null },
  },
  {
    upstream: 'relationships.test.ts > nested query with selective fields',
    area: 'embedding',
    run: (sb) => sb.from('users').select('username, messages(id, message)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        messages: [
          { id: 1, message: 'Hello World 👋' },
          {
            id: 2,
            message:
              'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          },
          { id: 4, message: 'Some message on channel without details' },
          { id: 3, message: 'Some message on channel without details' },
        ],
        username: 'supabot',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > nested query with multiple levels and selective fields',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select('username, messages(id, message, channels(id, slug))')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        messages: [
          { channels: { id: 1, slug: 'public' }, id: 1, message: 'Hello World 👋' },
          {
            channels: { id: 2, slug: 'random' },
            id: 2,
            message:
              'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          },
          {
            channels: { id: 3, slug: 'other' },
            id: 4,
            message: 'Some message on channel without details',
          },
          {
            channels: { id: 3, slug: 'other' },
            id: 3,
            message: 'Some message on channel without details',
          },
        ],
        username: 'supabot',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > query with multiple one-to-many relationships',
    area: 'embedding',
    run: (sb) =>
      sb.from('users').select('username, messages(id), user_profiles(id)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        messages: [{ id: 1 }, { id: 2 }, { id: 4 }, { id: 3 }],
        user_profiles: [{ id: 1 }],
        username: 'supabot',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > many-to-one relationship',
    area: 'embedding',
    run: (sb) => sb.from('messages').select('user:users(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        user: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > one-to-many relationship',
    area: 'embedding',
    run: (sb) => sb.from('users').select('messages(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        messages: [
          { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
          {
            channel_id: 2,
            data: null,
            id: 2,
            message:
              'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
            username: 'supabot',
          },
          {
            channel_id: 3,
            data: null,
            id: 4,
            message: 'Some message on channel without details',
            username: 'supabot',
          },
          {
            channel_id: 3,
            data: null,
            id: 3,
            message: 'Some message on channel without details',
            username: 'supabot',
          },
        ],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > one-to-many relationship with selective columns',
    area: 'embedding',
    run: (sb) => sb.from('users').select('messages(data)').limit(1).single(),
    expected: {
      status: 200,
      data: { messages: [{ data: null }, { data: null }, { data: null }, { data: null }] },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > one-to-one relationship',
    area: 'embedding',
    run: (sb) => sb.from('channels').select('channel_details(*)').limit(1).single(),
    expected: {
      status: 200,
      data: { channel_details: { details: 'Details for public channel', id: 1 } },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > select with type casting query',
    area: 'embedding',
    run: (sb) => sb.from('best_friends').select('id::text').limit(1).single(),
    expected: { status: 200, data: { id: '1' }, error: null, count: null },
  },
  {
    upstream: 'relationships.test.ts > multiple times the same column in selection',
    area: 'embedding',
    run: (sb) => sb.from('channels').select('id, id, id').limit(1).single(),
    expected: { status: 200, data: { id: 1 }, error: null, count: null },
  },
  {
    upstream: 'relationships.test.ts > embed resource with no fields',
    area: 'embedding',
    run: (sb) => sb.from('messages').select('message, users()').limit(1).single(),
    expected: { status: 200, data: { message: 'Hello World 👋' }, error: null, count: null },
  },
  {
    upstream: 'relationships.test.ts > select JSON accessor',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select('data->foo->bar, data->foo->>baz')
        .limit(1)
        .filter('username', 'eq', 'jsonuser')
        .single(),
    expected: {
      status: 200,
      data: { bar: { nested: 'value' }, baz: 'string value' },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > self reference relation',
    area: 'embedding',
    run: (sb) => sb.from('collections').select('*, collections(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        collections: [
          { description: 'Child of Root', id: 2, parent_id: 1 },
          { description: 'Another Child of Root', id: 3, parent_id: 1 },
        ],
        description: 'Root Collection',
        id: 1,
        parent_id: null,
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > self reference relation via column',
    area: 'embedding',
    run: (sb) => sb.from('collections').select('*, parent_id(*)').eq('id', 2).limit(1).single(),
    expected: {
      status: 200,
      data: {
        description: 'Child of Root',
        id: 2,
        parent_id: { description: 'Root Collection', id: 1, parent_id: null },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships.test.ts > self reference relation via aliased column with multiple foreign keys',
    area: 'embedding',
    run: (sb) => sb.from('lab').select('*, parents:parent(*)').eq('id', 2).single(),
    expected: {
      status: 200,
      data: {
        id: 2,
        main: null,
        name: 'First Task',
        parent: 1,
        parents: { id: 1, main: null, name: 'Main Board', parent: null, type: 'board' },
        type: 'task',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > self reference relation via hint matching column name',
    area: 'embedding',
    run: (sb) =>
      sb.from('collections').select('*, collections!parent_id(*)').eq('id', 1).limit(1).single(),
    expected: {
      status: 200,
      data: {
        collections: [
          { description: 'Child of Root', id: 2, parent_id: 1 },
          { description: 'Another Child of Root', id: 3, parent_id: 1 },
        ],
        description: 'Root Collection',
        id: 1,
        parent_id: null,
      },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships.test.ts > self reference relation via hint matching fk constraint name fails at runtime',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('collections')
        .select('*, collections!collections_parent_id_fkey(*)')
        .eq('id', 1)
        .limit(1)
        .single(),
    expected: {
      status: 400,
      data: null,
      error: {
        code: 'PGRST200',
        details:
          "Searched for a foreign key relationship between 'collections' and 'collections' using the hint 'collections_parent_id_fkey' in the schema 'public', but no matches were found.",
        hint: null,
        message:
          "Could not find a relationship between 'collections' and 'collections' in the schema cache",
      },
      count: null,
    },
  },
  {
    upstream: 'relationships.test.ts > many-to-many with join table',
    area: 'embedding',
    run: (sb) => sb.from('products').select('*, categories(*)').eq('id', 1).single(),
    expected: {
      status: 200,
      data: {
        categories: [
          { description: 'Electronic devices and gadgets', id: 1, name: 'Electronics' },
          { description: 'Computer and computer accessories', id: 2, name: 'Computers' },
        ],
        description: 'High-performance laptop',
        id: 1,
        name: 'Laptop',
        price: 999.99,
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > !inner relationship',
    area: 'embedding',
    run: (sb) =>
      sb.from('messages').select('channels!inner(*, channel_details!inner(*))').limit(1).single(),
    expected: {
      status: 200,
      data: {
        channels: {
          channel_details: { details: 'Details for public channel', id: 1 },
          data: null,
          id: 1,
          slug: 'public',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > !inner relationship on nullable relation',
    area: 'embedding',
    run: (sb) => sb.from('booking').select('id, hotel!inner(id, name)'),
    expected: {
      status: 200,
      data: [
        { hotel: { id: 1, name: 'Sunset Resort' }, id: 1 },
        { hotel: { id: 1, name: 'Sunset Resort' }, id: 2 },
        { hotel: { id: 2, name: 'Mountain View Hotel' }, id: 3 },
        { hotel: { id: 3, name: 'Beachfront Inn' }, id: 5 },
        { hotel: { id: 1, name: 'Sunset Resort' }, id: 6 },
        { hotel: { id: 4, name: null }, id: 8 },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > !left oneToOne',
    area: 'embedding',
    run: (sb) => sb.from('channel_details').select('channels!left(*)').limit(1).single(),
    expected: {
      status: 200,
      data: { channels: { data: null, id: 1, slug: 'public' } },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > !left oneToMany',
    area: 'embedding',
    run: (sb) => sb.from('users').select('messages!left(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        messages: [
          { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
          {
            channel_id: 2,
            data: null,
            id: 2,
            message:
              'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
            username: 'supabot',
          },
          {
            channel_id: 3,
            data: null,
            id: 4,
            message: 'Some message on channel without details',
            username: 'supabot',
          },
          {
            channel_id: 3,
            data: null,
            id: 3,
            message: 'Some message on channel without details',
            username: 'supabot',
          },
        ],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > !left zeroToOne',
    area: 'embedding',
    run: (sb) => sb.from('user_profiles').select('users!left(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        users: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > join over a 1-1 relation with both nullables and non-nullables fields using foreign key name for hinting',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('best_friends')
        .select(
          'first_user:users!best_friends_first_user_fkey(*), second_user:users!best_friends_second_user_fkey(*), third_wheel:users!best_friends_third_wheel_fkey(*)',
        )
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_user: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
        second_user: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'cat'",
          data: null,
          status: 'OFFLINE',
          username: 'kiwicopple',
        },
        third_wheel: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'rat'",
          data: null,
          status: 'ONLINE',
          username: 'awailas',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > join over a 1-M relation with both nullables and non-nullables fields using foreign key name for hinting',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select(
          `first_friend_of:best_friends!best_friends_first_user_fkey(*),
              second_friend_of:best_friends!best_friends_second_user_fkey(*),
              third_wheel_of:best_friends!best_friends_third_wheel_fkey(*)`,
        )
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_friend_of: [
          { first_user: 'supabot', id: 1, second_user: 'kiwicopple', third_wheel: 'awailas' },
          { first_user: 'supabot', id: 2, second_user: 'awailas', third_wheel: null },
        ],
        second_friend_of: [],
        third_wheel_of: [],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join on 1-M relation',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select(
          `first_friend_of:best_friends_first_user_fkey(*),
              second_friend_of:best_friends_second_user_fkey(*),
              third_wheel_of:best_friends_third_wheel_fkey(*)`,
        )
        .eq('username', 'supabot')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_friend_of: [
          { first_user: 'supabot', id: 1, second_user: 'kiwicopple', third_wheel: 'awailas' },
          { first_user: 'supabot', id: 2, second_user: 'awailas', third_wheel: null },
        ],
        second_friend_of: [],
        third_wheel_of: [],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join on 1-1 relation with nullables',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('best_friends')
        .select(
          'first_user:users!best_friends_first_user_fkey(*), second_user:users!best_friends_second_user_fkey(*), third_wheel:users!best_friends_third_wheel_fkey(*)',
        )
        .order('id')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_user: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
        second_user: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'cat'",
          data: null,
          status: 'OFFLINE',
          username: 'kiwicopple',
        },
        third_wheel: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'rat'",
          data: null,
          status: 'ONLINE',
          username: 'awailas',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > join over a 1-1 relation with both nullablesand non-nullables fields with column name hinting',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('best_friends')
        .select(
          'first_user:users!first_user(*), second_user:users!second_user(*), third_wheel:users!third_wheel(*)',
        )
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_user: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
        second_user: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'cat'",
          data: null,
          status: 'OFFLINE',
          username: 'kiwicopple',
        },
        third_wheel: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'rat'",
          data: null,
          status: 'ONLINE',
          username: 'awailas',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > join over a 1-M relation with both nullables and non-nullables fields using column name for hinting',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select(
          'first_friend_of:best_friends!first_user(*), second_friend_of:best_friends!second_user(*), third_wheel_of:best_friends!third_wheel(*)',
        )
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_friend_of: [
          { first_user: 'supabot', id: 1, second_user: 'kiwicopple', third_wheel: 'awailas' },
          { first_user: 'supabot', id: 2, second_user: 'awailas', third_wheel: null },
        ],
        second_friend_of: [],
        third_wheel_of: [],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > join over a 1-M relation with both nullables and non-nullables fields using column name hinting on nested relation',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select(
          'first_friend_of:best_friends!first_user(*, first_user:users!first_user(*)), second_friend_of:best_friends!second_user(*), third_wheel_of:best_friends!third_wheel(*)',
        )
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_friend_of: [
          {
            first_user: {
              age_range: '[1,2)',
              catchphrase: "'cat' 'fat'",
              data: null,
              status: 'ONLINE',
              username: 'supabot',
            },
            id: 1,
            second_user: 'kiwicopple',
            third_wheel: 'awailas',
          },
          {
            first_user: {
              age_range: '[1,2)',
              catchphrase: "'cat' 'fat'",
              data: null,
              status: 'ONLINE',
              username: 'supabot',
            },
            id: 2,
            second_user: 'awailas',
            third_wheel: null,
          },
        ],
        second_friend_of: [],
        third_wheel_of: [],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > !left join on one to 0-1 non-empty relation',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select('user_profiles!left(username)')
        .eq('username', 'supabot')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: { user_profiles: [{ username: 'supabot' }] },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > join on one to 0-1 non-empty relation via column name',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select('user_profiles(username)')
        .eq('username', 'supabot')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: { user_profiles: [{ username: 'supabot' }] },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > !left join on zero to one with null relation',
    area: 'embedding',
    run: (sb) => sb.from('user_profiles').select('*,users!left(*)').eq('id', 2).limit(1).single(),
    expected: {
      status: 200,
      data: { id: 2, username: null, users: null },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > !left join on zero to one with valid relation',
    area: 'embedding',
    run: (sb) =>
      sb.from('user_profiles').select('*,users!left(status)').eq('id', 1).limit(1).single(),
    expected: {
      status: 200,
      data: { id: 1, username: 'supabot', users: { status: 'ONLINE' } },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-join-operations.test.ts > join on 1-M relation with selective fk hinting',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select(
          `first_friend_of:best_friends_first_user_fkey(id),
              second_friend_of:best_friends_second_user_fkey(*),
              third_wheel_of:best_friends_third_wheel_fkey(*)`,
        )
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: { first_friend_of: [{ id: 1 }, { id: 2 }], second_friend_of: [], third_wheel_of: [] },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join select via column',
    area: 'embedding',
    run: (sb) => sb.from('user_profiles').select('username(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        username: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join select via column selective',
    area: 'embedding',
    run: (sb) => sb.from('user_profiles').select('username(status)').limit(1).single(),
    expected: { status: 200, data: { username: { status: 'ONLINE' } }, error: null, count: null },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join select via column and alias',
    area: 'embedding',
    run: (sb) => sb.from('user_profiles').select('user:username(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        user: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join select via unique table relationship',
    area: 'embedding',
    run: (sb) => sb.from('user_profiles').select('users(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        users: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join with column hinting',
    area: 'embedding',
    run: (sb) => sb.from('best_friends').select('users!first_user(*)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        users: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'relationships-join-operations.test.ts > inner join on many relation',
    area: 'embedding',
    run: (sb) =>
      sb.from('channels').select('id, messages!channel_id!inner(id, username)').limit(1).single(),
    expected: {
      status: 200,
      data: { id: 1, messages: [{ id: 1, username: 'supabot' }] },
      error: null,
      count: null,
    },
  },
  {
    upstream:
      'relationships-error-handling.test.ts > join over a 1-1 relation with both nullables and non-nullables fields with no hinting',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('best_friends')
        .select('first_user:users(*), second_user:users(*), third_wheel:users(*)')
        .single(),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST201',
        details: [
          {
            cardinality: 'many-to-one',
            embedding: 'best_friends with users',
            relationship:
              'best_friends_first_user_fkey using best_friends(first_user) and users(username)',
          },
          {
            cardinality: 'many-to-one',
            embedding: 'best_friends with users',
            relationship:
              'best_friends_second_user_fkey using best_friends(second_user) and users(username)',
          },
          {
            cardinality: 'many-to-one',
            embedding: 'best_friends with users',
            relationship:
              'best_friends_third_wheel_fkey using best_friends(third_wheel) and users(username)',
          },
        ],
        hint: "Try changing 'users' to one of the following: 'users!best_friends_first_user_fkey', 'users!best_friends_second_user_fkey', 'users!best_friends_third_wheel_fkey'. Find the desired relationship in the 'details' key.",
        message:
          "Could not embed because more than one relationship was found for 'best_friends' and 'users'",
      },
      count: null,
    },
  },
  {
    upstream:
      'relationships-error-handling.test.ts > join over a 1-M relation with both nullables and non-nullables fields with no hinting',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select(
          'first_friend_of:best_friends(*), second_friend_of:best_friends(*), third_wheel_of:best_friends(*)',
        )
        .limit(1)
        .single(),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST201',
        details: [
          {
            cardinality: 'one-to-many',
            embedding: 'users with best_friends',
            relationship:
              'best_friends_first_user_fkey using users(username) and best_friends(first_user)',
          },
          {
            cardinality: 'one-to-many',
            embedding: 'users with best_friends',
            relationship:
              'best_friends_second_user_fkey using users(username) and best_friends(second_user)',
          },
          {
            cardinality: 'one-to-many',
            embedding: 'users with best_friends',
            relationship:
              'best_friends_third_wheel_fkey using users(username) and best_friends(third_wheel)',
          },
        ],
        hint: "Try changing 'best_friends' to one of the following: 'best_friends!best_friends_first_user_fkey', 'best_friends!best_friends_second_user_fkey', 'best_friends!best_friends_third_wheel_fkey'. Find the desired relationship in the 'details' key.",
        message:
          "Could not embed because more than one relationship was found for 'users' and 'best_friends'",
      },
      count: null,
    },
  },
  {
    upstream:
      'relationships-error-handling.test.ts > join over a 1-M relation with both nullables and non-nullables fields using no hinting on nested relation',
    area: 'embedding',
    run: (sb) =>
      sb
        .from('users')
        .select(
          'first_friend_of:best_friends!first_user(*, first_user:users(*)), second_friend_of:best_friends!second_user(*), third_wheel_of:best_friends!third_wheel(*)',
        )
        .limit(1)
        .single(),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST201',
        details: [
          {
            cardinality: 'many-to-one',
            embedding: 'best_friends with users',
            relationship:
              'best_friends_first_user_fkey using best_friends(first_user) and users(username)',
          },
          {
            cardinality: 'many-to-one',
            embedding: 'best_friends with users',
            relationship:
              'best_friends_second_user_fkey using best_friends(second_user) and users(username)',
          },
          {
            cardinality: 'many-to-one',
            embedding: 'best_friends with users',
            relationship:
              'best_friends_third_wheel_fkey using best_friends(third_wheel) and users(username)',
          },
        ],
        hint: "Try changing 'users' to one of the following: 'users!best_friends_first_user_fkey', 'users!best_friends_second_user_fkey', 'users!best_friends_third_wheel_fkey'. Find the desired relationship in the 'details' key.",
        message:
          "Could not embed because more than one relationship was found for 'best_friends' and 'users'",
      },
      count: null,
    },
  },
  {
    upstream:
      'relationships-error-handling.test.ts > select with aggregate sum function without column should error',
    area: 'embedding',
    run: (sb) => sb.from('users').select('username, messages(sum)').limit(1).single(),
    expected: {
      status: 400,
      data: null,
      error: {
        code: '42703',
        details: null,
        hint: null,
        message: 'column messages_1.sum does not exist',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function returning a setof embeded table',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_messages', {
        channel_row: { id: 1, data: null, slug: null },
      }),
    expected: {
      status: 200,
      data: [{ channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function double definition returning a setof embeded table',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_messages', {
        user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: {
      status: 200,
      data: [
        { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
        {
          channel_id: 2,
          data: null,
          id: 2,
          message:
            'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 3,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 4,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function returning a single row embeded table',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_user_profile', {
        user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: { status: 200, data: { id: 1, username: 'supabot' }, error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with scalar input',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_messages_by_username', {
        search_username: 'supabot',
      }),
    expected: {
      status: 200,
      data: [
        { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
        {
          channel_id: 2,
          data: null,
          id: 2,
          message:
            'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 3,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 4,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with table row input',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_user_messages', {
        user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: {
      status: 200,
      data: [
        { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
        {
          channel_id: 2,
          data: null,
          id: 2,
          message:
            'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 3,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 4,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with view row input',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_active_user_messages', {
        active_user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: {
      status: 200,
      data: [
        { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
        {
          channel_id: 2,
          data: null,
          id: 2,
          message:
            'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 3,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 4,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function returning view',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_user_recent_messages', {
        user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: {
      status: 200,
      data: [
        {
          channel_id: 3,
          data: null,
          id: 4,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 3,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 2,
          data: null,
          id: 2,
          message:
            'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          username: 'supabot',
        },
        { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with scalar input returning view',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('get_recent_messages_by_username', {
        search_username: 'supabot',
      }),
    expected: {
      status: 200,
      data: [
        {
          channel_id: 3,
          data: null,
          id: 4,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 3,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 2,
          data: null,
          id: 2,
          message:
            'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          username: 'supabot',
        },
        { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with row input with followup select',
    area: 'rpc',
    run: (sb) =>
      sb
        .rpc('get_user_profile', {
          user_row: {
            username: 'supabot',
            data: null,
            age_range: null,
            catchphrase: null,
            status: 'ONLINE',
          },
        })
        .select('id, username, users(username, catchphrase)'),
    expected: {
      status: 200,
      data: {
        id: 1,
        username: 'supabot',
        users: { catchphrase: "'cat' 'fat'", username: 'supabot' },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > unresolvable function with no params',
    area: 'rpc',
    run: (sb) => sb.rpc('postgrest_unresolvable_function'),
    expected: { status: 204, data: null, error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > unresolvable function with text param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('postgrest_unresolvable_function', {
        a: 'test',
      }),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST203',
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        message:
          'Could not choose the best candidate function between: public.postgrest_unresolvable_function(a => integer), public.postgrest_unresolvable_function(a => text)',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > unresolvable function with int param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('postgrest_unresolvable_function', {
        a: 1,
      }),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST203',
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        message:
          'Could not choose the best candidate function between: public.postgrest_unresolvable_function(a => integer), public.postgrest_unresolvable_function(a => text)',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > resolvable function with no params',
    area: 'rpc',
    run: (sb) => sb.rpc('postgrest_resolvable_with_override_function'),
    expected: { status: 204, data: null, error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > resolvable function with text param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('postgrest_resolvable_with_override_function', {
        a: 'test',
      }),
    expected: { status: 200, data: 1, error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > resolvable function with int param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('postgrest_resolvable_with_override_function', {
        b: 1,
      }),
    expected: { status: 200, data: 'foo', error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > resolvable function with profile_id param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('postgrest_resolvable_with_override_function', {
        profile_id: 1,
      }),
    expected: { status: 200, data: [{ id: 1, username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > resolvable function with channel_id and search params',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('postgrest_resolvable_with_override_function', {
        cid: 1,
        search: 'Hello World 👋',
      }),
    expected: {
      status: 200,
      data: [{ channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' }],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > resolvable function with user_row param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('postgrest_resolvable_with_override_function', {
        user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: {
      status: 200,
      data: [
        { channel_id: 1, data: null, id: 1, message: 'Hello World 👋', username: 'supabot' },
        {
          channel_id: 2,
          data: null,
          id: 2,
          message:
            'Perfection is attained, not when there is nothing more to add, but when there is nothing left to take away.',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 3,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
        {
          channel_id: 3,
          data: null,
          id: 4,
          message: 'Some message on channel without details',
          username: 'supabot',
        },
      ],
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with text param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_different_return', {
        '': 'test',
      }),
    expected: { status: 200, data: 'foo', error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed json param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_unnamed_json', {
        '': { test: 'value' },
      }),
    expected: { status: 200, data: 1, error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed jsonb param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_unnamed_jsonb', {
        '': { test: 'value' },
      }),
    expected: { status: 200, data: 1, error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed text param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_unnamed_text', {
        '': 'test',
      }),
    expected: { status: 200, data: 1, error: null, count: null },
  },
  {
    upstream:
      'advanced_rpc.test.ts > polymorphic function with no params and unnamed params definition call with no params',
    area: 'rpc',
    run: (sb) => sb.rpc('polymorphic_function_with_no_params_or_unnamed'),
    expected: { status: 200, data: 1, error: null, count: null },
  },
  {
    upstream:
      'advanced_rpc.test.ts > polymorphic function with unnamed params definition call with string param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_no_params_or_unnamed', {
        '': '',
      }),
    expected: { status: 200, data: 'foo', error: null, count: null },
  },
  {
    upstream:
      'advanced_rpc.test.ts > polymorphic function with unnamed params definition call with text param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_no_params_or_unnamed', {
        '': 'test',
      }),
    expected: { status: 200, data: 'foo', error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed default no params',
    area: 'rpc',
    run: (sb) => sb.rpc('polymorphic_function_with_unnamed_default'),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST203',
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        message:
          'Could not choose the best candidate function between: public.polymorphic_function_with_unnamed_default(), public.polymorphic_function_with_unnamed_default( => text)',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed default param undefined',
    area: 'rpc',
    run: (sb) => sb.rpc('polymorphic_function_with_unnamed_default', {}),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST203',
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        message:
          'Could not choose the best candidate function between: public.polymorphic_function_with_unnamed_default(), public.polymorphic_function_with_unnamed_default( => text)',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed default text param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_unnamed_default', {
        '': 'custom text',
      }),
    expected: { status: 200, data: 'foo', error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed default overload no params',
    area: 'rpc',
    run: (sb) => sb.rpc('polymorphic_function_with_unnamed_default_overload'),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST203',
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        message:
          'Could not choose the best candidate function between: public.polymorphic_function_with_unnamed_default_overload(), public.polymorphic_function_with_unnamed_default_overload( => text)',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > polymorphic function with unnamed default overload int param',
    area: 'rpc',
    run: (sb) => sb.rpc('polymorphic_function_with_unnamed_default_overload', undefined),
    expected: {
      status: 300,
      data: null,
      error: {
        code: 'PGRST203',
        details: null,
        hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
        message:
          'Could not choose the best candidate function between: public.polymorphic_function_with_unnamed_default_overload(), public.polymorphic_function_with_unnamed_default_overload( => text)',
      },
      count: null,
    },
  },
  {
    upstream:
      'advanced_rpc.test.ts > polymorphic function with unnamed default overload text param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('polymorphic_function_with_unnamed_default_overload', {
        '': 'custom text',
      }),
    expected: { status: 200, data: 'foo', error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with blurb_message',
    area: 'rpc',
    run: (sb) => sb.rpc('blurb_message'),
    expected: {
      status: 404,
      data: null,
      error: {
        code: 'PGRST202',
        details:
          'Searched for the function public.blurb_message without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
        hint: null,
        message:
          'Could not find the function public.blurb_message without parameters in the schema cache',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with blurb_message with params',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('blurb_message', {
        '': {
          channel_id: 1,
          data: null,
          id: 1,
          message: null,
          username: 'test',
          blurb_message: null,
        },
      }),
    expected: {
      status: 404,
      data: null,
      error: {
        code: 'PGRST202',
        details:
          'Searched for the function public.blurb_message with parameter  or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
        hint: null,
        message: 'Could not find the function public.blurb_message() in the schema cache',
      },
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function returning row',
    area: 'rpc',
    run: (sb) => sb.rpc('function_returning_row'),
    expected: {
      status: 200,
      data: {
        age_range: '[1,2)',
        catchphrase: "'cat' 'fat'",
        data: null,
        status: 'ONLINE',
        username: 'supabot',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'advanced_rpc.test.ts > function_using_setof_rows_one',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('function_using_setof_rows_one', {
        user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: { status: 200, data: [{ id: 1, username: 'supabot' }], error: null, count: null },
  },
  {
    upstream: 'advanced_rpc.test.ts > function_using_table_returns',
    area: 'rpc',
    run: (sb) =>
      sb.rpc('function_using_table_returns', {
        user_row: {
          username: 'supabot',
          data: null,
          age_range: null,
          catchphrase: null,
          status: 'ONLINE',
        },
      }),
    expected: { status: 200, data: { id: 1, username: 'supabot' }, error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > basic select returns from builder',
    area: 'reads',
    run: (sb) => sb.from('users').select().eq('username', 'supabot').single(),
    expected: {
      status: 200,
      data: {
        age_range: '[1,2)',
        catchphrase: "'cat' 'fat'",
        data: null,
        status: 'ONLINE',
        username: 'supabot',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > basic select overrideTypes from builder',
    area: 'reads',
    run: (sb) => sb.from('users').select().eq('username', 'supabot').single(),
    expected: {
      status: 200,
      data: {
        age_range: '[1,2)',
        catchphrase: "'cat' 'fat'",
        data: null,
        status: 'ONLINE',
        username: 'supabot',
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > rpc',
    area: 'rpc',
    run: (sb) => sb.rpc('get_status', { name_param: 'supabot' }),
    expected: { status: 200, data: 'ONLINE', error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > rpc returns void',
    area: 'rpc',
    run: (sb) => sb.rpc('void_func'),
    expected: { status: 204, data: null, error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > select with head:true',
    area: 'reads',
    run: (sb) => sb.from('users').select('*', { head: true }),
    expected: { status: 200, data: null, error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > rpc with head:true, count:exact',
    area: 'rpc',
    run: (sb) => sb.rpc('get_status', { name_param: 'supabot' }, { head: true, count: 'exact' }),
    expected: { status: 200, data: null, error: null, count: 1 },
  },
  {
    upstream: 'basic.test.ts > rpc with get:true, count:exact',
    area: 'rpc',
    run: (sb) => sb.rpc('get_status', { name_param: 'supabot' }, { get: true, count: 'exact' }),
    expected: { status: 200, data: 'ONLINE', error: null, count: 1 },
  },
  {
    upstream: 'basic.test.ts > rpc with get:true, optional param',
    area: 'rpc',
    run: (sb) => sb.rpc('function_with_optional_param', { param: undefined }, { get: true }),
    expected: { status: 200, data: '', error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > rpc with get:true, array param',
    area: 'rpc',
    run: (sb) =>
      sb.rpc(
        'function_with_array_param',
        { param: ['00000000-0000-0000-0000-000000000000'] },
        { get: true },
      ),
    expected: { status: 204, data: null, error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > insert w/ empty body has no columns param',
    area: 'reads',
    run: (sb) => sb.from('users').select().eq('username', 'missing'),
    expected: { status: 200, data: [], error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > select with no match',
    area: 'reads',
    run: (sb) => sb.from('users').select().eq('username', 'missing'),
    expected: { status: 200, data: [], error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > !left join on one to one relation',
    area: 'reads',
    run: (sb) => sb.from('channel_details').select('channels!left(id)').limit(1).single(),
    expected: { status: 200, data: { channels: { id: 1 } }, error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > !left join on one to many relation',
    area: 'reads',
    run: (sb) => sb.from('users').select('messages!left(username)').limit(1).single(),
    expected: {
      status: 200,
      data: {
        messages: [
          { username: 'supabot' },
          { username: 'supabot' },
          { username: 'supabot' },
          { username: 'supabot' },
        ],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > !left join on one to 0-1 non-empty relation',
    area: 'reads',
    run: (sb) =>
      sb
        .from('users')
        .select('user_profiles!left(username)')
        .eq('username', 'supabot')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: { user_profiles: [{ username: 'supabot' }] },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > !left join on zero to one with null relation',
    area: 'reads',
    run: (sb) => sb.from('user_profiles').select('*,users!left(*)').eq('id', 2).limit(1).single(),
    expected: {
      status: 200,
      data: { id: 2, username: null, users: null },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > !left join on zero to one with valid relation',
    area: 'reads',
    run: (sb) =>
      sb.from('user_profiles').select('*,users!left(status)').eq('id', 1).limit(1).single(),
    expected: {
      status: 200,
      data: { id: 1, username: 'supabot', users: { status: 'ONLINE' } },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > !left join on zero to one empty relation',
    area: 'reads',
    run: (sb) =>
      sb
        .from('users')
        .select('user_profiles!left(username)')
        .eq('username', 'dragarcia')
        .limit(1)
        .single(),
    expected: { status: 200, data: { user_profiles: [] }, error: null, count: null },
  },
  {
    upstream: 'basic.test.ts > join on 1-M relation',
    area: 'reads',
    run: (sb) =>
      sb
        .from('users')
        .select(
          `first_friend_of:best_friends_first_user_fkey(*),
            second_friend_of:best_friends_second_user_fkey(*),
            third_wheel_of:best_friends_third_wheel_fkey(*)`,
        )
        .eq('username', 'supabot')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_friend_of: [
          { first_user: 'supabot', id: 1, second_user: 'kiwicopple', third_wheel: 'awailas' },
          { first_user: 'supabot', id: 2, second_user: 'awailas', third_wheel: null },
        ],
        second_friend_of: [],
        third_wheel_of: [],
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > join on 1-1 relation with nullables',
    area: 'reads',
    run: (sb) =>
      sb
        .from('best_friends')
        .select(
          'first_user:users!best_friends_first_user_fkey(*), second_user:users!best_friends_second_user_fkey(*), third_wheel:users!best_friends_third_wheel_fkey(*)',
        )
        .order('id')
        .limit(1)
        .single(),
    expected: {
      status: 200,
      data: {
        first_user: {
          age_range: '[1,2)',
          catchphrase: "'cat' 'fat'",
          data: null,
          status: 'ONLINE',
          username: 'supabot',
        },
        second_user: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'cat'",
          data: null,
          status: 'OFFLINE',
          username: 'kiwicopple',
        },
        third_wheel: {
          age_range: '[25,35)',
          catchphrase: "'bat' 'rat'",
          data: null,
          status: 'ONLINE',
          username: 'awailas',
        },
      },
      error: null,
      count: null,
    },
  },
  {
    upstream: 'basic.test.ts > maybeSingle returns null for zero rows (GET)',
    area: 'reads',
    run: (sb) => sb.from('users').select().eq('username', 'does_not_exist').maybeSingle(),
    expected: { status: 200, data: null, error: null, count: null },
  },
]

export const REFUSED: Refused[] = [
  {
    upstream: 'resource-embedding.test.ts > embedded select with computed field explicit selection',
    feature: 'computed fields',
    run: (sb) => sb.from('users').select('messages(*, blurb_message)'),
    refused: { status: 400, code: 'PGRST127' },
  },
  {
    upstream: 'relationships-join-operations.test.ts > join select via view name relationship',
    feature: 'relationships through views',
    run: (sb) => sb.from('user_profiles').select('updatable_view(*)').limit(1).single(),
    refused: { status: 400, code: 'PGRST200' },
  },
  {
    upstream: 'advanced_rpc.test.ts > function with scalar input with followup select',
    feature: 'relationships through views',
    run: (sb) =>
      sb
        .rpc('get_recent_messages_by_username', {
          search_username: 'supabot',
        })
        .select('channel_id, message, users(username, catchphrase)'),
    refused: { status: 400, code: 'PGRST200' },
  },
  {
    upstream:
      'relationships-error-handling.test.ts > nested query with selective fields and inner join should error on non existing relation',
    feature: 'spreads',
    run: (sb) =>
      sb
        .from('users')
        .select(
          'msgs:messages(id, ...message_details(created_at, channel!inner(id, slug, owner:users(*))))',
        )
        .limit(1)
        .single(),
    refused: { status: 400, code: 'PGRST127' },
  },
  {
    upstream: 'relationships-error-handling.test.ts > aggregate on missing column with alias',
    feature: 'aggregates',
    run: (sb) =>
      sb
        .from('users')
        .select('alias:missing_column.count()')
        .eq('username', 'supabot')
        .limit(1)
        .single(),
    refused: { status: 400, code: 'PGRST123' },
  },
  {
    upstream: 'relationships-error-handling.test.ts > typecasting and aggregate',
    feature: 'aggregates',
    run: (sb) =>
      sb
        .from('messages')
        .select(
          'message, users.count(), casted_message:message::int4, casted_count:users.count()::text',
        )
        .limit(1)
        .single(),
    refused: { status: 400, code: 'PGRST123' },
  },
  {
    upstream: 'transforms.test.ts > geojson',
    feature: 'GeoJSON',
    run: (sb) => sb.from('shops').select().geojson(),
    refused: { status: 406, code: 'PGRST107' },
  },
]
