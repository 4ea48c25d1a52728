import { defineConfig } from '@playwright/test'

// End-to-end tests run the whole system (web app, media server, sandbox, embedded database)
// through the same dev command a newcomer uses, in production mode and on ports of their own
// so a running development instance is left alone.
// E2E_PORT_OFFSET shifts every port, so two checkouts on one machine can run their suites at once.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0)
const port = (base: number) => String(base + offset)
const stack = {
  PORT: port(3100),
  PUBLIC_URL: `http://localhost:${port(3100)}`,
  SANDBOX_PORT: port(8190),
  SANDBOX_URL: `http://127.0.0.1:${port(8190)}`,
  SANDBOX_REALTIME_PORT: port(8192),
  SANDBOX_S3_PORT: port(8194),
  SANDBOX_S3_DIR: '.data/e2e-s3',
  MEDIA_SERVER_PORT: port(8181),
  MEDIA_SERVER_PUBLIC_URL: `ws://127.0.0.1:${port(8181)}`,
  EMBEDDED_DB_PORT: port(5533),
  EMBEDDED_DB_DIR: '.data/e2e-postgres',
  NEXT_DIST_DIR: '.next-e2e',
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // CI also writes a JSON report that .ci/run sums into one closing line.
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.local/reports/e2e.json' }]] : [['list']],
  use: {
    baseURL: stack.PUBLIC_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'npx tsx scripts/dev.ts --production',
    url: `${stack.PUBLIC_URL}/api/health`,
    env: { ...stack, DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' },
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})

export const e2eStack = stack
