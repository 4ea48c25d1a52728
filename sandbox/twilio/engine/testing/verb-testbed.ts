/**
 * Per-test set-up for TwiML verb tests: a sandbox on a manual clock, a TwiML app answering from
 * `documents` by path (<Hangup/> otherwise), and `placeCall` ringing a fresh number whose voice
 * URL serves the given verbs. Call in a describe block; the fields are fresh in every test.
 */
import { afterEach, beforeEach } from 'vitest'
import { ManualClock } from '../../clock'
import { createTestSandbox, type TestSandbox } from './harness'
import { startTwimlApp, twiml, type AppRequest, type TwimlApp } from './twiml-app'

export interface VerbTestbed {
  sandbox: TestSandbox
  app: TwimlApp
  clock: ManualClock
  documents: Record<string, string>
  placeCall(voice: string): { sid: string; phone: NonNullable<ReturnType<TestSandbox['engine']['phone']>> }
}

export function verbTestbed(): VerbTestbed {
  const bed = {
    placeCall(voice: string) {
      bed.documents['/voice'] = twiml(voice)
      const number = bed.sandbox.buyNumber(bed.sandbox.subaccount.sid, `+1500555${String(Math.floor(Math.random() * 9000) + 1000)}`, { voiceUrl: bed.app.url('/voice') })
      const call = bed.sandbox.engine.placeInboundCall({ from: '+14155550100', to: number.phoneNumber })
      return { sid: call.sid, phone: bed.sandbox.engine.phone(call.sid)! }
    },
  } as VerbTestbed
  beforeEach(async () => {
    bed.clock = new ManualClock()
    bed.sandbox = createTestSandbox({ clock: bed.clock })
    bed.documents = {}
    bed.app = await startTwimlApp((r: AppRequest) => bed.documents[r.path] ?? twiml('<Hangup/>'))
  })
  afterEach(async () => {
    await bed.sandbox.close()
    await bed.app.close()
  })
  return bed
}
