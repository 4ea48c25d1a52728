// The sandbox process: local stand-ins for Twilio, the OpenAI Realtime API and S3, for
// development and tests without accounts. It never imports the app's lib/ or app/ — it plays the
// other party.
import { startRealtimeStandIn } from './realtime/index'
import { startS3Sandbox } from './s3/index'
import { startTwilioSandbox } from './twilio/index'

const twilio = await startTwilioSandbox({ port: Number(process.env.SANDBOX_PORT ?? 8090), host: process.env.SANDBOX_HOST ?? '127.0.0.1' })
const realtime = await startRealtimeStandIn({ port: Number(process.env.SANDBOX_REALTIME_PORT ?? 8092), host: process.env.SANDBOX_HOST ?? '127.0.0.1' })
const s3 = await startS3Sandbox({ port: Number(process.env.SANDBOX_S3_PORT ?? 8094), host: process.env.SANDBOX_HOST ?? '127.0.0.1', dir: process.env.SANDBOX_S3_DIR ?? '.data/s3' })
// The bucket an operator would create for the app.
s3.store.createBucket(process.env.SANDBOX_S3_BUCKET ?? 'hekax-recordings')

console.log(`Twilio sandbox:   ${twilio.baseUrl}  (REST API under /2010-04-01, simulated callers at ${twilio.baseUrl}/sandbox)`)
console.log(`  parent account: ${twilio.accountSid}`)
console.log(`Realtime sandbox: ${realtime.baseURL}`)
console.log(`S3 sandbox:       ${s3.endpoint}  (path-style, SigV4 checked; access key ${s3.credentials.accessKeyId})`)

async function shutdown() {
  await Promise.allSettled([twilio.close(), realtime.close(), s3.close()])
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
