/**
 * The browser softphone against the sandbox, with real media: Chromium's fake microphone plays a
 * 1 kHz tone (e2e/softphone-helpers.ts), the sandbox's simulated caller plays 440 Hz, and each end
 * measures what it hears — the caller through the sandbox's GET /sandbox/api/calls/{CA}/heard,
 * the browser with a WebAudio AnalyserNode on the call's received track. The signaling gateway's
 * certificate is the sandbox's own, hence --ignore-certificate-errors (DEVELOPERS.md).
 */
import { expect, test } from '@playwright/test'
import { buyNumberThroughApp, expectNotBlank, signUpVerified, uniqueEmail } from './helpers'
import { browserHearsTone, callStatus, fakeMicrophoneLaunchOptions, heard, sandbox, watchPeerConnections } from './softphone-helpers'

const MICROPHONE_HZ = 1000
const CALLER_HZ = 440
const CALLER = '+14155550142'
const OUTSIDE = '+14155550188'

test.use({ launchOptions: fakeMicrophoneLaunchOptions(MICROPHONE_HZ) })

const events = (callSid: string) => sandbox<{ type: string; summary: string; detail?: { digit?: string } }[]>(`/calls/${callSid}/events`)

test('an agent takes a call in the browser: ringing card, two-way audio, keys, mute, hang-up, an outbound call from the dial pad, a caller giving up, availability', async ({ page }) => {
  test.setTimeout(180_000)
  await watchPeerConnections(page)

  await signUpVerified(page, { organizationName: 'Harbor Clinic', name: 'Hana Harbor', email: uniqueEmail('softphone-owner') })
  const phone = page.getByRole('region', { name: 'Softphone' })
  const state = phone.getByTestId('softphone-state')
  // The panel waits out provisioning, registers, and the agent starts available.
  await expect(state).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 })
  const [me] = (await (await page.request.get('/api/agents')).json()).agents as { id: string; availability: string }[]
  await expect.poll(async () => ((await (await page.request.get('/api/agents')).json()).agents as { availability: string }[])[0]!.availability).toBe('AVAILABLE')

  // A number that rings the owner's softphone.
  const number = await buyNumberThroughApp(page.request, '617')
  expect((await page.request.patch(`/api/numbers/${number.id}`, { data: { routeKind: 'USER', routeUserId: me!.id, recordingPolicy: 'NONE' } })).status()).toBe(200)

  // First call: declined. The card leaves, the phone is ready again.
  const first = await sandbox<{ sid: string }>('/calls', { method: 'POST', body: { from: CALLER, to: number.phoneNumber } })
  const card = phone.getByRole('dialog', { name: 'Incoming call' })
  await expect(card).toBeVisible({ timeout: 30_000 })
  await expect(state).toHaveAttribute('data-phase', 'ringing')
  await expect(card.getByTestId('previous-calls')).toHaveText('First call from this number.')
  await card.getByRole('button', { name: 'Decline' }).click()
  await expect(card).toBeHidden()
  await expect(state).toHaveAttribute('data-phase', 'ready')
  if ((await callStatus(first.sid)) !== 'completed') await sandbox(`/calls/${first.sid}/hangup`, { method: 'POST' })
  await expect.poll(() => callStatus(first.sid)).toBe('completed')
  // The call log has it as ended (its status callback), so the next card lists it.
  await expect.poll(async () => ((await (await page.request.get(`/api/calls?q=${encodeURIComponent(CALLER)}`)).json()).calls as { status: string }[]).map((c) => c.status)).toEqual(['completed'])

  // Second call: the card shows who calls, the number they called and the earlier call.
  const second = await sandbox<{ sid: string }>('/calls', { method: 'POST', body: { from: CALLER, to: number.phoneNumber } })
  await expect(card).toBeVisible({ timeout: 30_000 })
  await expect(card.getByTestId('incoming-caller')).toHaveText(CALLER)
  await expect(card.getByTestId('incoming-called')).toHaveText(number.phoneNumber)
  await expect(card.getByTestId('previous-calls').getByRole('listitem')).toHaveCount(1)
  await expectNotBlank(page, await page.screenshot({ path: 'test-results/softphone-ringing.png' }))

  await card.getByRole('button', { name: 'Accept' }).click()
  const live = phone.getByRole('group', { name: 'Call in progress' })
  await expect(live).toBeVisible()
  await expect(state).toHaveAttribute('data-phase', 'on-call')
  await expect(live.getByTestId('call-peer')).toHaveText(CALLER)
  await expect(live.getByTestId('call-timer')).toHaveText(/^\d+:\d\d$/)

  // Agent → caller: the microphone's 1 kHz tone is what the caller hears most.
  await expect.poll(async () => (await heard(second.sid, `ms=500&hz=${MICROPHONE_HZ}`)).dominant?.hz, { timeout: 20_000 }).toBe(MICROPHONE_HZ)
  expect((await heard(second.sid, `ms=500&hz=${MICROPHONE_HZ}`)).tones[MICROPHONE_HZ]).toBeGreaterThan(0.01)
  // Caller → agent: the browser hears the caller's 440 Hz (within one analyser bin).
  await sandbox(`/calls/${second.sid}/audio`, { method: 'POST', body: { tone: { hz: CALLER_HZ, ms: 20_000 } } })
  await expect.poll(() => browserHearsTone(page, CALLER_HZ), { timeout: 15_000 }).toBe(true)
  await expect(live.getByRole('meter', { name: 'Caller level' })).not.toHaveAttribute('aria-valuenow', '0')
  await expectNotBlank(page, await page.screenshot({ path: 'test-results/softphone-in-call.png' }))

  // Keys: the SDK sends RFC 4733 telephone-events; the agent's leg receives the digit and the
  // caller hears its tones (5 = 770 Hz + 1336 Hz).
  // The agent's leg is a conference participant the app dialled (no parent at Twilio): the one client leg in progress.
  const agentLeg = (await sandbox<{ sid: string; status: string; to: string }[]>('/calls')).find((c) => c.status === 'in-progress' && c.to.startsWith('client:'))!
  await live.getByRole('button', { name: 'Keypad' }).click()
  await live.getByRole('group', { name: 'Call keypad' }).getByRole('button', { name: '5', exact: true }).click()
  await expect.poll(async () => (await events(agentLeg.sid)).filter((e) => e.type === 'dtmf').map((e) => e.detail?.digit)).toEqual(['5'])
  await expect(live.getByLabel('Keys pressed')).toHaveText('5')

  // Mute: the tone stops at the caller; unmute brings it back.
  await live.getByRole('button', { name: 'Mute' }).click()
  await expect(live.getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(async () => (await heard(second.sid, `ms=500&hz=${MICROPHONE_HZ}`)).tones[MICROPHONE_HZ]!, { timeout: 10_000 }).toBeLessThan(0.001)
  await live.getByRole('button', { name: 'Unmute' }).click()
  await expect.poll(async () => (await heard(second.sid, `ms=500&hz=${MICROPHONE_HZ}`)).dominant?.hz, { timeout: 10_000 }).toBe(MICROPHONE_HZ)

  // Hang up: the call ends on both sides and nothing of it is left in the panel.
  await live.getByRole('button', { name: 'Hang up' }).click()
  await expect.poll(() => callStatus(second.sid)).toBe('completed')
  await expect(live).toBeHidden()
  await expect(state).toHaveAttribute('data-phase', 'ready')
  await expect.poll(async () => ((await (await page.request.get('/api/agents')).json()).agents as { onCall: boolean }[])[0]!.onCall).toBe(false)

  // Outbound: a number not in E.164 is explained before anything is placed; a good one rings a
  // simulated outside phone, which hears the agent.
  await sandbox(`/outside-numbers/${encodeURIComponent(OUTSIDE)}`, { method: 'PUT', body: { behavior: 'answer', ringSeconds: 1 } })
  const pad = phone.getByRole('form', { name: 'Dial pad' })
  await pad.getByLabel('Number to call').fill('4155550188')
  await pad.getByRole('button', { name: 'Call' }).click()
  await expect(pad.getByRole('alert')).toContainText('international format')
  await expect(state).toHaveAttribute('data-phase', 'ready')
  await pad.getByLabel('Number to call').fill(OUTSIDE)
  await pad.getByRole('button', { name: 'Call' }).click()
  await expect(state).toHaveAttribute('data-phase', 'on-call')
  let outsideLeg: { sid: string; status: string } | undefined
  await expect
    .poll(async () => {
      outsideLeg = (await sandbox<{ sid: string; to: string; from: string; status: string }[]>('/calls')).find((c) => c.to === OUTSIDE && c.from === number.phoneNumber)
      return outsideLeg?.status
    }, { timeout: 20_000 })
    .toBe('in-progress')
  await expect(live.getByTestId('call-peer')).toHaveText(OUTSIDE)
  await expect.poll(async () => (await heard(outsideLeg!.sid, `ms=500&hz=${MICROPHONE_HZ}`)).dominant?.hz, { timeout: 20_000 }).toBe(MICROPHONE_HZ)
  await live.getByRole('button', { name: 'Hang up' }).click()
  await expect.poll(() => callStatus(outsideLeg!.sid)).toBe('completed')
  await expect(state).toHaveAttribute('data-phase', 'ready')

  // A caller who gives up while it rings leaves no card behind.
  const gaveUp = await sandbox<{ sid: string }>('/calls', { method: 'POST', body: { from: CALLER, to: number.phoneNumber } })
  await expect(card).toBeVisible({ timeout: 30_000 })
  await sandbox(`/calls/${gaveUp.sid}/hangup`, { method: 'POST' })
  await expect(card).toBeHidden()
  await expect(state).toHaveAttribute('data-phase', 'ready')

  // Availability: offline unregisters the phone (routing skips the agent), available brings it back.
  const availability = async () => ((await (await page.request.get('/api/agents')).json()).agents as { availability: string }[])[0]!.availability
  await phone.getByLabel('Availability').selectOption('OFFLINE')
  await expect(state).toHaveAttribute('data-phase', 'offline')
  await expect.poll(availability).toBe('OFFLINE')
  await phone.getByLabel('Availability').selectOption('AVAILABLE')
  await expect(state).toHaveAttribute('data-phase', 'ready')
  await expect.poll(availability).toBe('AVAILABLE')
})
