import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { createOrganization } from '@/lib/testing/factories'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { ensureCallLog } from './call-records'
import { listVoicemails, markVoicemail, storeVoicemail } from './voicemails'

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`

describe('voicemails from callbacks in any order', () => {
  const prisma = testPrisma()

  it('recording action, status callback and transcription — any order, twice, at once — make one voicemail', async () => {
    const { organizationId } = await createOrganization(prisma, 'vm-order')
    const db = scopedDb(prisma, organizationId)
    const orders = [
      ['transcription', 'action', 'status'],
      ['status', 'transcription', 'transcription', 'action'],
      ['action', 'status', 'status', 'transcription'],
    ]
    for (const order of orders) {
      const callSid = sid('CA')
      const recordingSid = sid('RE')
      await ensureCallLog(db, { callSid, from: '+14155550142', to: '+16175550123', direction: 'inbound' })
      const steps = {
        action: () => storeVoicemail(db, { callSid, recordingSid, recordingUrl: 'https://api.twilio.com/rec', recordingStatus: 'completed', durationSeconds: 12 }),
        status: () => storeVoicemail(db, { callSid, recordingSid, recordingUrl: 'https://api.twilio.com/rec', recordingStatus: 'completed', durationSeconds: 12 }),
        transcription: () => storeVoicemail(db, { callSid, recordingSid, transcription: { text: 'Call me back.', status: 'completed' } }),
      }
      for (const step of order) await steps[step as keyof typeof steps]()
      await Promise.all(order.map((step) => steps[step as keyof typeof steps]()))
      const rows = await db.voicemail.findMany({ where: { callSid } })
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ recordingSid, fromNumber: '+14155550142', toNumber: '+16175550123', durationSeconds: 12, transcription: 'Call me back.', transcriptionStatus: 'completed', listenedAt: null })
    }
  })

  it('a failed transcription is kept as failed, and never overrides a completed one', async () => {
    const { organizationId } = await createOrganization(prisma, 'vm-failed')
    const db = scopedDb(prisma, organizationId)
    const callSid = sid('CA')
    const recordingSid = sid('RE')
    await storeVoicemail(db, { callSid, recordingSid, from: '+14155550142', transcription: { text: undefined, status: 'failed' } })
    expect((await db.voicemail.findUniqueOrThrow({ where: { recordingSid } })).transcriptionStatus).toBe('failed')
    await storeVoicemail(db, { callSid, recordingSid, transcription: { text: 'Hello.', status: 'completed' } })
    await storeVoicemail(db, { callSid, recordingSid, transcription: { text: undefined, status: 'failed' } })
    expect(await db.voicemail.findUniqueOrThrow({ where: { recordingSid } })).toMatchObject({ transcription: 'Hello.', transcriptionStatus: 'completed', fromNumber: '+14155550142' })
  })

  it('lists newest first, marks listened, and cannot reach another organization’s voicemail', async () => {
    const a = await createOrganization(prisma, 'vm-a')
    const b = await createOrganization(prisma, 'vm-b')
    const asA = scopedDb(prisma, a.organizationId)
    const asB = scopedDb(prisma, b.organizationId)
    await storeVoicemail(asB, { callSid: sid('CA'), recordingSid: sid('RE'), from: '+1555', durationSeconds: 3 })
    const [theirs] = await listVoicemails(asB)
    await expect(markVoicemail(asA, theirs!.id, true)).rejects.toMatchObject({ status: 404 })
    expect(await listVoicemails(asA)).toEqual([])
    const marked = await markVoicemail(asB, theirs!.id, true)
    expect(marked.listened).toBe(true)
    expect(await listVoicemails(asB, { listened: false })).toEqual([])
  })
})
