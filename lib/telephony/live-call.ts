import { prisma } from '@/lib/db/client'
import { loadOrganizationSecrets } from '@/lib/provisioning/organization-secrets'
import { organizationTwilioClient } from './parent-client'

// A call in progress, changed through Twilio's Calls API with the organization's subaccount
// (https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource): new TwiML replaces
// what the call is executing (a <Connect><Stream> ends; its action is not requested).

export type LiveCallChange = { twiml: string } | { url: string }

/** The organization's subaccount client; null until provisioning gave it one. */
export async function organizationClient(organizationId: string) {
  const organization = await prisma().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { twilioAccountSid: true } })
  const secrets = await loadOrganizationSecrets(prisma(), organizationId)
  if (!organization.twilioAccountSid || !secrets) return null
  return organizationTwilioClient({ accountSid: organization.twilioAccountSid, authToken: secrets.authToken })
}

/** False when the organization has no subaccount yet, or the call has already ended (21220). */
export async function changeLiveCall(organizationId: string, callSid: string, change: LiveCallChange): Promise<boolean> {
  const client = await organizationClient(organizationId)
  if (!client) return false
  try {
    await client.calls(callSid).update('twiml' in change ? { twiml: change.twiml } : { url: change.url, method: 'POST' })
    return true
  } catch (error) {
    // 21220: the call already ended (the caller hung up, or Twilio moved on after a stream closed).
    console.warn(JSON.stringify({ msg: 'live call update failed', callSid, error: error instanceof Error ? error.message : String(error) }))
    return false
  }
}
