// The readings grid's pure logic: clipboard blocks, where a paste lands, keyboard moves and
// what each cell shows (marks, warnings, locks, refused values).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type {
  CellDraft,
  GridInput,
  GridMeter,
  GridReading,
} from '../../../src/renderer/src/features/energy/grid/grid-model'
import {
  MAX_DAYS,
  buildGrid,
  cellKey,
  cellLock,
  cellText,
  changedMeters,
  draftMeters,
  gridDays,
  keepUnchanged,
  spentDrafts,
  gridMeters,
} from '../../../src/renderer/src/features/energy/grid/grid-model'
import {
  draftsFromJson,
  draftsToJson,
} from '../../../src/renderer/src/features/energy/grid/grid-drafts'
import { keyIntent, moveTo } from '../../../src/renderer/src/features/energy/grid/grid-nav'
import {
  isSingleValue,
  parseClipboard,
  planPaste,
} from '../../../src/renderer/src/features/energy/grid/grid-paste'
import { addDays, siteDayHours, startOfSiteDay } from '../../../src/shared/site-time'

describe('parseClipboard', () => {
  it('reads Excel rows (CRLF) and cells (tabs), without a row for the final line break', () => {
    expect(parseClipboard('1\t2\t3\r\n4\t5\t6\r\n')).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ])
    expect(parseClipboard('1\t2\n3\t4')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ])
    expect(parseClipboard('7\r8\r')).toEqual([['7'], ['8']])
  })

  it('keeps empty cells where they are', () => {
    expect(parseClipboard('1\t\t3\n\t5\t\n')).toEqual([
      ['1', '', '3'],
      ['', '5', ''],
    ])
    expect(parseClipboard('')).toEqual([])
    expect(parseClipboard('\n')).toEqual([['']])
  })

  it('unquotes cells Excel quoted (a line break, a tab or a quote inside)', () => {
    expect(parseClipboard('"15,234"\t"line\none"\t"say ""hi"""\r\n2')).toEqual([
      ['15,234', 'line\none', 'say "hi"'],
      ['2'],
    ])
    // A quote that does not close a cell is text.
    expect(parseClipboard('"12 inches\t3')).toEqual([['"12 inches', '3']])
    expect(parseClipboard('5"\t6')).toEqual([['5"', '6']])
  })

  it('gives back any tab-separated block it is given', () => {
    const cell = fc.stringMatching(/^[0-9a-z ,.-]{0,6}$/)
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (block) => {
          const text = `${block.map((r) => r.join('\t')).join('\r\n')}\r\n`
          expect(parseClipboard(text)).toEqual(block)
        },
      ),
    )
  })

  it('tells one value from a block', () => {
    expect(isSingleValue([['12']])).toBe(true)
    expect(isSingleValue([['1', '2']])).toBe(false)
    expect(isSingleValue([['1'], ['2']])).toBe(false)
  })
})

describe('planPaste', () => {
  it('lands a 2×3 block from the active cell, right and down', () => {
    const plan = planPaste(
      [
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
      { row: 3, col: 1 },
      { rows: 10, cols: 5 },
    )
    expect(plan.edits).toEqual([
      { row: 3, col: 1, text: '1' },
      { row: 3, col: 2, text: '2' },
      { row: 3, col: 3, text: '3' },
      { row: 4, col: 1, text: '4' },
      { row: 4, col: 2, text: '5' },
      { row: 4, col: 3, text: '6' },
    ])
    expect(plan).toMatchObject({ outside: 0, blank: 0 })
  })

  it('counts what falls past the grid and skips empty values', () => {
    const plan = planPaste(
      [
        [' 10 ', '', '30'],
        ['40', '50', '60'],
      ],
      { row: 9, col: 3 },
      { rows: 10, cols: 5 },
    )
    expect(plan.edits).toEqual([{ row: 9, col: 3, text: '10' }])
    expect(plan.blank).toBe(1)
    expect(plan.outside).toBe(4)
  })

  it('touches each cell at most once, all inside the grid, and accounts for every value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('', '1', '22'), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(8),
        fc.nat(8),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        (block, row, col, rows, cols) => {
          const plan = planPaste(block, { row, col }, { rows, cols })
          const keys = plan.edits.map((e) => `${e.row},${e.col}`)
          expect(new Set(keys).size).toBe(keys.length)
          for (const e of plan.edits) {
            expect(e.row).toBeGreaterThanOrEqual(row)
            expect(e.row).toBeLessThan(rows)
            expect(e.col).toBeGreaterThanOrEqual(col)
            expect(e.col).toBeLessThan(cols)
            expect(e.text).toBe(block[e.row - row]![e.col - col])
          }
          const values = block.flat().length
          expect(plan.edits.length + plan.outside + plan.blank).toBe(values)
        },
      ),
    )
  })
})

describe('keyboard', () => {
  const size = { rows: 5, cols: 3 }

  it('moves with arrows, Tab and Enter, never out of the grid', () => {
    expect(moveTo({ row: 0, col: 0 }, 'up', size)).toEqual({ row: 0, col: 0 })
    expect(moveTo({ row: 0, col: 0 }, 'down', size)).toEqual({ row: 1, col: 0 })
    expect(moveTo({ row: 4, col: 2 }, 'right', size)).toEqual({ row: 4, col: 2 })
    expect(moveTo({ row: 1, col: 2 }, 'next', size)).toEqual({ row: 2, col: 0 })
    expect(moveTo({ row: 2, col: 0 }, 'prev', size)).toEqual({ row: 1, col: 2 })
    expect(moveTo({ row: 1, col: 1 }, 'pageDown', size, { page: 10 })).toEqual({ row: 4, col: 1 })
    expect(moveTo({ row: 3, col: 1 }, 'top', size)).toEqual({ row: 0, col: 1 })
    expect(moveTo({ row: 3, col: 1 }, 'last', size)).toEqual({ row: 4, col: 2 })
    expect(moveTo({ row: 3, col: 1 }, 'rowStart', size)).toEqual({ row: 3, col: 0 })
  })

  it('lets Tab leave the grid past the last cell and Shift+Tab before the first', () => {
    expect(moveTo({ row: 4, col: 2 }, 'next', size)).toBeNull()
    expect(moveTo({ row: 0, col: 0 }, 'prev', size)).toBeNull()
  })

  it('maps keys like a spreadsheet when no cell is being edited', () => {
    expect(keyIntent({ key: 'ArrowDown' }, null)).toEqual({ kind: 'move', move: 'down' })
    expect(keyIntent({ key: 'Tab', shiftKey: true }, null)).toEqual({ kind: 'move', move: 'prev' })
    expect(keyIntent({ key: 'Enter' }, null)).toEqual({ kind: 'move', move: 'down' })
    expect(keyIntent({ key: 'Home', ctrlKey: true }, null)).toEqual({ kind: 'move', move: 'first' })
    expect(keyIntent({ key: 'ArrowUp', ctrlKey: true }, null)).toEqual({
      kind: 'move',
      move: 'top',
    })
    expect(keyIntent({ key: '7' }, null)).toEqual({ kind: 'edit', text: '7' })
    expect(keyIntent({ key: '-' }, null)).toEqual({ kind: 'edit', text: '-' })
    expect(keyIntent({ key: 'F2' }, null)).toEqual({ kind: 'edit', text: null })
    expect(keyIntent({ key: 'Backspace' }, null)).toEqual({ kind: 'edit', text: '' })
    expect(keyIntent({ key: 'Delete' }, null)).toEqual({ kind: 'clear' })
    // Copy and paste shortcuts are the browser's (the grid handles the clipboard events).
    expect(keyIntent({ key: 'v', ctrlKey: true }, null)).toEqual({ kind: 'none' })
    expect(keyIntent({ key: 'c', metaKey: true }, null)).toEqual({ kind: 'none' })
  })

  it('commits and moves on Enter, Tab and arrows while typing; Escape cancels', () => {
    expect(keyIntent({ key: 'Enter' }, 'enter')).toEqual({ kind: 'commit', then: 'down' })
    expect(keyIntent({ key: 'Enter', shiftKey: true }, 'enter')).toEqual({
      kind: 'commit',
      then: 'up',
    })
    expect(keyIntent({ key: 'Tab' }, 'edit')).toEqual({ kind: 'commit', then: 'next' })
    expect(keyIntent({ key: 'ArrowRight' }, 'enter')).toEqual({ kind: 'commit', then: 'right' })
    expect(keyIntent({ key: 'Escape' }, 'enter')).toEqual({ kind: 'cancel' })
    // Opened with F2: left and right move the caret inside the value.
    expect(keyIntent({ key: 'ArrowLeft' }, 'edit')).toEqual({ kind: 'none' })
    expect(keyIntent({ key: 'ArrowDown' }, 'edit')).toEqual({ kind: 'commit', then: 'down' })
    expect(keyIntent({ key: '5' }, 'enter')).toEqual({ kind: 'none' })
    expect(keyIntent({ key: 'Delete' }, 'enter')).toEqual({ kind: 'none' })
  })
})

const TZ = 'America/Chicago'
const TODAY = '2026-03-20'

function reading(
  meter: string,
  day: string,
  kwh: number,
  over: Partial<GridReading> = {},
): GridReading {
  return {
    id: `${meter || 'site'}-${day}`,
    equipment_id: meter || null,
    period_start: startOfSiteDay(day, TZ),
    energy_kwh: kwh,
    source: 'manual',
    deleted_at: null,
    _state: 'synced',
    ...over,
  }
}

const METERS: GridMeter[] = [
  { id: '', name: 'Site meter', ratedKw: 1200, billing: true },
  { id: 'gen-a', name: 'Generator A', ratedKw: 1000, billing: false },
]

function grid(
  readings: GridReading[],
  over: {
    drafts?: Map<string, CellDraft>
    closed?: string[]
    failures?: Map<string, string>
    conflicts?: Set<string>
    days?: string[]
  } = {},
) {
  return buildGrid(gridInput(readings, over))
}

function gridInput(
  readings: GridReading[],
  over: {
    drafts?: Map<string, CellDraft>
    closed?: string[]
    failures?: Map<string, string>
    conflicts?: Set<string>
    days?: string[]
  } = {},
): GridInput {
  return {
    days: over.days ?? gridDays(TODAY, 5),
    meters: METERS,
    readings,
    timeZone: TZ,
    today: TODAY,
    siteName: 'Mesa Verde',
    closedMonths: new Set(over.closed ?? []),
    drafts: over.drafts ?? new Map(),
    failures: over.failures ?? new Map(),
    conflicts: over.conflicts ?? new Set(),
    locale: 'en-US',
  }
}

describe('the grid model', () => {
  it('shows the range oldest first, at most three months', () => {
    expect(gridDays('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02'])
    expect(gridDays(TODAY, 500)).toHaveLength(MAX_DAYS)
    expect(gridDays(TODAY, 500).at(-1)).toBe(TODAY)
  })

  it('lists the site meter, the generators and any unit with a reading in the range', () => {
    const meters = gridMeters(
      { name: 'S', timezone: TZ, capacity_kw: 1200, billing_meter_id: 'gen-b' },
      [
        { id: 'gen-b', name: 'Gen B', kind: 'generator', rated_power_kw: 900 },
        { id: 'tx', name: 'Transformer', kind: 'transformer', rated_power_kw: null },
        { id: 'miner', name: 'Miner', kind: 'miner', rated_power_kw: 3 },
      ],
      [reading('tx', '2026-03-01', 10)],
    )
    expect(meters.map((m) => [m.id, m.billing, m.ratedKw])).toEqual([
      ['', false, 1200],
      ['gen-b', true, 900],
      ['tx', false, null],
    ])
  })

  it('puts each reading in its meter and site day, and marks its sync state', () => {
    const cells = grid([
      reading('', '2026-03-19', 20_000),
      reading('gen-a', '2026-03-18', 15_000, { _state: 'unsynced' }),
      // 23:30 on the 19th at the site is still the 19th, though it is the 20th in UTC.
      reading('gen-a', '2026-03-19', 15_100, {
        id: 'late',
        period_start: '2026-03-20T04:30:00.000Z',
      }),
      // Adjustments and deleted readings hold no cell.
      reading('', '2026-03-18', -300, { id: 'adj', source: 'adjustment' }),
      reading('', '2026-03-17', 1, { id: 'gone', deleted_at: '2026-03-18T00:00:00Z' }),
    ])
    const at = (day: string, col: number) => cells[gridDays(TODAY, 5).indexOf(day)]![col]!
    expect(at('2026-03-19', 0)).toMatchObject({ mark: 'synced', error: null, lock: null })
    expect(cellText(at('2026-03-19', 0), String)).toBe('20000')
    expect(at('2026-03-18', 1).mark).toBe('unsynced')
    expect(at('2026-03-19', 1).reading?.id).toBe('late')
    expect(at('2026-03-18', 0).reading).toBeUndefined()
    expect(at('2026-03-17', 0).reading).toBeUndefined()
    expect(at('2026-03-17', 0).mark).toBeNull()
  })

  it('shows a refusal by the server with its reason, and an open conflict', () => {
    const cells = grid(
      [
        reading('', '2026-03-19', 20_000, { _state: 'failed' }),
        reading('gen-a', '2026-03-19', 15_000),
      ],
      {
        failures: new Map([['site-2026-03-19', 'March 2026 is closed for this site.']]),
        conflicts: new Set(['gen-a-2026-03-19']),
      },
    )
    expect(cells[3]![0]).toMatchObject({
      mark: 'failed',
      error: 'March 2026 is closed for this site.',
    })
    expect(cells[3]![1]).toMatchObject({ mark: 'conflict', error: null })
  })

  it('keeps a refused value in its cell with the reason, over the saved reading', () => {
    const drafts = new Map<string, CellDraft>([
      [cellKey('', '2026-03-19'), { text: '-5', error: 'Energy cannot be negative' }],
      [cellKey('gen-a', '2026-03-19'), { text: 'abc', error: '"abc" is not a number' }],
    ])
    const cells = grid([reading('', '2026-03-19', 20_000)], { drafts })
    expect(cellText(cells[3]![0]!, String)).toBe('-5')
    expect(cells[3]![0]!.error).toBe('Energy cannot be negative')
    expect(cells[3]![0]!.reading?.energy_kwh).toBe(20_000)
    expect(cells[3]![1]!.error).toBe('"abc" is not a number')
  })

  it('shows a saved value until the cell reads back the reading it became', () => {
    const key = cellKey('', '2026-03-19')
    const drafts = new Map<string, CellDraft>([
      [key, { text: '21,000', error: null, saved: { kwh: 21_000 } }],
    ])
    expect(cellText(grid([reading('', '2026-03-19', 20_000)], { drafts })[3]![0]!, String)).toBe(
      '21,000',
    )
    const after = grid([reading('', '2026-03-19', 21_000, { _state: 'unsynced' })], { drafts })
    expect(after[3]![0]!.draft).toBeUndefined()
    expect(cellText(after[3]![0]!, String)).toBe('21000')
  })

  it('warns as the daily form does, against the meter’s own previous 14 readings', () => {
    const days = gridDays(TODAY, 20)
    const history = days.slice(0, 19).map((d) => reading('gen-a', d, 10_000))
    const cells = grid([...history, reading('gen-a', TODAY, 30_000)], { days })
    const last = cells.at(-1)!
    // 30,000 kWh from a 1,000 kW unit in 24 h: over capacity, and a spike over the average.
    expect(last[1]!.warnings.map((w) => w.kind)).toEqual(['capacity', 'spike'])
    expect(last[1]!.warnings[1]!.message).toContain('14-reading average')
    // An ordinary day of the same unit says nothing; an empty cell has nothing to check.
    expect(cells[5]![1]!.warnings).toEqual([])
    expect(cells.at(-1)![0]!.warnings).toEqual([])
    // A typed value is checked the same way before it is saved.
    const typed = grid(history, {
      days,
      drafts: new Map([[cellKey('gen-a', TODAY), { text: '0', error: null }]]),
    })
    expect(typed.at(-1)![1]!.warnings.map((w) => w.kind)).toEqual(['zero'])
  })

  it('locks closed months and days that have not happened yet at the site', () => {
    const days = ['2026-02-28', '2026-03-01', '2026-03-21']
    const cells = grid([reading('', '2026-02-28', 20_000)], { days, closed: ['2026-02-01'] })
    expect(cells[0]![0]!.lock).toMatchObject({ kind: 'closed', short: 'Closed' })
    expect(cells[0]![0]!.lock!.message).toContain('February 2026 is closed')
    expect(cells[1]![0]!.lock).toBeNull()
    expect(cells[2]![1]!.lock).toMatchObject({ kind: 'future' })
    expect(
      cellLock('2026-03-21', { today: TODAY, closedMonths: new Set(), siteName: 'Mesa Verde' })!
        .message,
    ).toBe('Mar 21, 2026 has not happened yet at Mesa Verde (today there is Mar 20, 2026).')
  })

  it('measures a site day in site hours (23 on the spring change, 25 in the fall)', () => {
    expect(siteDayHours('2026-03-08', TZ)).toBe(23)
    expect(siteDayHours('2026-03-09', TZ)).toBe(24)
    expect(siteDayHours('2026-11-01', TZ)).toBe(25)
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09')
  })
})

describe('keepUnchanged', () => {
  it('keeps every cell and row a save did not touch as the same object', () => {
    const readings = [reading('', '2026-03-18', 20_000), reading('gen-a', '2026-03-18', 9_000)]
    const before = grid(readings)
    // The live query returns new objects with the same values, and one changed reading.
    const again = readings.map((r) => ({ ...r }))
    again[1] = { ...again[1]!, energy_kwh: 9_500, _state: 'unsynced' }
    const after = keepUnchanged(before, grid(again))
    const row = gridDays(TODAY, 5).indexOf('2026-03-18')
    expect(after[0]).toBe(before[0])
    expect(after[row]).not.toBe(before[row])
    expect(after[row]![0]).toBe(before[row]![0])
    expect(after[row]![1]).not.toBe(before[row]![1])
    expect(after[row]![1]!.reading!.energy_kwh).toBe(9_500)
    // A draft typed over a cell, and a refusal, are changes too.
    const typed = keepUnchanged(
      after,
      grid(again, { drafts: new Map([['|2026-03-19', { text: '12', error: null }]]) }),
    )
    expect(typed[row]).toBe(after[row])
    expect(typed[row + 1]![0]).not.toBe(after[row + 1]![0])
    const refused = keepUnchanged(
      after,
      grid(again, { failures: new Map([['gen-a-2026-03-18', 'Month closed']]) }),
    )
    expect(refused[row]![1]!.error).toBe('Month closed')
    expect(refused[row]![0]).toBe(after[row]![0])
  })
})

describe('rebuilding the columns of changed drafts only', () => {
  it('gives the same cells as a full build', () => {
    const readings = [
      reading('', '2026-03-18', 20_000),
      reading('gen-a', '2026-03-17', 9_000),
      reading('gen-a', '2026-03-18', 9_100),
    ]
    const saving = { text: '95', error: null }
    const d1 = new Map<string, CellDraft>([['|2026-03-19', { text: '21000', error: null }]])
    const d2 = new Map<string, CellDraft>([...d1, ['gen-a|2026-03-19', saving]])
    const d3 = new Map<string, CellDraft>([
      ['gen-a|2026-03-19', { ...saving, error: 'Write the number only' }],
    ])
    expect(draftMeters(d1, d2)).toEqual(new Set(['gen-a']))
    expect(draftMeters(d2, d3)).toEqual(new Set(['', 'gen-a']))
    expect(draftMeters(d2, new Map(d2))).toEqual(new Set())
    const first = grid(readings, { drafts: d1 })
    for (const [before, after] of [
      [d1, d2],
      [d2, d3],
    ] as const) {
      const full = grid(readings, { drafts: after })
      const partial = buildGrid(
        { ...gridInput(readings), drafts: after },
        { previous: grid(readings, { drafts: before }), meters: draftMeters(before, after) },
      )
      expect(partial).toEqual(full)
    }
    // A column not rebuilt is the previous build's cells, object for object.
    const kept = buildGrid(
      { ...gridInput(readings), drafts: d2 },
      { previous: first, meters: new Set(['gen-a']) },
    )
    expect(kept[3]![0]).toBe(first[3]![0])
    expect(kept[3]![1]!.draft).toBe(saving)
  })
})

describe('changedMeters', () => {
  it('names the meters whose readings changed, and gives up when anything else did', () => {
    const readings = [reading('', '2026-03-18', 20_000), reading('gen-a', '2026-03-18', 9_000)]
    const before = gridInput(readings)
    const copies = { ...before, readings: readings.map((r) => ({ ...r })) }
    expect(changedMeters(before, copies)).toEqual(new Set())
    const saved = {
      ...before,
      readings: [readings[0]!, { ...readings[1]!, energy_kwh: 9_100, _state: 'unsynced' as const }],
    }
    expect(changedMeters(before, saved)).toEqual(new Set(['gen-a']))
    const added = { ...before, readings: [...readings, reading('', '2026-03-19', 1)] }
    expect(changedMeters(before, added)).toEqual(new Set(['']))
    expect(buildGrid(added, { previous: buildGrid(before), meters: new Set(['']) })).toEqual(
      buildGrid(added),
    )
    expect(changedMeters(before, { ...saved, failures: new Map([['x', 'no']]) })).toBeNull()
  })
})

describe('spentDrafts', () => {
  it('names the saved drafts whose cells show their reading, and no other', () => {
    const readings = [reading('gen-a', '2026-03-18', 9_100)]
    const drafts = new Map<string, CellDraft>([
      ['gen-a|2026-03-18', { text: '9100', error: null, saved: { kwh: 9_100 } }],
      // Saved, but the live query has not brought the reading yet.
      ['|2026-03-18', { text: '20000', error: null, saved: { kwh: 20_000 } }],
      // Being saved, and refused.
      ['gen-a|2026-03-19', { text: '1', error: null }],
      ['gen-a|2026-03-20', { text: 'x', error: 'Write the number only' }],
      // Outside the days shown.
      ['gen-a|2026-01-01', { text: '5', error: null, saved: { kwh: 5 } }],
    ])
    const cells = grid(readings, { drafts })
    expect(spentDrafts(cells, gridDays(TODAY, 5), METERS, drafts)).toEqual(['gen-a|2026-03-18'])
  })
})

describe('kept drafts', () => {
  it('keeps refused values only, and reads back what it wrote', () => {
    const drafts = new Map<string, CellDraft>([
      ['|2026-03-19', { text: '-5', error: 'Energy cannot be negative' }],
      ['gen-a|2026-03-18', { text: '12', error: null }],
      ['gen-a|2026-03-17', { text: '13', error: null, saved: { kwh: 13 } }],
    ])
    const json = draftsToJson(drafts)
    expect(draftsFromJson(json)).toEqual(
      new Map([['|2026-03-19', { text: '-5', error: 'Energy cannot be negative' }]]),
    )
    expect(draftsToJson(new Map())).toBeNull()
    expect(draftsFromJson('{not json')).toEqual(new Map())
    expect(draftsFromJson('{"x":["1","e"],"|2026-01-01":[1,"e"]}')).toEqual(new Map())
  })
})
