/** Creating call legs: the store record, the party and the live session together. */
import { TwilioApiError } from '../errors'
import { newSid, type CallRecord } from '../store'
import { CallSession, type CallSessionOptions } from './call-session'
import type { EngineContext } from './context'
import { SimulatedPhone, type CallParty } from './party'

export interface CallInit {
  accountSid: string
  parentCallSid?: string | null
  from: string
  to: string
  direction: CallRecord['direction']
  status: CallRecord['status']
}

/** A leg whose far end is a simulated phone (an outside caller or callee; the placeholder of a ringing `client:` leg). */
export function openCall(ctx: EngineContext, init: CallInit, options: CallSessionOptions): { session: CallSession; phone: SimulatedPhone } {
  const phone = new SimulatedPhone(() => ctx.clock.now())
  return { session: openCallWith(ctx, init, options, phone), phone }
}

/** A leg whose far end is the given endpoint (a Voice SDK device placing a call). */
export function openCallWith(ctx: EngineContext, init: CallInit, options: CallSessionOptions, party: CallParty): CallSession {
  const now = new Date(ctx.clock.now())
  const record: CallRecord = {
    sid: newSid('CA'),
    accountSid: init.accountSid,
    parentCallSid: init.parentCallSid ?? null,
    from: init.from,
    to: init.to,
    direction: init.direction,
    status: init.status,
    startTime: null,
    endTime: null,
    duration: null,
    price: null,
    priceUnit: 'USD',
    answeredBy: null,
    callerName: null,
    queueTime: '0',
    dateCreated: now,
    dateUpdated: now,
  }
  ctx.store.calls.set(record.sid, record)
  const session = new CallSession(ctx, record, party, options)
  ctx.sessions.set(record.sid, session)
  ctx.log.add(record.sid, 'status', `call ${init.direction} ${init.from} → ${init.to} (${init.status})`, { ...init })
  return session
}

const E164 = /^\+[1-9]\d{6,14}$/

/** What Twilio checks before placing an API call: To is a number or a client, From one of the account's numbers. */
export function checkDialable(ctx: EngineContext, accountSid: string, to: string, from: string): void {
  if (!E164.test(to) && !to.startsWith('client:')) throw new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`)
  const owned = [...ctx.store.numbers.values()].some((n) => n.accountSid === accountSid && n.phoneNumber === from)
  if (!owned) {
    throw new TwilioApiError(400, 21210, `The source phone number provided, ${from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.`)
  }
}
