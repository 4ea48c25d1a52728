/**
 * The Twilio sandbox's control page drives a real call end to end: a number bought through the
 * sandbox's REST API points at a tiny TwiML server started here; the page places a call to it,
 * presses a key, and its event log shows the signed webhook and the digits the app received.
 */
import { expect, test } from '@playwright/test'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { e2eStack } from '../playwright.config'

// The stack runs the sandbox with its development parent account (see sandbox/twilio/index.ts).
const SANDBOX_URL = e2eStack.SANDBOX_URL
const ACCOUNT_SID = process.env.SANDBOX_ACCOUNT_SID ?? 'AC00000000000000000000000000000000'
const AUTH_TOKEN = process.env.SANDBOX_AUTH_TOKEN ?? '00000000000000000000000000000000'

test.describe('Twilio sandbox control page', () => {
  let server: Server
  let appUrl: string
  const received: { path: string; params: Record<string, string> }[] = []
  let numberSid: string | null = null

  test.beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const path = new URL(req.url ?? '/', 'http://app').pathname
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()))
      received.push({ path, params })
      res.writeHead(200, { 'Content-Type': 'text/xml' })
      res.end(
        path === '/voice'
          ? '<Response><Say>Welcome to the test line.</Say><Gather action="/digits" numDigits="1" timeout="20"><Say>Press one.</Say></Gather></Response>'
          : `<Response><Say>You pressed ${params.Digits}.</Say><Hangup/></Response>`,
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  test.afterAll(async () => {
    if (numberSid) {
      await fetch(`${SANDBOX_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${numberSid}.json`, { method: 'DELETE', headers: { Authorization: basicAuth() } })
    }
    await new Promise((resolve) => server.close(resolve))
  })

  function basicAuth(): string {
    return `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`
  }

  test('places a call from the page, presses a key and shows the webhook and the digits', async ({ page }) => {
    const bought = await fetch(`${SANDBOX_URL}/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`, {
      method: 'POST',
      headers: { Authorization: basicAuth(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ AreaCode: '617', VoiceUrl: `${appUrl}/voice`, FriendlyName: 'e2e sandbox call' }),
    })
    expect(bought.status).toBe(201)
    const number = (await bought.json()) as { sid: string; phone_number: string }
    numberSid = number.sid
    const phoneNumber = number.phone_number

    await page.goto(`${SANDBOX_URL}/sandbox`)
    await page.locator('#numbers li', { hasText: phoneNumber }).click()
    await expect(page.locator('#to')).toHaveValue(phoneNumber)
    await page.getByRole('button', { name: 'Call' }).click()
    await expect(page.locator('#call-sid')).toHaveText(/^CA[0-9a-f]{32}$/)

    const events = page.locator('#events')
    await expect(events.locator('li.webhook', { hasText: `voice: POST ${appUrl}/voice → 200` })).toBeVisible()
    await expect(events.locator('li', { hasText: '<Gather>' })).toBeVisible()
    await page.locator('#keypad button[data-digit="1"]').click()
    await expect(events.locator('li.webhook', { hasText: 'Digits=1' })).toBeVisible({ timeout: 15_000 })
    await expect(page.locator('#call-status')).toHaveText('completed', { timeout: 15_000 })

    expect(received.map((r) => r.path)).toEqual(['/voice', '/digits'])
    expect(received[1].params).toMatchObject({ Digits: '1', To: phoneNumber, Direction: 'inbound' })
  })
})
