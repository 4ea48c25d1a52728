/**
 * A sandbox call appears in the call log, and its detail page shows the timeline: the voice
 * webhook with the TwiML the app answered, the routing decision, and the status callback.
 */
import { expect, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { buySandboxNumber, placeSandboxCall, sandboxTenant, signUpVerified, uniqueEmail } from './helpers'

test('a sandbox call shows in the call log with its timeline', async ({ page }) => {
  const organizationName = `Call Log ${Date.now()}`
  await signUpVerified(page, { organizationName, name: 'Cleo Caller', email: uniqueEmail('calllog') })
  const { organization } = await (await page.request.get('/api/organization')).json()

  const tenant = await sandboxTenant(e2eStack.SANDBOX_URL, organization.id)
  // A number the organization holds at Twilio but has not set up in HEKAX: the caller hears the polite message.
  const number = await buySandboxNumber(e2eStack.SANDBOX_URL, tenant)
  const callSid = await placeSandboxCall(e2eStack.SANDBOX_URL, '+14155550142', number)

  await page.goto('/calls')
  const row = page.getByTestId('call-row').filter({ hasText: number })
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('call-status')).toHaveText('completed')
  await row.getByRole('link').click()

  await expect(page.getByTestId('call-facts')).toContainText(callSid)
  const timeline = page.getByRole('list', { name: 'Timeline' })
  await expect(timeline.getByTestId('timeline-event').filter({ hasText: 'Webhook incoming' })).toContainText('Routing: number not in service')
  await expect(timeline).toContainText('the number you have called is not in service')
  await expect(timeline.getByTestId('timeline-event').filter({ hasText: 'Status: completed' })).toHaveCount(1)
})
