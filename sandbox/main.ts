// The sandbox process: local stand-ins for Twilio and the OpenAI Realtime API, for development
// and tests without accounts. It never imports the app's lib/ or app/ — it plays the other party.
import { startTwilioSandbox } from './twilio/index'
import { startRealtimeStandIn } from './realtime/index'
import { startMailCatcher } from './mail/catcher'

const host = process.env.SANDBOX_HOST ?? '127.0.0.1'
const mail = await startMailCatcher({ port: Number(process.env.SANDBOX_SMTP_PORT ?? 8093), host })
const twilio = await startTwilioSandbox({ port: Number(process.env.SANDBOX_PORT ?? 8090), host, mailbox: mail.mailbox })
const realtime = await startRealtimeStandIn({ port: Number(process.env.SANDBOX_REALTIME_PORT ?? 8092), host })

console.log(`Twilio sandbox:   ${twilio.baseUrl}  (REST API under /2010-04-01, simulated callers at ${twilio.baseUrl}/sandbox)`)
console.log(`  parent account: ${twilio.accountSid}`)
console.log(`Realtime sandbox: ${realtime.baseURL}`)
console.log(`Mail catcher:     ${mail.url}  (messages at ${twilio.baseUrl}/sandbox/mail)`)

async function shutdown() {
  await Promise.allSettled([twilio.close(), realtime.close(), mail.close()])
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
