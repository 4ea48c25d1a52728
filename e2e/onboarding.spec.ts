import { expect, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { appLinkIn, expectNotBlank, latestMailTo, signIn, signUp, signUpVerified, STRONG_PASSWORD, uniqueEmail } from './helpers'

const parentAuth = `Basic ${Buffer.from('AC00000000000000000000000000000000:00000000000000000000000000000000').toString('base64')}`

/** Whether the sandbox's parent account holds a subaccount made for this organization. */
async function hasSubaccount(organizationName: string): Promise<boolean> {
  const response = await fetch(`${e2eStack.SANDBOX_URL}/2010-04-01/Accounts.json?PageSize=1000`, { headers: { authorization: parentAuth } })
  return ((await response.json()).accounts as { friendly_name: string }[]).some((account) => account.friendly_name.includes(organizationName))
}

test('a person signs up, confirms the email, invites an agent who sets a password, and both sign in', async ({ page }) => {
  const ownerEmail = uniqueEmail('owner')
  const agentEmail = uniqueEmail('agent')
  const organizationName = `Acme Plumbing ${ownerEmail.slice(6, 14)}`

  // Before the owner confirms, nothing exists at Twilio.
  await signUp(page, { organizationName, name: 'Ada Owner', email: ownerEmail })
  await expect(page).toHaveURL(/\/verify-email$/)
  expect(await hasSubaccount(organizationName)).toBe(false)
  await signIn(page, ownerEmail)
  await expect(page.getByRole('alert').filter({ hasText: 'Confirm your email address first' })).toBeVisible()

  const verification = await latestMailTo(ownerEmail, /^Confirm your email/)
  await page.goto(appLinkIn(verification))
  await expect(page).toHaveURL(/\/login\?verified=1$/)
  await expect(page.getByRole('status')).toContainText('Your email is confirmed')
  await expect.poll(() => hasSubaccount(organizationName), { timeout: 30_000 }).toBe(true)
  // The link works once.
  await page.goto(appLinkIn(verification))
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()

  await signIn(page, ownerEmail)
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByRole('heading', { name: 'Welcome, Ada' })).toBeVisible()
  await expect(page.getByTestId('org-name')).toHaveText(organizationName)
  // Provisioning is a background job queued by the verification; the dashboard follows it.
  await expect(page.getByTestId('provisioning-status')).toContainText('Phone system ready', { timeout: 30_000 })

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click()
  await expect(page).toHaveURL(/\/team$/)
  const addForm = page.getByRole('form', { name: 'Add a team member' })
  await addForm.getByLabel('Name').fill('Grace Agent')
  await addForm.getByLabel('Email').fill(agentEmail)
  await addForm.getByLabel('Role').selectOption('AGENT')
  await addForm.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByText(`Invitation sent to ${agentEmail}`)).toBeVisible()
  await expect(page.getByTestId('invitation').filter({ hasText: agentEmail })).toContainText('agent')
  await expect(page.getByTestId('team-member')).toHaveCount(1)

  const screenshot = await page.screenshot({ fullPage: true, path: 'test-results/team-page.png' })
  await expectNotBlank(page, screenshot)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)

  // The invitee chooses their own password through the mailed link and lands signed in.
  const invitation = await latestMailTo(agentEmail, /invited you to/)
  expect(invitation.subject).toBe(`Ada Owner invited you to ${organizationName} on HEKAX Phone`)
  await page.goto(appLinkIn(invitation))
  await expect(page.getByRole('heading', { name: `Join ${organizationName}` })).toBeVisible()
  await page.getByLabel('Password').fill('agent-password-7731')
  await page.getByRole('button', { name: 'Accept invitation' }).click()
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByTestId('org-name')).toHaveText(organizationName)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click()
  // An agent sees the team but cannot manage it.
  await expect(page.getByTestId('team-member')).toHaveCount(2)
  await expect(page.getByRole('form', { name: 'Add a team member' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)

  await page.goto(appLinkIn(invitation))
  await expect(page.getByRole('heading', { name: 'This invitation no longer works' })).toBeVisible()
  await signIn(page, agentEmail, 'agent-password-7731')
  await expect(page).toHaveURL(/\/dashboard$/)
})

test('a forgotten password is reset through the mailed link, once, and older sessions end', async ({ page, browser }) => {
  const email = uniqueEmail('forgetful')
  await signUpVerified(page, { organizationName: 'Reset Co', name: 'Rita', email })
  // A second browser stays signed in with the old password's session.
  const other = await browser.newContext()
  const otherPage = await other.newPage()
  await signIn(otherPage, email)
  await expect(otherPage).toHaveURL(/\/dashboard$/)
  await page.getByRole('button', { name: 'Sign out' }).click()
  // Signing out navigates by itself; a navigation started before it lands is aborted.
  await expect(page).toHaveURL(/\/login/)

  await page.goto('/login')
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  // The sign-in page has an Email field too: fill only once the reset page has replaced it.
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible()
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('status')).toContainText(`we sent an email to ${email}`)
  const resetMail = await latestMailTo(email, /^Reset your/)
  await page.goto(appLinkIn(resetMail))
  await page.getByLabel('New password').fill('brand-new-password-55')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page).toHaveURL(/\/login\?reset=1$/)

  // The other browser's session ended with the change.
  await otherPage.goto('/team')
  await expect(otherPage).toHaveURL(/\/login/)
  expect((await otherPage.request.get('/api/team')).status()).toBe(401)
  await other.close()

  await signIn(page, email, STRONG_PASSWORD)
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong' })).toHaveText('Wrong email or password.')
  await signIn(page, email, 'brand-new-password-55')
  await expect(page).toHaveURL(/\/dashboard$/)

  // The link worked once.
  await page.goto(appLinkIn(resetMail))
  await page.getByLabel('New password').fill('third-password-try-66')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'This reset link has expired or was already used' })).toBeVisible()
})

test('sign-up and sign-in explain what went wrong, without telling who has an account', async ({ page }) => {
  const email = uniqueEmail('dup')
  await signUp(page, { organizationName: 'Weak Co', name: 'Wes', email, password: 'short' })
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible()

  await signUpVerified(page, { organizationName: 'First Co', name: 'Fay', email })
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)

  // A taken email gets the same answer as a new one; the mail tells the address's owner.
  await signUp(page, { organizationName: 'Second Co', name: 'Sam', email })
  await expect(page).toHaveURL(/\/verify-email$/)
  expect((await latestMailTo(email)).subject).toBe('You already have a HEKAX Phone account')

  await signIn(page, email, 'not-the-password-1')
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong' })).toHaveText('Wrong email or password.')
})
