import type { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TwilioSandbox } from '@/sandbox/twilio/index'
import { startMailCatcher, type MailCatcher } from '@/sandbox/mail/catcher'
import { testPrisma } from '@/lib/db/test-database'
import { eventually, startProvisioningAgainstSandbox } from '@/lib/testing/jobs'
import { uniqueEmail } from '@/lib/testing/factories'
import { GET as verify } from '../account/verify-email/route'
import { POST } from './route'

// The sign-up door creates the organization and mails the owner; only the verification link
// queues provisioning, which then runs as a job.
describe('POST /api/signup', () => {
  const db = testPrisma()
  let sandbox: TwilioSandbox
  let catcher: MailCatcher

  beforeAll(async () => {
    catcher = await startMailCatcher()
    // Before anything reads the configuration: the app's mailer goes to this catcher.
    process.env.SMTP_URL = catcher.url
    ;({ sandbox } = await startProvisioningAgainstSandbox(db))
  })
  afterAll(() => catcher.close())

  it('answers 202 and provisions nothing until the mailed link is opened; then provisioning completes', async () => {
    const email = uniqueEmail('signup-route')
    const request = new Request('http://localhost/api/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.90.${Date.now() % 250}.7` },
      body: JSON.stringify({ organizationName: 'Harbor Vets', name: 'Hana Harbor', email, password: 'harbor-vets-2931' }),
    }) as NextRequest
    const response = await POST(request)
    expect(response.status).toBe(202)
    expect(await response.json()).toEqual({ status: 'check-your-inbox' })
    const owner = await db.user.findUniqueOrThrow({ where: { email }, include: { organization: true } })
    expect(owner.organization).toMatchObject({ provisioningStatus: 'PENDING', twilioAccountSid: null })

    const mail = catcher.mailbox.list().find((message) => message.to.includes(email))!
    const link = mail.text.match(/https?:\/\/\S+verify-email\?token=\S+/)![0]
    const opened = await verify(new Request(link) as NextRequest)
    expect(opened.status).toBe(303)
    expect(opened.headers.get('location')).toMatch(/\/login\?verified=1$/)

    const ready = await eventually(async () => {
      const organization = await db.organization.findUniqueOrThrow({ where: { id: owner.organizationId } })
      return organization.provisioningStatus === 'READY' && organization
    }, 'provisioning')
    expect(sandbox.store.accounts.get(ready.twilioAccountSid!)?.friendlyName).toBe(`HEKAX Harbor Vets (${owner.organizationId})`)
  })
})
