import { expect, test } from '@playwright/test'
import { expectNotBlank, signIn, signUp, STRONG_PASSWORD, uniqueEmail } from './helpers'

test('a person signs up, adds an agent, signs out and back in', async ({ page }) => {
  const ownerEmail = uniqueEmail('owner')
  const agentEmail = uniqueEmail('agent')

  await signUp(page, { organizationName: 'Acme Plumbing', name: 'Ada Owner', email: ownerEmail })
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByRole('heading', { name: 'Welcome, Ada' })).toBeVisible()
  await expect(page.getByTestId('org-name')).toHaveText('Acme Plumbing')
  // Sign-up provisioned the organization's Twilio subaccount, TwiML app and API key (in the sandbox).
  await expect(page.getByTestId('provisioning-status')).toContainText('Phone system ready')

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click()
  await expect(page).toHaveURL(/\/team$/)
  const addForm = page.getByRole('form', { name: 'Add a team member' })
  await addForm.getByLabel('Name').fill('Grace Agent')
  await addForm.getByLabel('Email').fill(agentEmail)
  await addForm.getByLabel('Initial password').fill('agent-password-7731')
  await addForm.getByLabel('Role').selectOption('AGENT')
  await addForm.getByRole('button', { name: 'Add member' }).click()
  await expect(page.getByText('Grace Agent can now sign in')).toBeVisible()
  await expect(page.getByTestId('team-member')).toHaveCount(2)
  await expect(page.getByTestId('team-member').filter({ hasText: agentEmail })).toContainText('Agent')

  const screenshot = await page.screenshot({ fullPage: true, path: 'test-results/team-page.png' })
  await expectNotBlank(page, screenshot)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
  await page.goto('/team')
  await expect(page).toHaveURL(/\/login/)

  await signIn(page, agentEmail, 'agent-password-7731')
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByTestId('org-name')).toHaveText('Acme Plumbing')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click()
  // An agent sees the team but cannot manage it.
  await expect(page.getByTestId('team-member')).toHaveCount(2)
  await expect(page.getByRole('form', { name: 'Add a team member' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
  await signIn(page, ownerEmail, STRONG_PASSWORD)
  await expect(page).toHaveURL(/\/dashboard$/)
})

test('sign-up and sign-in explain what went wrong', async ({ page }) => {
  const email = uniqueEmail('dup')
  await signUp(page, { organizationName: 'Weak Co', name: 'Wes', email, password: 'short' })
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible()

  await signUp(page, { organizationName: 'First Co', name: 'Fay', email })
  await expect(page).toHaveURL(/\/dashboard$/)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)

  await signUp(page, { organizationName: 'Second Co', name: 'Sam', email })
  await expect(page.getByText('An account with this email already exists. Sign in instead.')).toBeVisible()

  await signIn(page, email, 'not-the-password-1')
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong' })).toHaveText('Wrong email or password.')
})
