/**
 * An owner builds a two-level phone menu in the Call flows editor (a queue option and a Billing
 * sub-menu with a message), sees a validation error in plain words, assigns the flow to a number,
 * and a sandbox caller presses through it: the TwiML the sandbox received and the call's
 * timeline show each step.
 */
import { expect, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { signUpVerified, uniqueEmail } from './helpers'

const SANDBOX = e2eStack.SANDBOX_URL

interface SandboxEvent {
  type: string
  summary: string
  detail: { request?: { url: string; params: Record<string, string> }; response?: { body: string } }
}
const sandboxEvents = async (sid: string) => (await (await fetch(`${SANDBOX}/sandbox/api/calls/${sid}/events`)).json()) as SandboxEvent[]
const menuAnswers = async (sid: string) => (await sandboxEvents(sid)).filter((e) => e.type === 'webhook' && /\/api\/voice\/(incoming|menu)/.test(e.detail.request?.url ?? ''))
const control = (path: string, body: unknown) => fetch(`${SANDBOX}/sandbox/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

test('build a call flow in the editor, assign it to a number and call through it', async ({ page }) => {
  test.setTimeout(180_000)
  await signUpVerified(page, { organizationName: `Flows ${Date.now()}`, name: 'Fran Flow', email: uniqueEmail('flows') })
  await expect.poll(async () => (await (await page.request.get('/api/organization')).json()).organization.provisioningStatus, { timeout: 30_000 }).toBe('READY')
  const [available] = (await (await page.request.get('/api/numbers/available?country=US&type=local&areaCode=617')).json()).numbers
  expect((await page.request.post('/api/numbers', { data: { phoneNumber: available.phoneNumber } })).status()).toBe(201)
  expect((await page.request.post('/api/queues', { data: { name: 'Support', memberUserIds: [] } })).status()).toBe(201)
  const phoneNumber = available.phoneNumber as string

  await page.goto('/call-flows')
  await page.getByRole('link', { name: 'Call flows' }).waitFor()
  await page.getByRole('button', { name: 'New call flow' }).click()
  await page.getByLabel('Flow name', { exact: true }).fill('Front desk')
  await page.getByLabel('Prompt of menu Main', { exact: true }).fill('Press 1 for support. Press 2 for billing.')

  await page.getByRole('button', { name: 'Add an option to menu Main' }).click()
  await page.getByLabel('Keywords of option 1 of menu Main', { exact: true }).fill('support')
  await page.getByLabel('Destination of option 1 of menu Main', { exact: true }).selectOption('queue')
  await expect(page.getByLabel('Queue for option 1 of menu Main', { exact: true })).toHaveValue(/.+/)

  await page.getByRole('button', { name: 'Add an option to menu Main' }).click()
  await expect(page.getByLabel('Key of option 2 of menu Main', { exact: true })).toHaveValue('2')
  await page.getByLabel('Destination of option 2 of menu Main', { exact: true }).selectOption('submenu')
  await page.getByLabel('Name of menu menu-1', { exact: true }).fill('Billing')
  await page.getByLabel('Prompt of menu Billing', { exact: true }).fill('Press 1 to hear our address.')

  // A sub-menu without options is refused, in plain words, where it applies.
  await page.getByRole('button', { name: 'Create flow' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'This flow cannot be saved yet' })).toContainText('Menu Billing has no options.')

  await page.getByRole('button', { name: 'Add an option to menu Billing' }).click()
  await page.getByLabel('Destination of option 1 of menu Billing', { exact: true }).selectOption('message')
  await page.getByLabel('Message for option 1 of menu Billing', { exact: true }).fill('We are at 1 Main Street. Goodbye.')
  await expect(page.getByRole('region', { name: 'Menu Main' }).getByTestId('prompt-preview').first()).toContainText('Callers hear: “Press 1 for support. Press 2 for billing.” Then: 1 or “support” → queue Support; 2 → menu Billing.')
  await page.getByRole('button', { name: 'Create flow' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version' })).toContainText('Saved as version 1.')

  await page.getByLabel(`Run this flow on ${phoneNumber}`, { exact: true }).click()
  await expect(page.getByLabel(`Run this flow on ${phoneNumber}`, { exact: true })).toBeChecked()
  await expect(page.getByRole('list', { name: 'Call flows' })).toContainText(phoneNumber)
  expect((await (await page.request.get('/api/numbers')).json()).numbers[0]).toMatchObject({ phoneNumber, routeSummary: 'Call flow Front desk' })

  // The caller presses 2, then 1: Billing, then the message.
  const placed = await control('/calls', { from: '+14155550142', to: phoneNumber })
  expect(placed.status).toBe(201)
  const { sid } = (await placed.json()) as { sid: string }
  await expect.poll(async () => (await menuAnswers(sid)).length, { timeout: 20_000 }).toBe(1)
  expect((await menuAnswers(sid))[0]!.detail.response!.body).toContain('<Gather input="dtmf speech" numDigits="1" timeout="5" speechTimeout="auto" hints="support"')
  await control(`/calls/${sid}/dtmf`, { digits: '2' })
  await expect.poll(async () => (await menuAnswers(sid)).length, { timeout: 20_000 }).toBe(2)
  expect((await menuAnswers(sid))[1]!.detail.response!.body).toContain('Press 1 to hear our address.')
  await control(`/calls/${sid}/dtmf`, { digits: '1' })
  await expect.poll(async () => ((await (await fetch(`${SANDBOX}/sandbox/api/calls/${sid}`)).json()) as { status: string }).status, { timeout: 30_000 }).toBe('completed')
  const answers = await menuAnswers(sid)
  expect(answers[2]!.detail.request!.params).toMatchObject({ Digits: '1' })
  expect(answers[2]!.detail.response!.body).toContain('<Say voice="Polly.Joanna-Neural">We are at 1 Main Street. Goodbye.</Say><Hangup/>')

  await page.goto('/calls')
  await page.getByTestId('call-row').filter({ hasText: phoneNumber }).getByRole('link').click()
  const timeline = page.getByRole('list', { name: 'Timeline' })
  await expect(timeline).toContainText('Routing: call flow Front desk v1, open entry (no business hours set) → menu Main')
  await expect(timeline).toContainText('Routing: menu Main: pressed 2 → menu Billing')
  await expect(timeline).toContainText('Routing: menu Billing: pressed 1 → message and hang up')
})
