/**
 * A sandbox caller reaches a number after hours and leaves a message: the Voicemail page shows it
 * with its transcript (delivered by the sandbox a few seconds after the recording), and the Usage
 * page counts the call's billed minute and cost.
 */
import { expect, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { buyNumberThroughApp, leaveSandboxVoicemail, signUpVerified, uniqueEmail, waitForPhoneSystem } from './helpers'

const MESSAGE = 'Hello, this is Dana. Please call me back about my order.'

test('a sandbox call after hours leaves a voicemail with its transcript, and shows in the usage totals', async ({ page }) => {
  test.setTimeout(150_000)
  await signUpVerified(page, { organizationName: `Voicemail ${Date.now()}`, name: 'Vera Voicemail', email: uniqueEmail('voicemail') })
  await waitForPhoneSystem(page.request)
  // A schedule with no open hours: every call is after hours, and goes to voicemail.
  const schedule = await page.request.post('/api/business-hours', { data: { name: 'Closed', timeZone: 'America/New_York', intervals: [], exceptions: [] } })
  expect(schedule.status()).toBe(201)
  const number = await buyNumberThroughApp(page.request, '617')
  const configured = await page.request.patch(`/api/numbers/${number.id}`, { data: { businessHoursId: (await schedule.json()).schedule.id, afterHoursMessage: 'You reached Acme. Please leave a message.' } })
  expect(configured.status()).toBe(200)

  await leaveSandboxVoicemail(e2eStack.SANDBOX_URL, '+14155550123', number.phoneNumber, MESSAGE)

  await page.goto('/voicemail')
  const voicemail = page.getByTestId('voicemail').filter({ hasText: '+14155550123' })
  // The transcription comes a few seconds after the recording.
  await expect(async () => {
    await page.reload()
    await expect(voicemail.getByTestId('transcript')).toContainText(MESSAGE, { timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  await expect(voicemail.getByText('New', { exact: true })).toBeVisible()
  await voicemail.getByRole('button', { name: 'Mark as listened' }).click()
  await expect(voicemail.getByRole('button', { name: 'Mark as new' })).toBeVisible()
  await expect(voicemail.getByText('New', { exact: true })).toHaveCount(0)

  await page.goto('/usage')
  await expect(page.getByTestId('usage-minutes')).toHaveText('1')
  await expect(page.getByTestId('usage-cost')).not.toHaveText('$0.00')
  await expect(page.getByTestId('usage-chart').locator('svg').first()).toBeVisible()
})
