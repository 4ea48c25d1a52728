import { existsSync } from 'node:fs'

// The browser the end-to-end tests drive: CHROMIUM_PATH when set, else a system Chromium or
// Chrome, else the Chromium that `npx playwright install chromium` downloaded.

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

export type BrowserChoice = { path: string } | { missing: string }

export const NO_BROWSER =
  'No Chromium or Chrome found for the browser tests: install one (Debian/Ubuntu: apt-get install -y chromium; or npx playwright install chromium), or set CHROMIUM_PATH.'

export function findBrowser(env: Record<string, string | undefined>, playwrightBrowser: () => string | undefined, exists: (path: string) => boolean = existsSync): BrowserChoice {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? { path: env.CHROMIUM_PATH } : { missing: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist. ${NO_BROWSER}` }
  const system = SYSTEM_BROWSERS.find(exists)
  if (system) return { path: system }
  const bundled = playwrightBrowser()
  return bundled && exists(bundled) ? { path: bundled } : { missing: NO_BROWSER }
}
