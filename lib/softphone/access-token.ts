import twilio from 'twilio'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { conflict } from '@/lib/http/problem'
import { loadOrganizationSecrets } from '@/lib/provisioning/organization-secrets'
import { deviceOptionsFor, type DeviceOptions } from './device-options'

// A Voice access token for the signed-in user's own softphone identity
// (https://www.twilio.com/docs/iam/access-tokens): signed with the organization's API key, its
// TwiML App for outgoing calls, incoming calls allowed. The key's secret stays on the server:
// only the signed token leaves it.

/** One hour, Twilio's usual softphone lifetime; the softphone renews it before it lapses (tokenWillExpire). */
export const VOICE_TOKEN_TTL_SECONDS = 3600

export interface VoiceToken {
  token: string
  identity: string
  expiresAt: string
  deviceOptions: DeviceOptions
}

const NOT_READY = 'Your phone system is still being set up. The softphone will work once provisioning has finished.'

export async function issueVoiceToken(organizationId: string, userId: string): Promise<VoiceToken> {
  const [organization, user] = await Promise.all([
    prisma().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { provisioningStatus: true, twilioAccountSid: true, twimlAppSid: true, twilioApiKeySid: true } }),
    prisma().user.findFirstOrThrow({ where: { id: userId, organizationId }, select: { softphoneIdentity: true } }),
  ])
  const { twilioAccountSid, twimlAppSid, twilioApiKeySid } = organization
  if (organization.provisioningStatus !== 'READY' || !twilioAccountSid || !twimlAppSid || !twilioApiKeySid) throw conflict(NOT_READY)
  const secrets = await loadOrganizationSecrets(prisma(), organizationId)
  if (!secrets) throw conflict(NOT_READY)
  const accessToken = new twilio.jwt.AccessToken(twilioAccountSid, twilioApiKeySid, secrets.apiKeySecret, {
    identity: user.softphoneIdentity,
    ttl: VOICE_TOKEN_TTL_SECONDS,
  })
  accessToken.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ outgoingApplicationSid: twimlAppSid, incomingAllow: true }))
  const issuedAt = Date.now()
  return {
    token: accessToken.toJwt(),
    identity: user.softphoneIdentity,
    expiresAt: new Date(issuedAt + VOICE_TOKEN_TTL_SECONDS * 1000).toISOString(),
    deviceOptions: deviceOptionsFor(config().twilio),
  }
}
