import twilio from 'twilio'
import type { TwilioSandbox } from '../../index'

// For REST tests: the real `twilio` library pointed at a sandbox through its domains' own
// `baseUrl` — the REST API at the root, other products under /<product> (IAM at /iam) — since the
// sandbox never imports the app (the app's client factory has its own test in lib/telephony).

export type Credentials = { accountSid: string; authToken: string } | { accountSid: string; apiKeySid: string; apiKeySecret: string }

export function sandboxClient(sandbox: TwilioSandbox, credentials: Credentials) {
  const [username, password] = 'apiKeySid' in credentials ? [credentials.apiKeySid, credentials.apiKeySecret] : [credentials.accountSid, credentials.authToken]
  const client = twilio(username, password, { accountSid: credentials.accountSid })
  client.api.baseUrl = sandbox.baseUrl
  client.iam.baseUrl = `${sandbox.baseUrl}/iam`
  client.pricing.baseUrl = `${sandbox.baseUrl}/pricing`
  return client
}

export const parentClient = (sandbox: TwilioSandbox) => sandboxClient(sandbox, { accountSid: sandbox.accountSid, authToken: sandbox.authToken })

/** A fresh subaccount of the sandbox's parent, with a client using its own auth token. */
export async function newSubaccount(sandbox: TwilioSandbox, friendlyName: string) {
  const account = await parentClient(sandbox).api.v2010.accounts.create({ friendlyName })
  return { account, client: sandboxClient(sandbox, { accountSid: account.sid, authToken: account.authToken }) }
}

export const basicAuth = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` })
