/**
 * The AI receptionist as its owner sees it: the settings page (a field error from the API, the
 * organization's settings, a number's own greeting), the test call's live transcript, the call's
 * page with its transcript, costs and latency; and the Messages page with a message the
 * receptionist took on a sandbox call, marked handled.
 */
import { expect, test, type APIRequestContext } from '@playwright/test'
import { loadLocalSecrets } from '../lib/config/local-secrets'
import { mediaKey } from '../lib/telephony/media-keys'
import { signRequest } from '../lib/telephony/signed-request'
import { buyNumberThroughApp, signUpVerified, uniqueEmail, waitForPhoneSystem } from './helpers'

// What the sandbox's scripted caller asks once the greeting has played (sandbox/realtime/clips),
// and the Realtime stand-in's answer to a first question (sandbox/realtime/behavior.ts).
const CALLER_QUESTION = 'Hi, I would like to book an appointment for next week, please.'
const FIRST_REPLY = 'Sure, I can help with that. Could you tell me a little more?'

const ORGANIZATION_GREETING = 'Thanks for calling Acme Dental. How can I help you today?'
const NUMBER_GREETING = 'Acme Dental downtown, good morning. How may I help?'

test('the owner edits the AI receptionist, runs a test call with its live transcript, and the call’s page shows transcript, costs and latency', async ({ page }) => {
  test.setTimeout(180_000)
  await signUpVerified(page, { organizationName: `Acme Dental ${Date.now()}`, name: 'Rita Reception', email: uniqueEmail('receptionist') })
  await waitForPhoneSystem(page.request)
  const number = await buyNumberThroughApp(page.request, '617')

  await page.getByRole('link', { name: 'AI receptionist', exact: true }).click()
  await expect(page).toHaveURL(/\/receptionist$/)
  const form = page.getByRole('form', { name: 'AI receptionist settings' })
  await expect(form.getByLabel('Greeting', { exact: true })).toHaveValue('Thank you for calling. How can I help you today?')
  // The brief the receptionist follows is shown, with the business's name in it.
  await form.getByText('What the receptionist is told').click()
  await expect(form.getByTestId('receptionist-brief')).toContainText('You are the receptionist of Acme Dental')

  await form.getByLabel('Greeting', { exact: true }).fill(ORGANIZATION_GREETING)
  await form.getByLabel('Voice').selectOption('coral')
  await form.getByLabel('Hang up after goodbye').uncheck()
  await form.getByLabel('Speech threshold (0–1)').fill('1.5')
  await form.getByRole('button', { name: 'Add an outside number' }).click()
  await form.getByLabel('Name of outside number 1').fill('Night line')
  await form.getByLabel('Outside number 1', { exact: true }).fill('555-0123')
  await form.getByRole('button', { name: 'Save settings' }).click()
  // The API refuses both values, each shown under its own control.
  await expect(form.getByText('Please correct the highlighted fields.')).toBeVisible()
  await expect(form.getByLabel('Speech threshold (0–1)')).toHaveAttribute('aria-invalid', 'true')
  await expect(form.locator('#ai-turnDetection\\.threshold-error')).toContainText('<=1')
  await expect(form.getByLabel('Outside number 1', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByTestId('transfer-number')).toContainText('expected an E.164 number such as +14155550123')
  expect((await (await page.request.get('/api/ai-settings')).json()).settings.voice).toBe('alloy')

  await form.getByLabel('Speech threshold (0–1)').fill('0.6')
  await form.getByLabel('Outside number 1', { exact: true }).fill('+14155550123')
  await form.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('Saved. New calls get these settings.')).toBeVisible()
  const saved = (await (await page.request.get('/api/ai-settings')).json()).settings
  expect(saved).toMatchObject({
    greeting: ORGANIZATION_GREETING,
    voice: 'coral',
    tools: { business_hours: true, take_message: true, transfer_call: true, end_call: false },
    turnDetection: { type: 'server_vad', threshold: 0.6, silenceMs: 500 },
    transferNumbers: [{ name: 'Night line', e164: '+14155550123' }],
  })
  await page.reload()
  await expect(form.getByLabel('Voice')).toHaveValue('coral')
  await expect(form.getByLabel('Hang up after goodbye')).not.toBeChecked()

  // The number follows the organization until it is given a greeting of its own (its settings open from the Numbers page).
  await page.getByRole('link', { name: 'Numbers', exact: true }).click()
  await page.getByRole('button', { name: `Edit ${number.phoneNumber}` }).click()
  await page.getByRole('link', { name: 'AI receptionist settings for this number' }).click()
  await expect(page).toHaveURL(new RegExp(`/receptionist\\?number=${number.id}$`))
  await expect(page.getByLabel('Settings for')).toHaveValue(number.id)
  await expect(page.getByTestId('number-overrides')).toContainText('This number follows the settings for All numbers')
  await expect(form.getByLabel('Greeting', { exact: true })).toHaveValue(ORGANIZATION_GREETING)
  await form.getByLabel('Greeting', { exact: true }).fill(NUMBER_GREETING)
  await form.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByTestId('number-overrides')).toContainText('This number has its own greeting; everything else follows All numbers.')
  expect((await (await page.request.get(`/api/numbers/${number.id}/ai-settings`)).json()).overrides).toEqual({ greeting: NUMBER_GREETING })

  // The test call: the number's greeting, the scripted caller's question, the receptionist's answer, live.
  const testCall = page.getByRole('region', { name: 'Test call' })
  await testCall.getByRole('button', { name: 'Test call' }).click()
  const turns = testCall.getByTestId('transcript-turn')
  await expect(testCall.getByTestId('test-call-status')).toContainText('On the line')
  // Twilio answered: the call is in progress while the receptionist talks (not still "ringing").
  await expect.poll(async () => (await (await page.request.get('/api/calls')).json()).calls[0].status, { timeout: 30_000 }).toBe('in-progress')
  await expect(turns.first()).toHaveAttribute('data-role', 'assistant')
  await expect(turns.first()).toContainText(NUMBER_GREETING, { timeout: 30_000 })
  await expect(turns.nth(1)).toHaveAttribute('data-role', 'caller', { timeout: 30_000 })
  await expect(turns.nth(1)).toContainText(CALLER_QUESTION)
  await expect(turns.nth(2)).toHaveAttribute('data-role', 'assistant')
  await expect(turns.nth(2)).toContainText(FIRST_REPLY)
  await testCall.getByRole('button', { name: 'Hang up' }).click()
  await expect(testCall.getByTestId('test-call-status')).toContainText('Ended (completed)', { timeout: 30_000 })

  await testCall.getByRole('link', { name: 'Open the call’s page' }).click()
  await expect(page).toHaveURL(/\/calls\/[a-z0-9]+$/)
  const transcript = page.getByRole('list', { name: 'Transcript' })
  await expect(transcript.getByTestId('transcript-turn')).toHaveCount(3)
  await expect(transcript.getByTestId('transcript-turn').nth(1)).toContainText(CALLER_QUESTION)
  const fact = (label: string) => page.getByTestId('call-facts').locator('div').filter({ has: page.getByText(label, { exact: true }) }).locator('dd')
  await expect(fact('Status')).toHaveText('completed')
  await expect(fact('Handled by')).toHaveText('ai')
  // The Realtime stand-in reports token usage, priced into the AI cost; the one answered turn was timed.
  await expect(fact('AI cost')).toHaveText(/^\$0\.0*[1-9]\d*$/)
  await expect(fact('Answer latency P50')).toHaveText(/^\d+ ms$/)
  await expect(fact('Answer latency P90')).toHaveText(/^\d+ ms$/)
  await expect(fact('AI turns')).toHaveText('1')
  // The page fits the window: the timeline's long TwiML scrolls in its own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

  // The Usage page puts the AI cost beside the telephony cost, with the latency across calls.
  await page.getByRole('link', { name: 'Usage', exact: true }).click()
  await expect(page.getByTestId('usage-ai-cost')).toHaveText(/^\$0\.0*[1-9]\d*$/)
  await expect(page.getByTestId('usage-telephony-cost')).toHaveText(/^\$\d+\.\d{4}$/)
  await expect(page.getByTestId('usage-latency-p50')).toHaveText(/^\d+ ms$/)
  await expect(page.getByTestId('usage-latency-p90')).toHaveText(/^\d+ ms$/)
})

/** A function call of the receptionist, sent as the media server sends it: signed with the internal-api key. */
async function mediaServerToolCall(request: APIRequestContext, callSid: string, name: string, args: Record<string, unknown>) {
  const secret = process.env.MEDIA_STREAM_SECRET ?? loadLocalSecrets().MEDIA_STREAM_SECRET
  const path = `/api/internal/media/calls/${callSid}/tools`
  const body = JSON.stringify({ callId: `call_${Date.now()}`, name, arguments: JSON.stringify(args) })
  const response = await request.post(path, { headers: { 'content-type': 'application/json', ...signRequest(mediaKey(secret, 'internal-api'), { method: 'POST', path, body }) }, data: body })
  expect(response.status()).toBe(200)
  return response.json()
}

test('a message the receptionist took on a sandbox call shows on the Messages page and is marked handled', async ({ page }) => {
  test.setTimeout(150_000)
  await signUpVerified(page, { organizationName: `Message Co ${Date.now()}`, name: 'Max Messages', email: uniqueEmail('messages') })
  await waitForPhoneSystem(page.request)
  await buyNumberThroughApp(page.request, '617')

  // A test call from the receptionist page; once the receptionist is on the line it takes a
  // message (the stand-in's scripted model never does by itself), and the panel shows the tool call.
  await page.getByRole('link', { name: 'AI receptionist', exact: true }).click()
  const testCall = page.getByRole('region', { name: 'Test call' })
  await testCall.getByRole('button', { name: 'Test call' }).click()
  await expect(testCall.getByTestId('transcript-turn').first()).toHaveAttribute('data-role', 'assistant', { timeout: 30_000 })
  const [{ id: callId, callSid }] = (await (await page.request.get('/api/calls')).json()).calls
  const outcome = await mediaServerToolCall(page.request, callSid, 'take_message', { callerName: 'Dana Whitfield', callbackNumber: '+14155550188', reason: 'Her crown came loose; she needs an appointment this week.', urgency: 'urgent' })
  expect(outcome).toMatchObject({ ok: true, result: { saved: true, callbackNumber: '+14155550188' } })
  const toolCall = testCall.getByTestId('test-call-tool')
  await expect(toolCall).toContainText(/^take_message\(\{.*"callerName":"Dana Whitfield".*\}\) → \{.*"saved":true.*\}$/)
  await testCall.getByRole('button', { name: 'Hang up' }).click()
  await expect(testCall.getByTestId('test-call-status')).toContainText('Ended (completed)', { timeout: 30_000 })
  // Hanging up an ended test call again changes nothing.
  expect((await page.request.delete(`/api/ai-settings/test-call/${callId}`)).status()).toBe(204)

  await page.getByRole('link', { name: 'Messages', exact: true }).click()
  await expect(page).toHaveURL(/\/messages$/)
  const message = page.getByTestId('message').filter({ hasText: 'Dana Whitfield' })
  await expect(message.getByTestId('urgency')).toHaveText('urgent')
  await expect(message.getByTestId('callback-number')).toHaveText('+14155550188')
  await expect(message.getByTestId('message-body')).toHaveText('Her crown came loose; she needs an appointment this week.')
  await expect(page.getByRole('button', { name: 'Open (1)' })).toHaveAttribute('aria-pressed', 'true')

  await message.getByRole('button', { name: 'Mark handled' }).click()
  await expect(message).toHaveCount(0)
  await expect(page.getByText('Nothing waiting: every message is handled.')).toBeVisible()
  expect((await (await page.request.get('/api/messages')).json()).messages[0].handledAt).not.toBeNull()
  await page.getByRole('button', { name: 'Handled', exact: true }).click()
  await expect(message.getByRole('button', { name: 'Reopen' })).toBeVisible()

  // The call's page has the message and the tool call on its timeline.
  await message.getByRole('link', { name: 'the call' }).click()
  await expect(page).toHaveURL(new RegExp(`/calls/${callId}$`))
  await expect(page.getByTestId('call-message')).toContainText('Message from Dana Whitfield (urgent)')
  const tool = page.getByTestId('timeline-event').filter({ hasText: 'Tool call: take_message' })
  await expect(tool).toContainText('Succeeded')
  await expect(tool).toContainText('"callerName": "Dana Whitfield"')
})
