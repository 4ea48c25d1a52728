/**
 * Settings edits business hours and shows whether the schedule is open now; a schedule with
 * today's holiday, assigned to a number on the Numbers page, closes that number to a sandbox
 * call; the Usage and Voicemail pages render for a new organization.
 */
import { expect, test, type Page } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { buyNumberThroughApp, placeSandboxCall, signUpVerified, uniqueEmail, waitForPhoneSystem } from './helpers'

/** Settings → New schedule: the default weekly hours, one closed date, saved. */
async function newScheduleWithHoliday(page: Page, input: { name: string; timeZone: string; date: string; label: string }) {
  await page.goto('/settings')
  await page.getByRole('button', { name: 'New schedule' }).click()
  const form = page.getByRole('form', { name: 'Schedule' })
  await form.getByLabel('Schedule name').fill(input.name)
  await form.getByLabel('Time zone').fill(input.timeZone)
  await form.getByRole('button', { name: 'Add date' }).click()
  await form.getByLabel('Date').fill(input.date)
  await form.getByLabel('Label').fill(input.label)
  await form.getByRole('button', { name: 'Save schedule' }).click()
}

test('business hours: create a schedule with a holiday, see open/closed, edit and delete it', async ({ page }) => {
  await signUpVerified(page, { organizationName: `Hours ${Date.now()}`, name: 'Hana Hours', email: uniqueEmail('hours') })
  await newScheduleWithHoliday(page, { name: 'Front desk', timeZone: 'Europe/Berlin', date: '2026-12-25', label: 'Christmas Day' })

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

test('business hours: a holiday today on the schedule assigned to a number closes it to a sandbox call', async ({ page }) => {
  test.setTimeout(120_000)
  await signUpVerified(page, { organizationName: `Holiday ${Date.now()}`, name: 'Hal Holiday', email: uniqueEmail('holiday') })
  await waitForPhoneSystem(page.request)
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date())

  await newScheduleWithHoliday(page, { name: 'Front desk', timeZone: 'Europe/Berlin', date: today, label: 'Company holiday' })
  const schedule = page.getByTestId('schedule').filter({ hasText: 'Front desk' })
  await expect(schedule).toContainText(`${today} Company holiday: closed`)
  await expect(schedule.getByTestId('schedule-status')).toHaveText(/^Closed \(Company holiday\) until \w{3}/)

  // Assign it on the Numbers page, with a closed message for after hours.
  const number = await buyNumberThroughApp(page.request, '617')
  await page.goto('/numbers')
  const row = page.getByTestId('phone-number').filter({ hasText: number.phoneNumber.slice(-4) })
  await row.getByRole('button', { name: /^Edit / }).click()
  const editor = row.getByRole('form')
  await expect(editor.getByLabel('Business hours')).toHaveValue('')
  await editor.getByLabel('Business hours').selectOption({ label: 'Front desk' })
  await editor.getByLabel('After hours').selectOption('MESSAGE')
  await editor.getByLabel('After-hours message').fill('We are closed for the holiday.')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toHaveCount(0)
  const saved = (await (await page.request.get(`/api/numbers/${number.id}`)).json()).number
  const scheduleId = (await (await page.request.get('/api/business-hours')).json()).schedules[0].id
  expect(saved).toMatchObject({ businessHoursId: scheduleId, afterHoursMode: 'MESSAGE' })

  await placeSandboxCall(e2eStack.SANDBOX_URL, '+14155550131', number.phoneNumber)
  await page.goto('/calls')
  await page.getByTestId('call-row').filter({ hasText: number.phoneNumber }).getByRole('link').click()
  const incoming = page.getByRole('list', { name: 'Timeline' }).getByTestId('timeline-event').filter({ hasText: 'Webhook incoming' })
  await expect(incoming).toContainText('Routing: after hours: schedule Front desk, closed (Company holiday)')
  await expect(incoming).toContainText('We are closed for the holiday.')
})
