import { chromium, defineConfig } from '@playwright/test'
import { findBrowser } from './scripts/find-browser'

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
  SANDBOX_SMTP_PORT: port(8193),
  // The suite signs up more organizations per hour from one address than a person would.
  SIGNUP_LIMIT_PER_ADDRESS: '1000',
  SANDBOX_S3_URL: `http://127.0.0.1:${port(8194)}`,
  // The Voice SDK's signaling gateway, and where the app's device options point the SDK.
  SANDBOX_VOICE_SDK_PORT: port(8195),
  SANDBOX_VOICE_GATEWAY: `127.0.0.1:${port(8195)}`,
  SANDBOX_S3_DIR: '.data/e2e-s3',
  MEDIA_SERVER_PORT: port(8181),
  MEDIA_SERVER_PUBLIC_URL: `ws://127.0.0.1:${port(8181)}`,
  EMBEDDED_DB_PORT: port(5533),
  EMBEDDED_DB_DIR: '.data/e2e-postgres',
  NEXT_DIST_DIR: '.next-e2e',
}

// Stop before any browser test, in one line, when there is no browser to drive.
const browser = findBrowser(process.env, () => {
  try {
    return chromium.executablePath()
  } catch {
    return undefined
  }
})
if ('missing' in browser) {
  console.error(browser.missing)
  process.exit(1)
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
      executablePath: browser.path,
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
