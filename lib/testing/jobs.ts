import { randomBytes } from 'node:crypto'
import { afterAll, inject } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '@/sandbox/twilio/index'
import { startBoss, startJobs, stopJobs, type AnyJobDefinition } from '@/lib/jobs/queue'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import type { ProvisioningClients } from '@/lib/provisioning/provision-organization'
import { provisioningJob } from '@/lib/provisioning/provisioning-job'
import { createTwilioClient } from '@/lib/telephony/twilio-client'

// Tests run the real job queue on the test database. Each test file uses its own pg-boss schema,
// so one file's workers never take another file's jobs (they run in parallel on one database).
export const testJobSchema = () => `pgboss_test_${randomBytes(4).toString('hex')}`

export async function startTestJobs(definitions: AnyJobDefinition[], schema = testJobSchema()) {
  const options = { connectionString: inject('databaseUrl'), schema, pollingIntervalSeconds: 0.5 }
  const boss = await startJobs(options, definitions)
  afterAll(() => stopJobs())
  return { boss, schema, options, startAnotherInstance: () => startBoss(options, definitions) }
}

/** A sandbox and the clients provisioning uses to reach it. */
export async function startSandboxClients(): Promise<{ sandbox: TwilioSandbox; clients: ProvisioningClients }> {
  const sandbox = await startTwilioSandbox({ port: 0 })
  afterAll(() => sandbox.close())
  return {
    sandbox,
    clients: {
      parent: createTwilioClient({ accountSid: sandbox.accountSid, authToken: sandbox.authToken }, { sandboxBaseUrl: sandbox.baseUrl }),
      subaccount: (credentials) => createTwilioClient(credentials, { sandboxBaseUrl: sandbox.baseUrl }),
    },
  }
}

/** A sandbox and the provisioning job running against it, retrying after a second. */
export async function startProvisioningAgainstSandbox(db: PrismaClient, publicUrl = 'https://phone.example.com') {
  const started = await startSandboxClients()
  await startTestJobs([provisioningJob({ db, publicUrl, clients: () => started.clients, retryDelaySeconds: 1 })])
  return started
}

/** Polls until `check` returns a value (background jobs finish in their own time). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, attempts = 200): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check()
    if (value) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`gave up waiting for ${what}`)
}
