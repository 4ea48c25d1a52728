/**
 * Hold and warm transfer from the browser softphone, with real media on every leg: the owner's
 * Chromium microphone plays 1 kHz, a second agent's (another browser) 600 Hz, the simulated
 * caller 440 Hz, so who hears whom is told by frequency — the caller through the sandbox's
 * GET /sandbox/api/calls/{CA}/heard, each agent with an AnalyserNode on their call's audio.
 */
import { chromium, expect, request as playwrightRequest, test } from '@playwright/test'
import { buyNumberThroughApp, inviteAndAccept, signIn, signUpVerified, uniqueEmail } from './helpers'
import { browserHearsTone, callStatus, fakeMicrophoneLaunchOptions, heard, sandbox, watchPeerConnections } from './softphone-helpers'

const OWNER_HZ = 1000
const SECOND_HZ = 600
const CALLER_HZ = 440
const CALLER = '+14155550143'
const TONES = `ms=1000&hz=${OWNER_HZ}&hz=${SECOND_HZ}`

test.use({ launchOptions: fakeMicrophoneLaunchOptions(OWNER_HZ) })

test('an agent holds a caller and hands them to a colleague with a warm transfer, each hearing the right party', async ({ page, baseURL }) => {
  test.setTimeout(240_000)
  await watchPeerConnections(page)
  await signUpVerified(page, { organizationName: 'Bayside Dental', name: 'Olive Owner', email: uniqueEmail('transfer-owner') })
  const phone = page.getByRole('region', { name: 'Softphone' })
  await expect(phone.getByTestId('softphone-state')).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 })

  // The second agent, in a browser of their own whose microphone plays another tone.
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const secondEmail = uniqueEmail('transfer-second')
  await inviteAndAccept(page.request, anonymous, { name: 'Sam Second', email: secondEmail, role: 'AGENT' })
  const secondBrowser = await chromium.launch(fakeMicrophoneLaunchOptions(SECOND_HZ))
  const second = await (await secondBrowser.newContext({ baseURL })).newPage()
  await watchPeerConnections(second)
  await signIn(second, secondEmail)
  const secondPhone = second.getByRole('region', { name: 'Softphone' })
  await expect(secondPhone.getByTestId('softphone-state')).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 })

  const agents = async () => (await (await page.request.get('/api/agents')).json()).agents as { id: string; name: string; identity: string; availability: string }[]
  await expect.poll(async () => (await agents()).map((agent) => agent.availability)).toEqual(['AVAILABLE', 'AVAILABLE'])
  const [owner, colleague] = [(await agents()).find((a) => a.name === 'Olive Owner')!, (await agents()).find((a) => a.name === 'Sam Second')!]
  const number = await buyNumberThroughApp(page.request, '617')
  expect((await page.request.patch(`/api/numbers/${number.id}`, { data: { routeKind: 'USER', routeUserId: owner.id, recordingPolicy: 'NONE' } })).status()).toBe(200)

  // The caller rings the owner, who answers: the caller hears the owner.
  const { sid } = await sandbox<{ sid: string }>('/calls', { method: 'POST', body: { from: CALLER, to: number.phoneNumber } })
  const card = phone.getByRole('dialog', { name: 'Incoming call' })
  await expect(card).toBeVisible({ timeout: 30_000 })
  await card.getByRole('button', { name: 'Accept' }).click()
  const live = phone.getByRole('group', { name: 'Call in progress' })
  await expect(live).toBeVisible()
  await expect.poll(async () => (await heard(sid, TONES)).dominant?.hz, { timeout: 20_000 }).toBe(OWNER_HZ)

  // Hold: the caller hears the hold music — sound, but not the owner; Resume brings the owner back.
  await live.getByRole('button', { name: 'Hold' }).click()
  await expect(live.getByTestId('call-held')).toHaveText('On hold')
  await expect
    .poll(async () => {
      const now = await heard(sid, TONES)
      return now.level > 0.01 && now.tones[OWNER_HZ]! < 0.005
    }, { timeout: 15_000 })
    .toBe(true)
  await live.getByRole('button', { name: 'Resume' }).click()
  await expect(live.getByTestId('call-held')).toBeHidden()
  await expect.poll(async () => (await heard(sid, TONES)).dominant?.hz, { timeout: 15_000 }).toBe(OWNER_HZ)

  // Warm transfer: only available colleagues are offered; the colleague's softphone rings.
  await live.getByRole('button', { name: 'Transfer' }).click()
  const form = live.getByRole('form', { name: 'Transfer' })
  await expect(form.getByLabel('Transfer to').locator('option', { hasText: 'Olive Owner' })).toHaveCount(0)
  // An outside number is checked with the dial pad's rules before anything is placed.
  await form.getByLabel('Transfer to').selectOption({ label: 'An outside number…' })
  await form.getByLabel('Transfer number').fill('4155550188')
  await form.getByRole('button', { name: 'Transfer the call' }).click()
  await expect(live.getByRole('alert')).toContainText('international format')
  await form.getByLabel('Transfer to').selectOption({ label: 'Sam Second' })
  await form.getByRole('button', { name: 'Transfer the call' }).click()
  await expect(live.getByTestId('transfer-consulting')).toContainText('Talking to Sam Second')
  const secondCard = secondPhone.getByRole('dialog', { name: 'Incoming call' })
  await expect(secondCard).toBeVisible({ timeout: 30_000 })
  await secondCard.getByRole('button', { name: 'Accept' }).click()
  const secondLive = secondPhone.getByRole('group', { name: 'Call in progress' })
  await expect(secondLive).toBeVisible()

  // The agents hear each other; the caller, on hold, hears neither.
  await expect.poll(() => browserHearsTone(page, SECOND_HZ), { timeout: 20_000 }).toBe(true)
  await expect.poll(() => browserHearsTone(second, OWNER_HZ), { timeout: 20_000 }).toBe(true)
  const whileConsulting = await heard(sid, TONES)
  expect(whileConsulting.tones[OWNER_HZ]).toBeLessThan(0.005)
  expect(whileConsulting.tones[SECOND_HZ]).toBeLessThan(0.005)

  // Complete: the owner's call ends, and the caller and the colleague hear each other.
  await live.getByRole('button', { name: 'Complete transfer' }).click()
  await expect(live).toBeHidden({ timeout: 15_000 })
  await expect(phone.getByTestId('softphone-state')).toHaveAttribute('data-phase', 'ready')
  await expect.poll(async () => (await heard(sid, TONES)).dominant?.hz, { timeout: 20_000 }).toBe(SECOND_HZ)
  await sandbox(`/calls/${sid}/audio`, { method: 'POST', body: { tone: { hz: CALLER_HZ, ms: 20_000 } } })
  await expect.poll(() => browserHearsTone(second, CALLER_HZ), { timeout: 15_000 }).toBe(true)
  // Nothing of the transfer is left on the owner's phone.
  await expect(phone.getByRole('form', { name: 'Dial pad' })).toBeVisible()

  // The colleague hangs up: the call ends, and its log has the caller's call with both agents' legs.
  await secondLive.getByRole('button', { name: 'Hang up' }).click()
  await expect.poll(() => callStatus(sid), { timeout: 15_000 }).toBe('completed')
  await expect(secondLive).toBeHidden()
  const [logged] = (await (await page.request.get(`/api/calls?q=${encodeURIComponent(CALLER)}`)).json()).calls as { id: string }[]
  await expect
    .poll(async () => {
      const { legs } = (await (await page.request.get(`/api/calls/${logged!.id}`)).json()) as { legs: { toNumber: string; status: string }[] }
      return legs.filter((leg) => leg.toNumber.startsWith('client:')).map((leg) => `${leg.toNumber} ${leg.status}`).sort()
    }, { timeout: 15_000 })
    .toEqual([`client:${owner.identity} completed`, `client:${colleague.identity} completed`].sort())
  await Promise.all([anonymous.dispose(), secondBrowser.close()])
})
