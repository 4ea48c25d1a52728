import { expect, test } from '@playwright/test'
import { expectNotBlank, signUp, uniqueEmail } from './helpers'

test('an owner searches, buys, configures and releases a number', async ({ page }) => {
  await signUp(page, { organizationName: 'Bayside Dental', name: 'Bea Bayside', email: uniqueEmail('numbers-owner') })
  await expect(page).toHaveURL(/\/dashboard$/)
  // Provisioning is a background job; the dashboard follows it live.
  await expect(page.getByTestId('provisioning-status')).toContainText('Phone system ready', { timeout: 30_000 })

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Numbers' }).click()
  await expect(page).toHaveURL(/\/numbers$/)
  await expect(page.getByText('No numbers yet')).toBeVisible()

  // Search: Toronto numbers, then an empty search with its suggestion.
  await page.getByLabel('Country').selectOption('CA')
  await page.getByLabel('Area code').fill('416')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByTestId('available-number').first()).toContainText('Toronto, ON, CA')
  await page.getByLabel('Country').selectOption('US')
  await page.getByLabel('Area code').fill('415')
  await page.getByLabel('Contains').fill('99999999')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByText('No numbers match this search.')).toBeVisible()
  await page.getByRole('button', { name: /Try without the digits filter/ }).click()
  const first = page.getByTestId('available-number').first()
  await expect(first).toContainText('San Francisco, CA, US')
  await expect(first).toContainText('VOICE · SMS · MMS')

  // Buy, with the monthly price in the confirmation.
  const friendlyName = (await first.locator('p').first().textContent())!
  await first.getByRole('button', { name: `Buy ${friendlyName}` }).click()
  await expect(first.getByRole('group', { name: 'Confirm purchase' })).toContainText('$1.15 USD a month')
  await first.getByRole('button', { name: 'Confirm purchase' }).click()
  await expect(page.getByText(/is yours/)).toBeVisible()
  const row = page.getByTestId('phone-number')
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('route-summary')).toHaveText('AI receptionist')
  await expect(page.getByTestId('plan-usage')).toHaveText('1 of 3 on your Starter plan')

  // Configure: route to a queue made on the same page.
  await page.getByLabel('Queue name').fill('Front desk')
  await page.getByRole('checkbox', { name: 'Bea Bayside' }).check()
  await page.getByRole('button', { name: 'Add queue' }).click()
  await expect(page.getByTestId('queue')).toContainText('Front desk')
  await row.getByRole('button', { name: /^Edit / }).click()
  const editor = row.getByRole('form')
  await editor.getByLabel('Name', { exact: true }).fill('Main line')
  await editor.getByLabel('Calls go to').selectOption('QUEUE')
  await editor.getByLabel('Queue', { exact: true }).selectOption({ label: 'Front desk' })
  await editor.getByLabel('Voice').selectOption('coral')
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(row).toContainText('Main line')
  await expect(row.getByTestId('route-summary')).toHaveText('Queue Front desk')

  const screenshot = await page.screenshot({ fullPage: true, path: 'test-results/numbers-page.png' })
  await expectNotBlank(page, screenshot)

  // A queue that a number routes to cannot be deleted.
  await page.getByRole('button', { name: 'Delete queue Front desk' }).click()
  await expect(page.getByRole('region', { name: 'Queues' }).getByRole('alert')).toContainText('go to this queue. Route those numbers elsewhere first.')

  // Release, with confirmation.
  await row.getByRole('button', { name: /^Release / }).click()
  await row.getByRole('button', { name: 'Release number' }).click()
  await expect(page.getByText('No numbers yet')).toBeVisible()
})
