import { randomBytes } from 'node:crypto'

// A Voice SDK client identity: unique, stable, and free of personal data because Twilio shows
// it in call logs and as `client:<identity>` in webhooks.
export function newSoftphoneIdentity(): string {
  return `agent_${randomBytes(10).toString('hex')}`
}
