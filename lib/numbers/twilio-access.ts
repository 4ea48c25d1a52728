import { config } from '@/lib/config/env'
import type { PrismaClient } from '@/lib/generated/prisma/client'
import { conflict, HttpError } from '@/lib/http/problem'
import { loadSubaccountCredentials } from '@/lib/provisioning/organization-secrets'
import { organizationTwilioClient } from '@/lib/telephony/parent-client'
import type { TwilioClient } from '@/lib/telephony/twilio-client'
import { describeTwilioError } from '@/lib/telephony/twilio-errors'

// How number management reaches Twilio: the organization's own subaccount (numbers are bought
// into it, so one organization can never touch another's), and the public URL webhooks are built
// from. Tests pass the sandbox's clients; the routes use appNumberServices().

export interface NumberServices {
  subaccount(credentials: { accountSid: string; authToken: string }): TwilioClient
  publicUrl: string
}

export const appNumberServices = (): NumberServices => ({ subaccount: organizationTwilioClient, publicUrl: config().publicUrl })

export async function subaccountClient(db: PrismaClient, organizationId: string, services: NumberServices): Promise<TwilioClient> {
  const { provisioningStatus } = await db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { provisioningStatus: true } })
  const credentials = provisioningStatus === 'READY' ? await loadSubaccountCredentials(db, organizationId) : null
  if (!credentials) throw conflict('Your phone system is still being set up. Try again once the dashboard says it is ready.')
  return services.subaccount(credentials)
}

/** A Twilio failure during a request, as an answer in plain words; the raw error goes to the log. */
export function twilioHttpError(error: unknown, context: string): HttpError {
  const failure = describeTwilioError(error)
  console.error(`Twilio ${context} failed`, failure.raw)
  const message = failure.message.replace(/ — we will retry\.$/, '. Please try again in a moment.')
  if (failure.retryable) return new HttpError(503, message)
  if (failure.raw.code === 21422) return new HttpError(409, message, { phoneNumber: message })
  if (failure.raw.code === 21421 || failure.raw.code === 21451) return new HttpError(400, message, { phoneNumber: message })
  return new HttpError(502, message)
}
