import { z } from 'zod'
import { isTerminal } from '@/lib/calls/call-status'
import { config } from '@/lib/config/env'
import { conflict, HttpError, notFound } from '@/lib/http/problem'
import type { ScopedDb } from '@/lib/tenancy/scoped-db'

// The settings page's **Test call**: in sandbox mode, a simulated outside caller rings the number
// through the Twilio sandbox's control API (sandbox/twilio/control, over HTTP like any other
// client) and, once the greeting has played and the line is quiet, asks a short question (a
// clip the Realtime stand-in recognizes). The call then runs as any other: the page follows its
// live transcript through GET /api/calls/{id}, until **Hang up** ends it (endTestCall). There is
// nothing to simulate with live Twilio.

export const testCallSchema = z.object({ phoneNumberId: z.string().min(1) })

/** A fictional caller (555-01xx numbers are reserved for fiction). */
export const TEST_CALLER = '+12025550100'
/** The caller's question, and how long the line must be quiet after the greeting before it is asked. */
const QUESTION = { clip: 'caller-question', whenQuietMs: 800 }
/** How long the app waits for the sandbox's first webhook to have logged the call. */
const CALL_LOG_WAIT_MS = 10_000

function sandboxTwilio() {
  const twilio = config().twilio
  if (twilio.mode !== 'sandbox') throw conflict('Test calls are simulated by the sandbox; with live Twilio, call the number from a phone.')
  return twilio
}

/** The sandbox's control API (sandbox/twilio/control), authenticated as the parent account. */
async function sandboxControl(path: string, body: unknown): Promise<{ sid?: string }> {
  const twilio = sandboxTwilio()
  const response = await fetch(`${twilio.sandboxUrl}/sandbox/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  })
  if (!response.ok) throw new HttpError(502, `The sandbox refused the test call (${response.status}): ${(await response.text()).slice(0, 200)}`)
  return (await response.json()) as { sid?: string }
}

export async function placeTestCall(db: ScopedDb, phoneNumberId: string, now = () => Date.now()): Promise<{ callId: string; callSid: string }> {
  sandboxTwilio()
  const number = await db.phoneNumber.findFirst({ where: { id: phoneNumberId }, select: { e164: true, status: true } })
  if (!number) throw notFound('No such number.')
  if (number.status !== 'ACTIVE') throw conflict('This number was released; it takes no calls.')
  const { sid } = await sandboxControl('/calls', { from: TEST_CALLER, to: number.e164 })
  if (!sid) throw new HttpError(502, 'The sandbox placed no call.')
  await sandboxControl(`/calls/${sid}/audio`, QUESTION)
  // The sandbox rings the app's webhook, which logs the call; its id is what the page follows.
  const deadline = now() + CALL_LOG_WAIT_MS
  while (now() < deadline) {
    const call = await db.callLog.findUnique({ where: { callSid: sid }, select: { id: true } })
    if (call) return { callId: call.id, callSid: sid }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new HttpError(504, 'The test call was placed but has not reached the app yet.')
}

/**
 * The simulated caller hangs up (the page's **Hang up**): after its question it would otherwise
 * stay on the line, as a caller who has nothing more to say may. Only the organization's own
 * test calls can be ended this way; one that has ended already is left as it is.
 */
export async function endTestCall(db: ScopedDb, callId: string): Promise<void> {
  const call = await db.callLog.findFirst({ where: { id: callId, fromNumber: TEST_CALLER, direction: 'INBOUND' }, select: { callSid: true, status: true } })
  if (!call) throw notFound('No such test call.')
  if (isTerminal(call.status)) return
  await sandboxControl(`/calls/${call.callSid}/hangup`, {})
}
