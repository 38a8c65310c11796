import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateTypes } from '../../../supabase/local/typegen'
import type { TestDatabase } from '../../support/db'
import { createTestDatabase } from '../../support/db'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase()
})
afterAll(() => db.drop())

it('src/shared/database.types.ts matches the migrations (run `npm run gen:types` when this fails)', async () => {
  const committed = await readFile('src/shared/database.types.ts', 'utf8')
  expect(await generateTypes(db.url)).toBe(committed)
})
