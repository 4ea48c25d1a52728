import type { PrismaClient } from '@/lib/generated/prisma/client'
import { recordAudit } from '@/lib/audit/record'
import { recordOrganizationEvent } from '@/lib/organization/events'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { isUniqueViolation } from '@/lib/accounts/signup'
import { voiceWebhooks } from '@/lib/telephony/webhook-urls'
import { rowFromTwilio } from './number-view'
import { subaccountClient, type NumberServices } from './twilio-access'

// Makes the database agree with the numbers the organization's subaccount holds at Twilio:
// numbers Twilio has that we lack (a purchase whose save failed, or one bought in Twilio's console)
// are imported, with our webhooks; rows whose number is gone from Twilio are flagged MISSING; a
// MISSING number that is back is ACTIVE again. Runs on demand and on a schedule (reconcile-job.ts).

export interface ReconcileResult {
  imported: string[]
  missing: string[]
  restored: string[]
}

export async function reconcileNumbers(root: PrismaClient, organizationId: string, services: NumberServices, actorUserId: string | null = null): Promise<ReconcileResult> {
  const client = await subaccountClient(root, organizationId, services)
  const atTwilio = await client.incomingPhoneNumbers.list()
  const db = scopedDb(root, organizationId)
  const rows = await db.phoneNumber.findMany({ where: { status: { in: ['ACTIVE', 'MISSING'] } } })
  const bySid = new Map(rows.map((row) => [row.twilioSid, row]))
  const twilioSids = new Set(atTwilio.map((number) => number.sid))
  const result: ReconcileResult = { imported: [], missing: [], restored: [] }
  const webhooks = voiceWebhooks(services.publicUrl)

  for (const number of atTwilio) {
    const row = bySid.get(number.sid)
    if (row?.status === 'MISSING') {
      await db.phoneNumber.update({ where: { id: row.id }, data: { status: 'ACTIVE', statusNote: null } })
      result.restored.push(number.phoneNumber)
    }
    if (row) continue
    if (number.voiceUrl !== webhooks.voiceUrl || number.voiceFallbackUrl !== webhooks.voiceFallbackUrl || number.statusCallback !== webhooks.statusCallback) {
      await client.incomingPhoneNumbers(number.sid).update(webhooks)
    }
    try {
      const created = await db.phoneNumber.create({
        data: { ...rowFromTwilio(organizationId, number), statusNote: 'Imported from Twilio by the reconcile.' },
      })
      await recordAudit(db, { actorUserId, action: 'number.imported', targetType: 'PhoneNumber', targetId: created.id, metadata: { before: null, after: { phoneNumber: created.e164, twilioSid: created.twilioSid } } })
      result.imported.push(number.phoneNumber)
    } catch (error) {
      // A concurrent reconcile imported it first.
      if (!isUniqueViolation(error)) throw error
    }
  }

  for (const row of rows) {
    if (row.status !== 'ACTIVE' || twilioSids.has(row.twilioSid)) continue
    await db.phoneNumber.update({ where: { id: row.id }, data: { status: 'MISSING', statusNote: 'Twilio no longer has this number in your account.' } })
    await recordAudit(db, { actorUserId, action: 'number.missing', targetType: 'PhoneNumber', targetId: row.id, metadata: { before: { status: 'ACTIVE' }, after: { status: 'MISSING' } } })
    result.missing.push(row.e164)
  }

  if (result.imported.length || result.missing.length || result.restored.length) {
    await recordOrganizationEvent(root, organizationId, { type: 'numbers.reconciled', message: `Imported ${result.imported.length}, missing ${result.missing.length}, restored ${result.restored.length}`, detail: { ...result } })
  }
  return result
}
