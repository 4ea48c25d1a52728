/**
 * The REST tests' bench: a sandbox on a manual clock (ring times, pauses and waits pass without
 * sleeping) beside a TwiML application answering its webhooks with `handler`.
 */
import { ManualClock } from '../../clock'
import { startTwimlApp, type AppRequest, type AppResponse, type TwimlApp } from '../../engine/testing/twiml-app'
import { startTwilioSandbox, type TwilioSandbox } from '../../index'

export interface ManualSandbox {
  sandbox: TwilioSandbox
  clock: ManualClock
  app: TwimlApp
  close(): Promise<void>
}

export async function startManualSandbox(handler: (request: AppRequest) => AppResponse | Promise<AppResponse>): Promise<ManualSandbox> {
  const clock = new ManualClock()
  const sandbox = await startTwilioSandbox({ port: 0, clock })
  const app = await startTwimlApp(handler)
  return {
    sandbox,
    clock,
    app,
    async close() {
      await sandbox.close()
      await app.close()
    },
  }
}
