/**
 * Settings edits business hours and shows whether the schedule is open now; the Usage and
 * Voicemail pages render for a new organization.
 */
import { expect, test } from '@playwright/test'
import { signUpVerified, uniqueEmail } from './helpers'

test('business hours: create a schedule with a holiday, see open/closed, edit and delete it', async ({ page }) => {
  await signUpVerified(page, { organizationName: `Hours ${Date.now()}`, name: 'Hana Hours', email: uniqueEmail('hours') })
  await page.goto('/settings')
  await page.getByRole('button', { name: 'New schedule' }).click()
  const form = page.getByRole('form', { name: 'Schedule' })
  await form.getByLabel('Schedule name').fill('Front desk')
  await form.getByLabel('Time zone').fill('Europe/Berlin')
  await form.getByRole('button', { name: 'Add date' }).click()
  await form.getByLabel('Date').fill('2026-12-25')
  await form.getByLabel('Label').fill('Christmas Day')
  await form.getByRole('button', { name: 'Save schedule' }).click()

  const schedule = page.getByTestId('schedule').filter({ hasText: 'Front desk' })
  await expect(schedule).toContainText('Mon 09:00–17:00')
  await expect(schedule).toContainText('2026-12-25 Christmas Day: closed')
  await expect(schedule.getByTestId('schedule-status')).toHaveText(/^(Open now until|Closed until) \w{3}/)

  await schedule.getByRole('button', { name: 'Edit' }).click()
  await page.getByRole('form', { name: 'Schedule' }).getByLabel('Time zone').fill('Not/AZone')
  await page.getByRole('form', { name: 'Schedule' }).getByRole('button', { name: 'Save schedule' }).click()
  await expect(page.getByText('Use an IANA time zone such as America/New_York.').first()).toBeVisible()
  await page.getByRole('form', { name: 'Schedule' }).getByRole('button', { name: 'Cancel' }).click()

  await schedule.getByRole('button', { name: 'Delete' }).click()
  await expect(page.getByTestId('schedule')).toHaveCount(0)

  await page.goto('/usage')
  await expect(page.getByTestId('usage-minutes')).toHaveText('0')
  await expect(page.getByTestId('usage-chart').locator('svg').first()).toBeVisible()
  await page.goto('/voicemail')
  await expect(page.getByText('No voicemail yet.')).toBeVisible()
})
