import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { provisionedOrganization, startVoiceStack, type VoiceStack } from '@/app/api/voice/voice-test-stack'
import { testPrisma } from '@/lib/db/test-database'
import { HttpError } from '@/lib/http/problem'
import { createOrganization } from '@/lib/testing/factories'
import { issueVoiceToken, VOICE_TOKEN_TTL_SECONDS } from './access-token'

// The token is checked as Twilio checks it: the signature with the API key's secret the sandbox
// issued at provisioning (which the app only holds sealed), and the claims Twilio reads.

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))

describe('issueVoiceToken', () => {
  const prisma = testPrisma()
  let stack: VoiceStack
  let org: Awaited<ReturnType<typeof provisionedOrganization>>

  beforeAll(async () => {
    stack = await startVoiceStack()
    org = await provisionedOrganization(prisma, stack, 'token')
  })
  afterAll(() => stack?.close())

  it('signs a one-hour Voice token for the member’s own identity with the organization’s API key and TwiML App', async () => {
    const row = await prisma.organization.findUniqueOrThrow({ where: { id: org.organizationId } })
    const owner = await prisma.user.findUniqueOrThrow({ where: { id: org.ownerId } })
    const issued = await issueVoiceToken(org.organizationId, org.ownerId)
    const [header, payload, signature] = issued.token.split('.') as [string, string, string]
    const secret = stack.sandbox.store.keys.get(row.twilioApiKeySid!)!.secret
    expect(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')).toBe(signature)
    expect(decode(header)).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })
    const claims = decode(payload)
    expect(claims).toMatchObject({
      iss: row.twilioApiKeySid,
      sub: org.accountSid,
      grants: { identity: owner.softphoneIdentity, voice: { incoming: { allow: true }, outgoing: { application_sid: org.twimlAppSid } } },
    })
    expect(claims.exp - claims.iat).toBe(VOICE_TOKEN_TTL_SECONDS)
    expect(issued.identity).toBe(owner.softphoneIdentity)
    // The secret that signed it is nowhere in what the browser receives.
    expect(JSON.stringify(issued)).not.toContain(secret)
    expect(issued.deviceOptions).toMatchObject({ chunderw: '127.0.0.1:8095', publishEvents: false, codecPreferences: ['pcmu'] })
    // Every sound the SDK will fetch is served by the sandbox, as audio.
    const sounds = Object.values((issued.deviceOptions as { sounds: Record<string, string> }).sounds)
    expect(sounds).toHaveLength(15)
    for (const url of sounds) {
      expect(url.startsWith(`${stack.sandbox.baseUrl}/`)).toBe(true)
      const sound = await fetch(url)
      expect([url, sound.status, sound.headers.get('content-type')]).toEqual([url, 200, 'audio/wav'])
      expect((await sound.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    }
  })

  it('refuses, in plain words, while the organization is still being provisioned', async () => {
    const pending = await createOrganization(prisma, 'token-pending')
    const refusal = await issueVoiceToken(pending.organizationId, pending.ownerId).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(HttpError)
    expect(refusal).toMatchObject({ status: 409, message: expect.stringContaining('still being set up') })
  })
})
