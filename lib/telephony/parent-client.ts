import { config } from '@/lib/config/env'
import { createTwilioClient, type TwilioCredentials } from './twilio-client'

// Clients for the configured Twilio: the real one, or the sandbox when no credentials are set.
function sandboxBaseUrl(): string | undefined {
  const twilio = config().twilio
  return twilio.mode === 'sandbox' ? twilio.sandboxUrl : undefined
}

/** The platform's parent account, which owns every organization's subaccount. */
export function parentTwilioClient() {
  const { accountSid, authToken } = config().twilio
  return createTwilioClient({ accountSid, authToken }, { sandboxBaseUrl: sandboxBaseUrl() })
}

/** A client acting as one organization's subaccount. */
export function organizationTwilioClient(credentials: TwilioCredentials) {
  return createTwilioClient(credentials, { sandboxBaseUrl: sandboxBaseUrl() })
}
