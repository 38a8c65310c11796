// Fixed ids from supabase/seed.sql.
export const ORG = {
  tenNetZero: '10000000-0000-4000-8000-000000000001',
  other: '10000000-0000-4000-8000-000000000002',
} as const

export const USER = {
  admin: '00000000-0000-4000-8000-000000000001',
  office: '00000000-0000-4000-8000-000000000002',
  tech1: '00000000-0000-4000-8000-000000000003',
  tech2: '00000000-0000-4000-8000-000000000004',
  otherTech: '00000000-0000-4000-8000-000000000005',
} as const

export const EMAIL = {
  admin: 'admin@outpost.test',
  office: 'office@outpost.test',
  tech1: 'tech1@outpost.test',
  tech2: 'tech2@outpost.test',
  otherTech: 'tech@other.test',
} as const

export const DEMO_PASSWORD = 'outpost-demo'

/** Sites 1–6 belong to 10NetZero (tech1: 1, 2; tech2: 4, 5); site 7 to Other Energy. */
export const site = (n: number): string => `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`

/** Unit k (1–8) of site n: 1–2 generators, 3 compressor, 4 transformer, 5–8 miners. */
export const equipment = (siteNumber: number, unit: number): string =>
  `40000000-0000-4000-8000-0000000${String(siteNumber).padStart(3, '0')}${String(unit).padStart(2, '0')}`
