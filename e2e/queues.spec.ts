/**
 * The Queues page against the whole stack: a simulated caller (the sandbox's /sandbox/api/calls)
 * rings a number routed to a queue; the page lists them live with the number they called; Take
 * is refused in plain words while the agent is not available, and once they are, their softphone
 * is rung (the caller is marked as being taken); the caller hanging up leaves the list.
 */
import { expect, request as playwrightRequest, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { buyNumberThroughApp, createVerifiedOrganization, signedInContext, signIn, waitForPhoneSystem } from './helpers'

const CALLER = '+14155550123'

test('the Queues page shows a waiting caller live and lets an available agent take them', async ({ page, baseURL }) => {
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const { ownerEmail } = await createVerifiedOrganization(anonymous, 'queues')
  const asOwner = await signedInContext(baseURL!, ownerEmail)
  await waitForPhoneSystem(asOwner)
  const number = await buyNumberThroughApp(asOwner, '415')
  const created = await asOwner.post('/api/queues', { data: { name: 'Front desk' } })
  expect(created.status()).toBe(201)
  const queueId = (await created.json()).queue.id
  expect((await asOwner.patch(`/api/numbers/${number.id}`, { data: { routeKind: 'QUEUE', routeQueueId: queueId } })).status()).toBe(200)

  await signIn(page, ownerEmail)
  await expect(page).toHaveURL(/\/dashboard$/)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queues' }).click()
  await expect(page).toHaveURL(/\/queues$/)
  const queue = page.getByRole('region', { name: 'Front desk' })
  await expect(queue).toContainText('0 callers waiting')
  await expect(queue.getByRole('button', { name: 'Take next' })).toBeDisabled()

  const placed = await fetch(`${e2eStack.SANDBOX_URL}/sandbox/api/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: CALLER, to: number.phoneNumber }) })
  expect(placed.status).toBe(201)
  const { sid } = (await placed.json()) as { sid: string }

  // No reload: the list refreshes itself.
  const caller = queue.getByTestId('queue-caller')
  await expect(caller).toHaveCount(1, { timeout: 15_000 })
  await expect(queue).toContainText('1 caller waiting')
  await expect(caller).toContainText(CALLER)
  await expect(caller).toContainText(number.phoneNumber)
  await expect(caller.locator('td').first()).toHaveText('1')

  // An offline member is told why; once available, Take rings their softphone.
  await caller.getByRole('button', { name: 'Take' }).click()
  await expect(queue.getByRole('alert')).toContainText('Set yourself available to take calls.')
  expect((await asOwner.put('/api/agents/me/availability', { data: { status: 'AVAILABLE' } })).status()).toBe(200)
  await queue.getByRole('button', { name: 'Take next' }).click()
  await expect(queue.getByRole('status')).toHaveText('Your softphone is ringing: answer it to talk with the caller.')
  await expect(caller).toContainText('Being taken')

  await fetch(`${e2eStack.SANDBOX_URL}/sandbox/api/calls/${sid}/hangup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  await expect(caller).toHaveCount(0, { timeout: 15_000 })
  await expect(queue).toContainText('0 callers waiting')
  await Promise.all([anonymous.dispose(), asOwner.dispose()])
})
