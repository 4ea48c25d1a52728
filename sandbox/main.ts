// The sandbox process: local stand-ins for Twilio, the OpenAI Realtime API, S3 and a mail
// server, for development and tests without accounts. It never imports the app's lib/ or app/ —
// it plays the other party.
import { startMailCatcher } from './mail/catcher'
import { startRealtimeStandIn } from './realtime/index'
import { startS3Sandbox } from './s3/index'
import { startTwilioSandbox } from './twilio/index'
import { startVoiceSdkGateway } from './twilio/voice-sdk/index'

const host = process.env.SANDBOX_HOST ?? '127.0.0.1'
const mail = await startMailCatcher({ port: Number(process.env.SANDBOX_SMTP_PORT ?? 8093), host })
const twilio = await startTwilioSandbox({ port: Number(process.env.SANDBOX_PORT ?? 8090), host, mailbox: mail.mailbox })
const voiceSdk = await startVoiceSdkGateway({ engine: twilio.engine, port: Number(process.env.SANDBOX_VOICE_SDK_PORT ?? 8095), host })
const realtime = await startRealtimeStandIn({ port: Number(process.env.SANDBOX_REALTIME_PORT ?? 8092), host })
const s3 = await startS3Sandbox({ port: Number(process.env.SANDBOX_S3_PORT ?? 8094), host, dir: process.env.SANDBOX_S3_DIR ?? '.data/s3' })
// The bucket an operator would create for the app.
s3.store.createBucket(process.env.SANDBOX_S3_BUCKET ?? 'hekax-recordings')

console.log(`Twilio sandbox:   ${twilio.baseUrl}  (REST API under /2010-04-01, simulated callers at ${twilio.baseUrl}/sandbox)`)
console.log(`  parent account: ${twilio.accountSid}`)
console.log(`Voice SDK gateway: ${voiceSdk.url}  (Device option chunderw: '${voiceSdk.chunderw}', certificate .local/voice-sdk-tls/cert.pem)`)
console.log(`Realtime sandbox: ${realtime.baseURL}`)
console.log(`S3 sandbox:       ${s3.endpoint}  (path-style, SigV4 checked; access key ${s3.credentials.accessKeyId})`)
console.log(`Mail catcher:     ${mail.url}  (messages at ${twilio.baseUrl}/sandbox/mail)`)

async function shutdown() {
  await Promise.allSettled([voiceSdk.close(), twilio.close(), realtime.close(), s3.close(), mail.close()])
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
