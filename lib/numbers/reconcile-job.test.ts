import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TwilioSandbox } from '@/sandbox/twilio/index'
import { INVENTORY } from '@/sandbox/twilio/rest/inventory'
import { testPrisma } from '@/lib/db/test-database'
import { jobs } from '@/lib/jobs/queue'
import { provisionOrganization, type ProvisioningClients } from '@/lib/provisioning/provision-organization'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { createOrganization } from '@/lib/testing/factories'
import { eventually, startSandboxClients, startTestJobs } from '@/lib/testing/jobs'
import { buyNumber } from './phone-numbers'
import { RECONCILE_QUEUE, reconcileJob } from './reconcile-job'
import type { NumberServices } from './twilio-access'

// The reconcile as a job: a purchase whose database write failed is imported, not lost, and the
// scheduled run (a job without an organization) reaches every ready organization.
describe('the reconcile job', () => {
  const db = testPrisma()
  const publicUrl = 'https://phone.example.com'
  let sandbox: TwilioSandbox
  let clients: ProvisioningClients
  let services: NumberServices

  beforeAll(async () => {
    ;({ sandbox, clients } = await startSandboxClients())
    services = { subaccount: clients.subaccount, publicUrl }
    await startTestJobs([reconcileJob({ db, services: () => services })])
  })

  async function readyOrganization(label: string) {
    const org = await createOrganization(db, label)
    await provisionOrganization(db, org.organizationId, clients, publicUrl)
    const { twilioAccountSid } = await db.organization.findUniqueOrThrow({ where: { id: org.organizationId } })
    return { ...org, accountSid: twilioAccountSid! }
  }
  const activeNumbers = (organizationId: string) => db.phoneNumber.findMany({ where: { organizationId, status: 'ACTIVE' } })

  describe('when the database write fails after Twilio bought the number', () => {
    const tag = randomBytes(4).toString('hex')
    const phoneNumber = INVENTORY.find((number) => number.phoneNumber.startsWith('+1312'))!.phoneNumber
    // A real database failure, once: the sequence counts attempts and is not rolled back with them.
    beforeAll(async () => {
      await db.$executeRawUnsafe(`CREATE SEQUENCE fail_once_${tag}`)
      await db.$executeRawUnsafe(`CREATE FUNCTION fail_once_${tag}() RETURNS trigger AS $$ BEGIN
        IF NEW.e164 = '${phoneNumber}' AND nextval('fail_once_${tag}') = 1 THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW; END $$ LANGUAGE plpgsql`)
      await db.$executeRawUnsafe(`CREATE TRIGGER fail_once_${tag} BEFORE INSERT ON "PhoneNumber" FOR EACH ROW EXECUTE FUNCTION fail_once_${tag}()`)
    })
    afterAll(async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER fail_once_${tag} ON "PhoneNumber"`)
      await db.$executeRawUnsafe(`DROP FUNCTION fail_once_${tag}`)
      await db.$executeRawUnsafe(`DROP SEQUENCE fail_once_${tag}`)
    })

    it('answers in plain words and the queued reconcile imports the number', async () => {
      const org = await readyOrganization('save-fails')
      const attempt = buyNumber(db, scopedDb(db, org.organizationId), { id: org.ownerId, organizationId: org.organizationId }, { phoneNumber }, services)
      await expect(attempt).rejects.toMatchObject({ status: 500, message: `We bought ${phoneNumber} but could not save it yet. It will appear in your list within a few minutes.` })
      expect([...sandbox.store.numbers.values()].filter((n) => n.accountSid === org.accountSid).map((n) => n.phoneNumber)).toEqual([phoneNumber])
      const [imported] = await eventually(async () => {
        const rows = await activeNumbers(org.organizationId)
        return rows.length > 0 && rows
      }, 'the reconcile to import the number')
      expect(imported).toMatchObject({ e164: phoneNumber, routeKind: 'AI' })
      expect((await db.organizationEvent.findMany({ where: { organizationId: org.organizationId } })).map((event) => event.type)).toEqual(
        expect.arrayContaining(['numbers.save_failed', 'numbers.reconciled']),
      )
    })
  })

  it('the scheduled run reconciles every ready organization', async () => {
    const org = await readyOrganization('scheduled')
    const subaccount = clients.subaccount({ accountSid: org.accountSid, authToken: sandbox.store.accounts.get(org.accountSid)!.authToken })
    const bought = await subaccount.incomingPhoneNumbers.create({ areaCode: '646' })
    // What pg-boss's cron sends: a job with no organization, which fans out.
    await jobs().send(RECONCILE_QUEUE, {})
    const [imported] = await eventually(async () => {
      const rows = await activeNumbers(org.organizationId)
      return rows.length > 0 && rows
    }, 'the scheduled reconcile')
    expect(imported).toMatchObject({ twilioSid: bought.sid, e164: bought.phoneNumber })
    expect(await jobs().getSchedules()).toEqual(expect.arrayContaining([expect.objectContaining({ name: RECONCILE_QUEUE, cron: '*/15 * * * *' })]))
  })
})
