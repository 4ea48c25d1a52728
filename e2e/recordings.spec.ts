import { expect, request as playwrightRequest, test } from '@playwright/test'
import { e2eStack } from '../playwright.config'
import { buySandboxNumber, createVerifiedOrganization, sandboxTenant, signedInContext, signIn } from './helpers'

// A recorded sandbox call travels the whole way — the sandbox records it in two channels and calls
// our recording status webhook, the app's job streams it into the local S3 — and the Recordings
// page plays it in the browser from a presigned URL: its waveform, its duration and its clock.

test('a recorded call plays in the browser with its duration', async ({ baseURL, page }) => {
  test.setTimeout(120_000)
  const anonymous = await playwrightRequest.newContext({ baseURL })
  const { ownerEmail } = await createVerifiedOrganization(anonymous, 'recordings')
  const asOwner = await signedInContext(baseURL!, ownerEmail)
  await expect.poll(async () => (await (await asOwner.get('/api/organization')).json()).organization.provisioningStatus, { timeout: 30_000 }).toBe('READY')
  const organizationId = (await (await asOwner.get('/api/organization')).json()).organization.id
  const tenant = await sandboxTenant(e2eStack.SANDBOX_URL, organizationId)
  const from = await buySandboxNumber(e2eStack.SANDBOX_URL, tenant)

  // An outbound call recorded from answer to hang-up, both parties on their own channel.
  const placed = await fetch(`${e2eStack.SANDBOX_URL}/2010-04-01/Accounts/${tenant.accountSid}/Calls.json`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${tenant.accountSid}:${tenant.authToken}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      To: '+14155550160',
      From: from,
      Twiml: '<Response><Say>This call is recorded for the player test.</Say><Pause length="2"/><Hangup/></Response>',
      Record: 'true',
      RecordingChannels: 'dual',
      RecordingStatusCallback: `${baseURL}/api/voice/recording-status`,
    }),
  })
  expect(placed.status).toBe(201)

  const stored = await expect
    .poll(async () => ((await (await asOwner.get('/api/recordings')).json()).recordings as { status: string }[])[0]?.status, { timeout: 60_000 })
    .toBe('STORED')
    .then(async () => ((await (await asOwner.get('/api/recordings')).json()).recordings as { id: string; durationSeconds: number; channels: number }[])[0]!)
  expect(stored.channels).toBe(2)
  expect(stored.durationSeconds).toBeGreaterThanOrEqual(2)

  await signIn(page, ownerEmail)
  await expect(page).toHaveURL(/\/dashboard$/)
  await page.goto('/recordings')
  const player = page.getByTestId('recording-player')
  await expect(player).toBeVisible()
  // The duration the browser decoded from the audio itself.
  const duration = player.getByTestId('player-duration')
  await expect(duration).not.toHaveText('…')
  const [minutes, seconds] = (await duration.textContent())!.split(':').map(Number)
  expect(Math.abs(minutes! * 60 + seconds! - stored.durationSeconds)).toBeLessThanOrEqual(1)
  await expect(player.locator('canvas').first()).toBeVisible()

  await player.getByRole('button', { name: 'Play' }).click()
  await expect(player.getByRole('button', { name: 'Pause' })).toBeVisible()
  await expect(player.getByTestId('player-time')).toContainText(/^0:0[1-9]/, { timeout: 10_000 })
  await Promise.all([anonymous.dispose(), asOwner.dispose()])
})
