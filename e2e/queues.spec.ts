/**
 * The Queues page against the whole stack: a simulated caller (the sandbox's /sandbox/api/calls)
 * rings a number routed to a queue; the page lists them live with the number they called; Take
 * is refused in plain words while the agent is not available, and once they are, their softphone
 * is rung (the caller is marked as being taken); the caller hanging up leaves the list. With a
 * microphone (Chromium's fake one), a taken caller is answered in the browser and each side hears the other.
 */
import { chromium, expect, request as playwrightRequest, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { buyNumberThroughApp, createVerifiedOrganization, signedInContext, signIn, waitForPhoneSystem } from './helpers'
import { browserHearsTone, callStatus, fakeMicrophoneLaunchOptions, heard, sandbox, watchPeerConnections } from './softphone-helpers'

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

test.describe('with a microphone', () => {
  const MICROPHONE_HZ = 1000
  const CALLER_HZ = 440

  test('a caller taken from the Queues page rings the softphone and talks with the agent who answers it', async ({ baseURL }) => {
    test.setTimeout(150_000)
    // A browser of its own: launch options cannot change within a file.
    const browser = await chromium.launch(fakeMicrophoneLaunchOptions(MICROPHONE_HZ))
    const page = await (await browser.newContext({ baseURL })).newPage()
    await watchPeerConnections(page)
    const anonymous = await playwrightRequest.newContext({ baseURL })
    const { ownerEmail } = await createVerifiedOrganization(anonymous, 'queues-take')
    const asOwner = await signedInContext(baseURL!, ownerEmail)
    await waitForPhoneSystem(asOwner)
    const number = await buyNumberThroughApp(asOwner, '415')
    const queueId = (await (await asOwner.post('/api/queues', { data: { name: 'Billing' } })).json()).queue.id
    expect((await asOwner.patch(`/api/numbers/${number.id}`, { data: { routeKind: 'QUEUE', routeQueueId: queueId } })).status()).toBe(200)

    await signIn(page, ownerEmail)
    const phone = page.getByRole('region', { name: 'Softphone' })
    // The softphone registers and makes the agent available.
    await expect(phone.getByTestId('softphone-state')).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 })
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queues' }).click()
    const queue = page.getByRole('region', { name: 'Billing' })
    const { sid } = await sandbox<{ sid: string }>('/calls', { method: 'POST', body: { from: CALLER, to: number.phoneNumber } })
    await expect(queue.getByTestId('queue-caller')).toHaveCount(1, { timeout: 15_000 })

    await queue.getByRole('button', { name: 'Take next' }).click()
    const card = phone.getByRole('dialog', { name: 'Incoming call' })
    await expect(card).toBeVisible({ timeout: 30_000 })
    await card.getByRole('button', { name: 'Accept' }).click()
    const live = phone.getByRole('group', { name: 'Call in progress' })
    await expect(live).toBeVisible()
    // The caller left the queue for the agent: each hears the other.
    await expect(queue.getByTestId('queue-caller')).toHaveCount(0, { timeout: 15_000 })
    await expect.poll(async () => (await heard(sid, `ms=500&hz=${MICROPHONE_HZ}`)).dominant?.hz, { timeout: 20_000 }).toBe(MICROPHONE_HZ)
    await sandbox(`/calls/${sid}/audio`, { method: 'POST', body: { tone: { hz: CALLER_HZ, ms: 20_000 } } })
    await expect.poll(() => browserHearsTone(page, CALLER_HZ), { timeout: 15_000 }).toBe(true)

    await live.getByRole('button', { name: 'Hang up' }).click()
    await expect.poll(() => callStatus(sid), { timeout: 15_000 }).toBe('completed')
    await expect(phone.getByTestId('softphone-state')).toHaveAttribute('data-phase', 'ready')
    await Promise.all([anonymous.dispose(), asOwner.dispose(), browser.close()])
  })
})
