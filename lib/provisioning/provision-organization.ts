import type { Organization, Prisma, PrismaClient } from '@/lib/generated/prisma/client'
import { recordOrganizationEvent } from '@/lib/organization/events'
import type { TwilioClient } from '@/lib/telephony/twilio-client'
import { describeTwilioError } from '@/lib/telephony/twilio-errors'
import { sealedSecretColumns } from './organization-secrets'
import { applicationWebhooks } from '@/lib/telephony/webhook-urls'
import { apiKeyName, applicationName, subaccountName } from './resource-names'

// Gives an organization its own Twilio subaccount, TwiML App (our voice webhooks) and API key
// (for softphone access tokens). It runs as a job (provisioning-job.ts), one at a time per
// organization, and is safe to run again at any point:
// - each resource is saved as soon as it exists, so a retry continues from the failed step;
// - before creating, it looks for what exists — the stored SID, then the resource by its name —
//   so a run that created something and died before saving it is adopted, not duplicated;
// - no database transaction is open while Twilio is called (each save is its own statement).

export interface ProvisioningClients {
  parent: TwilioClient
  subaccount(credentials: { accountSid: string; authToken: string }): TwilioClient
}

export type ProvisioningOutcome = 'ready' | 'retry' | 'failed'

type Step = Organization['provisioningStep']

export async function provisionOrganization(
  db: PrismaClient,
  organizationId: string,
  clients: ProvisioningClients,
  publicUrl: string,
  options: { finalAttempt?: boolean } = {},
): Promise<ProvisioningOutcome> {
  let organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
  if (organization.provisioningStatus === 'READY') return 'ready'
  const save = async (data: Prisma.OrganizationUpdateInput) => (organization = await db.organization.update({ where: { id: organizationId }, data }))
  const event = (type: string, message: string, detail?: Prisma.InputJsonValue) => recordOrganizationEvent(db, organizationId, { type, message, detail })
  let step: Step = 'SUBACCOUNT'
  try {
    await save({ provisioningStatus: 'PENDING', provisioningStep: step })
    const subaccountCredentials = await ensureSubaccount(organization, clients.parent, save, event)
    const subaccount = clients.subaccount(subaccountCredentials)

    step = 'APPLICATION'
    await save({ provisioningStep: step })
    if (!organization.twimlAppSid) await save({ twimlAppSid: await ensureApplication(subaccount, publicUrl, event) })

    step = 'API_KEY'
    await save({ provisioningStep: step })
    if (!organization.twilioApiKeySid) {
      const key = await createApiKey(subaccount, event)
      // The secret is returned only now; it is sealed before it is stored.
      await save({ twilioApiKeySid: key.sid, ...sealedSecretColumns(organizationId, { apiKeySecret: key.secret }) })
    }

    await save({ provisioningStatus: 'READY', provisioningStep: 'DONE', provisioningError: null })
    await event('provisioning.ready', 'The Twilio subaccount, voice app and softphone key are ready.')
    return 'ready'
  } catch (error) {
    const failure = describeTwilioError(error)
    const giveUp = !failure.retryable || Boolean(options.finalAttempt)
    console.error(`provisioning ${organizationId} failed at ${step}`, failure.raw)
    await event('provisioning.failed', failure.raw.message, { step, ...failure.raw, willRetry: !giveUp })
    const words = giveUp && failure.retryable ? failure.message.replace(/ — we will retry\.$/, '. Press Retry to try again.') : failure.message
    await save({ provisioningStatus: giveUp ? 'FAILED' : 'PENDING', provisioningError: words })
    return giveUp ? 'failed' : 'retry'
  }
}

type Save = (data: Prisma.OrganizationUpdateInput) => Promise<Organization>
type Event = (type: string, message: string, detail?: Prisma.InputJsonValue) => Promise<void>

/** The stored subaccount, else one a crashed run made (found by its name), else a new one. */
async function ensureSubaccount(organization: Organization, parent: TwilioClient, save: Save, event: Event) {
  if (organization.twilioAccountSid) {
    const account = await parent.api.v2010.accounts(organization.twilioAccountSid).fetch()
    return { accountSid: account.sid, authToken: account.authToken }
  }
  const friendlyName = subaccountName(organization)
  const [orphan] = (await parent.api.v2010.accounts.list({ friendlyName })).filter((account) => account.status !== 'closed')
  const account = orphan ?? (await parent.api.v2010.accounts.create({ friendlyName }))
  await save({ twilioAccountSid: account.sid, ...sealedSecretColumns(organization.id, { authToken: account.authToken }) })
  await event(orphan ? 'provisioning.subaccount_adopted' : 'provisioning.subaccount_created', `${orphan ? 'Adopted' : 'Created'} subaccount ${account.sid}`)
  return { accountSid: account.sid, authToken: account.authToken }
}

async function ensureApplication(subaccount: TwilioClient, publicUrl: string, event: Event): Promise<string> {
  const webhooks = applicationWebhooks(publicUrl)
  const [orphan] = await subaccount.applications.list({ friendlyName: applicationName })
  if (orphan) {
    // Adopted apps get today's URLs, in case the public URL changed since the crashed run.
    await subaccount.applications(orphan.sid).update(webhooks)
    await event('provisioning.application_adopted', `Adopted TwiML app ${orphan.sid}`)
    return orphan.sid
  }
  const app = await subaccount.applications.create({ friendlyName: applicationName, ...webhooks })
  await event('provisioning.application_created', `Created TwiML app ${app.sid}`)
  return app.sid
}

/**
 * An API key's secret is shown only when it is created, so a key a crashed run made cannot be
 * adopted: it is deleted (it was never used) and a fresh one created.
 */
async function createApiKey(subaccount: TwilioClient, event: Event) {
  const orphans = (await subaccount.keys.list()).filter((key) => key.friendlyName === apiKeyName)
  for (const orphan of orphans) {
    await subaccount.keys(orphan.sid).remove()
    await event('provisioning.api_key_orphan_removed', `Deleted API key ${orphan.sid}, whose secret was never saved`)
  }
  const key = await subaccount.newKeys.create({ friendlyName: apiKeyName })
  await event('provisioning.api_key_created', `Created API key ${key.sid}`)
  return key
}
