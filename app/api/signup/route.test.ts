import type { NextRequest } from 'next/server'
import { beforeAll, describe, expect, it } from 'vitest'
import type { TwilioSandbox } from '@/sandbox/twilio/index'
import { testPrisma } from '@/lib/db/test-database'
import { eventually, startProvisioningAgainstSandbox } from '@/lib/testing/jobs'
import { uniqueEmail } from '@/lib/testing/factories'
import { POST } from './route'

// The sign-up door answers as soon as the organization exists; provisioning follows as a job.
describe('POST /api/signup', () => {
  const db = testPrisma()
  let sandbox: TwilioSandbox

  beforeAll(async () => {
    ;({ sandbox } = await startProvisioningAgainstSandbox(db))
  })

  it('returns before provisioning finishes, and provisioning then completes', async () => {
    // The first attempt cannot succeed, so the answer cannot have waited for a finished set-up.
    sandbox.faults.add({ method: 'POST', path: /\/Accounts\.json$/, kind: 'error', status: 503, code: 20503, message: 'Service Unavailable' })
    const email = uniqueEmail('signup-route')
    const request = new Request('http://localhost/api/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organizationName: 'Harbor Vets', name: 'Hana Harbor', email, password: 'harbor-vets-2931' }),
    }) as NextRequest
    const response = await POST(request)
    expect(response.status).toBe(201)
    const { organizationId } = await response.json()
    const atAnswer = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
    expect(atAnswer).toMatchObject({ provisioningStatus: 'PENDING', twilioAccountSid: null })

    const ready = await eventually(async () => {
      const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
      return organization.provisioningStatus === 'READY' && organization
    }, 'provisioning')
    expect(sandbox.store.accounts.get(ready.twilioAccountSid!)?.friendlyName).toBe(`HEKAX Harbor Vets (${organizationId})`)
  })
})
