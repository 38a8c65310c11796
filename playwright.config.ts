import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from './tests/support/browser'

// Two projects:
//   e2e       the renderer as a plain web page in Chromium against the local Supabase. Each test
//             starts its own API and web server in tests/e2e/fixtures.ts, so there is no
//             top-level `webServer`; a shared one would go here.
//   electron  the desktop shell through Playwright's _electron (tests/electron). It skips
//             itself where the Electron binary is not installed.
// scripts/test-all.ts sets PLAYWRIGHT_JSON_OUTPUT_NAME and reads the JSON report.
export default defineConfig({
  outputDir: 'test-results/artifacts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Two cores, and the e2e tests each run PostgreSQL-backed servers.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/playwright.json' },
    ],
  ],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  // Builds the web renderer and a seeded database template for the e2e project.
  globalSetup: './tests/e2e/global-setup.ts',
  projects: [
    {
      name: 'e2e',
      testDir: 'tests/e2e',
      use: {
        // OUTPOST_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own browser.
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testDir: 'tests/electron' },
  ],
})
