import { expect, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'

// Over real HTTP against the production build: every page and API answer carries the headers.
const PATHS = ['/', '/login', '/signup', '/forgot-password', '/verify-email', '/dashboard', '/team', '/api/health', '/api/team']

test('every page and API answer carries the security headers', async ({ request }) => {
  for (const path of PATHS) {
    const response = await request.get(path, { maxRedirects: 0 })
    const headers = response.headers()
    const policy = headers['content-security-policy'] ?? ''
    expect(policy, path).toContain("frame-ancestors 'none'")
    expect(policy, path).toContain("default-src 'self'")
    expect(policy, path).toMatch(/connect-src 'self' https:\/\/\*\.twilio\.com wss:\/\/\*\.twilio\.com/)
    // Sandbox mode: the softphone may reach the local Twilio stand-in.
    expect(policy, path).toContain(new URL(e2eStack.SANDBOX_URL).origin)
    expect(policy, path).not.toContain('unsafe-eval')
    expect(headers['strict-transport-security'], path).toBe('max-age=63072000; includeSubDomains')
    expect(headers['x-content-type-options'], path).toBe('nosniff')
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin')
  }
})

test('the browser refuses to show the app in a frame', async ({ page }) => {
  const refused = page.waitForEvent('console', { predicate: (message) => /frame-ancestors/.test(message.text()) })
  await page.setContent(`<iframe src="${e2eStack.PUBLIC_URL}/login"></iframe>`)
  expect((await refused).text()).toContain("frame-ancestors 'none'")
})
