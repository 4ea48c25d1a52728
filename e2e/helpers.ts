import twilio from 'twilio'
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { e2eStack } from '../playwright.config'
import type { CaughtMail } from '../sandbox/mail/mailbox'

export type { CaughtMail }

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.test`
}

export const STRONG_PASSWORD = 'correct-horse-42-battery'

export async function signUp(page: Page, input: { organizationName: string; name: string; email: string; password?: string }) {
  await page.goto('/signup')
  await page.getByLabel('Organization name').fill(input.organizationName)
  await page.getByLabel('Your name').fill(input.name)
  await page.getByLabel('Work email').fill(input.email)
  await page.getByLabel('Password').fill(input.password ?? STRONG_PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
}

/** The newest mail to an address in the sandbox's mail catcher (GET /sandbox/api/mail), waiting for it to arrive. */
export async function latestMailTo(email: string, subject?: RegExp): Promise<CaughtMail> {
  let found: CaughtMail | undefined
  await expect
    .poll(async () => {
      const messages: CaughtMail[] = await (await fetch(`${e2eStack.SANDBOX_URL}/sandbox/api/mail`)).json()
      found = messages.find((mail) => mail.to.includes(email.toLowerCase()) && (!subject || subject.test(mail.subject)))
      return Boolean(found)
    }, { message: `a mail to ${email}` })
    .toBe(true)
  return found!
}

/** The link to this app in a mail: absolute, on the configured public URL. */
export function appLinkIn(mail: CaughtMail): string {
  const link = mail.text.match(new RegExp(`${e2eStack.PUBLIC_URL}/\\S+`))?.[0]
  expect(link, `a link to the app in "${mail.subject}"`).toBeTruthy()
  return link!
}

/** Signs up in the browser, opens the mailed verification link and signs in. */
export async function signUpVerified(page: Page, input: { organizationName: string; name: string; email: string; password?: string }) {
  await signUp(page, input)
  await expect(page).toHaveURL(/\/verify-email$/)
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
  await page.goto(appLinkIn(await latestMailTo(input.email, /^Confirm your email/)))
  await expect(page).toHaveURL(/\/login\?verified=1$/)
  await signIn(page, input.email, input.password)
  await expect(page).toHaveURL(/\/dashboard$/)
}

/** Over the API: sign-up, the verification link, and the new owner's ids. */
export async function createVerifiedOrganization(request: APIRequestContext, label: string) {
  const ownerEmail = uniqueEmail(`${label}-owner`)
  const response = await request.post('/api/signup', { data: { organizationName: `Org ${label}`, name: `Owner ${label}`, email: ownerEmail, password: STRONG_PASSWORD } })
  expect(response.status()).toBe(202)
  const verified = await request.get(appLinkIn(await latestMailTo(ownerEmail, /^Confirm your email/)), { maxRedirects: 0 })
  expect(verified.status()).toBe(303)
  expect(verified.headers().location).toBe(`${e2eStack.PUBLIC_URL}/login?verified=1`)
  return { ownerEmail }
}

/** Invites a member as a signed-in admin and accepts the mailed invitation with a password. */
export async function inviteAndAccept(asAdmin: APIRequestContext, anonymous: APIRequestContext, input: { name: string; email: string; role: 'AGENT' | 'ADMIN'; password?: string }) {
  const invited = await asAdmin.post('/api/team', { data: { name: input.name, email: input.email, role: input.role } })
  expect(invited.status()).toBe(201)
  const token = new URL(appLinkIn(await latestMailTo(input.email, /invited you/))).searchParams.get('token')
  const accepted = await anonymous.post('/api/account/invitation/accept', { data: { token, name: input.name, password: input.password ?? STRONG_PASSWORD } })
  expect(accepted.status()).toBe(201)
}

export async function signIn(page: Page, email: string, password = STRONG_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/**
 * Proves a screenshot shows a rendered page rather than a blank one: the browser decodes the PNG
 * and counts its distinct colours and the share of pixels that are not the background.
 */
export async function expectNotBlank(page: Page, png: Buffer) {
  const stats = await page.evaluate(async (dataUrl) => {
    const image = new Image()
    image.src = dataUrl
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = image.width
    canvas.height = image.height
    const context = canvas.getContext('2d')!
    context.drawImage(image, 0, 0)
    const { data } = context.getImageData(0, 0, image.width, image.height)
    const colours = new Set<number>()
    const counts = new Map<number, number>()
    for (let i = 0; i < data.length; i += 4) {
      const colour = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!
      colours.add(colour)
      counts.set(colour, (counts.get(colour) ?? 0) + 1)
    }
    const background = Math.max(...counts.values())
    return { distinctColours: colours.size, foregroundShare: 1 - background / (data.length / 4) }
  }, `data:image/png;base64,${png.toString('base64')}`)
  expect(stats.distinctColours).toBeGreaterThan(50)
  expect(stats.foregroundShare).toBeGreaterThan(0.05)
}

/** An API client signed in through next-auth's credentials endpoint. */
export async function signedInContext(baseURL: string, email: string, password = STRONG_PASSWORD): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL })
  const { csrfToken } = await (await context.get('/api/auth/csrf')).json()
  const response = await context.post('/api/auth/callback/credentials', { form: { csrfToken, email, password, json: 'true' } })
  expect(response.ok()).toBe(true)
  expect((await context.storageState()).cookies.some((cookie) => cookie.name.endsWith('next-auth.session-token'))).toBe(true)
  return context
}

/**
 * The sandbox subaccount and TwiML App that provisioning made for an organization (read with the
 * parent's credentials; provisioning names the subaccount after the organization's id). Waits
 * for the provisioning job to finish.
 */
export async function sandboxTenant(sandboxUrl: string, organizationId: string) {
  const parentSid = process.env.SANDBOX_ACCOUNT_SID ?? 'AC00000000000000000000000000000000'
  const parentToken = process.env.SANDBOX_AUTH_TOKEN ?? '00000000000000000000000000000000'
  const get = async (path: string, sid: string, token: string) => {
    const response = await fetch(`${sandboxUrl}/2010-04-01${path}`, { headers: { Authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}` } })
    expect(response.ok).toBe(true)
    return response.json()
  }
  let tenant: { accountSid: string; authToken: string; applicationSid: string } | undefined
  await expect
    .poll(async () => {
      const { accounts } = (await get('/Accounts.json?PageSize=1000', parentSid, parentToken)) as { accounts: { sid: string; auth_token: string; friendly_name: string }[] }
      const account = accounts.find((a) => a.friendly_name.endsWith(`(${organizationId})`))
      if (!account) return false
      const { applications } = await get(`/Accounts/${account.sid}/Applications.json`, account.sid, account.auth_token)
      if (applications.length === 0) return false
      tenant = { accountSid: account.sid, authToken: account.auth_token, applicationSid: (applications[0] as { sid: string }).sid }
      return true
    }, { timeout: 30_000 })
    .toBe(true)
  return tenant!
}

/** Buys a sandbox number in the tenant's subaccount, pointed at our voice webhooks but not set up in HEKAX. */
export async function buySandboxNumber(sandboxUrl: string, tenant: { accountSid: string; authToken: string }) {
  const response = await fetch(`${sandboxUrl}/2010-04-01/Accounts/${tenant.accountSid}/IncomingPhoneNumbers.json`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${tenant.accountSid}:${tenant.authToken}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    // As HEKAX buys numbers: their own voice URL (the TwiML App's answers softphone calls).
    body: new URLSearchParams({ AreaCode: '617', VoiceUrl: `${e2eStack.PUBLIC_URL}/api/voice/incoming`, StatusCallback: `${e2eStack.PUBLIC_URL}/api/voice/status` }),
  })
  expect(response.status).toBe(201)
  return ((await response.json()) as { phone_number: string }).phone_number
}

/** Places a call from a simulated outside caller and waits for it to end. */
export async function placeSandboxCall(sandboxUrl: string, from: string, to: string): Promise<string> {
  const placed = await fetch(`${sandboxUrl}/sandbox/api/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to }) })
  expect(placed.status).toBe(201)
  const { sid } = (await placed.json()) as { sid: string }
  await expect
    .poll(async () => ((await (await fetch(`${sandboxUrl}/sandbox/api/calls/${sid}`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('completed')
  return sid
}

/** A call with a voicemail, made by signed webhooks exactly as Twilio would send them to the organization's subaccount. */
export async function callWithVoicemail(baseURL: string, organizationId: string, transcript: string) {
  const tenant = await sandboxTenant(e2eStack.SANDBOX_URL, organizationId)
  const callSid = `CA${randomHex(32)}`
  const base = { AccountSid: tenant.accountSid, CallSid: callSid, From: '+14155550199', To: '+16175550100', Direction: 'inbound' }
  const send = async (path: string, params: Record<string, string>) => {
    const url = `${baseURL}${path}`
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(tenant.authToken, url, params) }, body: new URLSearchParams(params) })
    expect(response.status, path).toBe(200)
  }
  const recordingSid = `RE${randomHex(32)}`
  await send('/api/voice/incoming', { ...base, CallStatus: 'ringing' })
  await send('/api/voice/recording-complete', { AccountSid: tenant.accountSid, CallSid: callSid, RecordingSid: recordingSid, RecordingStatus: 'completed', RecordingDuration: '9', RecordingUrl: 'https://api.twilio.com/r' })
  await send('/api/voice/transcription-complete', { ...base, RecordingSid: recordingSid, TranscriptionStatus: 'completed', TranscriptionText: transcript })
  await send('/api/voice/status', { ...base, CallStatus: 'completed', CallDuration: '30', SequenceNumber: '0' })
  return callSid
}

const randomHex = (length: number) => [...crypto.getRandomValues(new Uint8Array(length / 2))].map((byte) => byte.toString(16).padStart(2, '0')).join('')

/** Provisioning runs as a job after sign-up; numbers can be bought once it is done. */
export async function waitForPhoneSystem(request: APIRequestContext) {
  await expect.poll(async () => (await (await request.get('/api/organization')).json()).organization.provisioningStatus, { timeout: 30_000 }).toBe('READY')
}

/** Buys the first available number in an area code through the app's API; returns the number object. */
export async function buyNumberThroughApp(request: APIRequestContext, areaCode: string): Promise<{ id: string; phoneNumber: string }> {
  const [available] = (await (await request.get(`/api/numbers/available?country=US&type=local&areaCode=${areaCode}`)).json()).numbers
  const bought = await request.post('/api/numbers', { data: { phoneNumber: available.phoneNumber } })
  expect(bought.status()).toBe(201)
  return (await bought.json()).number
}

type SandboxEvent = { seq: number; type: string; summary: string }

/** A simulated caller rings a number, waits for the beep of its voicemail, says `message` and hangs up after. */
export async function leaveSandboxVoicemail(sandboxUrl: string, from: string, to: string, message: string): Promise<string> {
  const placed = await fetch(`${sandboxUrl}/sandbox/api/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, to }) })
  expect(placed.status).toBe(201)
  const { sid } = (await placed.json()) as { sid: string }
  const events = async () => (await (await fetch(`${sandboxUrl}/sandbox/api/calls/${sid}/events`)).json()) as SandboxEvent[]
  await expect.poll(async () => (await events()).some((event) => event.type === 'twiml' && event.summary.startsWith('<Record>')), { timeout: 30_000 }).toBe(true)
  // Twilio's beep, then the message; the recording ends after its silence timeout.
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const said = await fetch(`${sandboxUrl}/sandbox/api/calls/${sid}/audio`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ say: message }) })
  expect(said.ok).toBe(true)
  await expect.poll(async () => ((await (await fetch(`${sandboxUrl}/sandbox/api/calls/${sid}`)).json()) as { status: string }).status, { timeout: 45_000 }).toBe('completed')
  return sid
}
