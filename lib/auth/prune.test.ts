import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { scopedDb } from '@/lib/tenancy/scoped-db'
import { createInvitation } from '@/lib/team/invitations'
import { createOrganization, uniqueEmail } from '@/lib/testing/factories'
import { requestPasswordReset } from './password-reset'
import { pruneAuthRecords } from './prune'

describe('pruning what the limits and links no longer need', () => {
  const db = testPrisma()
  const noMail = { send: async () => {} }

  it('deletes expired links and expired unaccepted invitations, keeps live ones, and is idempotent', async () => {
    const { organizationId, ownerId, ownerEmail } = await createOrganization(db, 'prune')
    const owner = { id: ownerId, role: 'OWNER' as const }
    const longAgo = new Date(Date.now() - 30 * 86_400_000)
    await requestPasswordReset(db, noMail, ownerEmail, 'https://x.test', longAgo)
    await requestPasswordReset(db, noMail, ownerEmail, 'https://x.test')
    await createInvitation(scopedDb(db, organizationId), owner, { name: 'Old', email: uniqueEmail('old'), role: 'AGENT' }, longAgo)
    const live = await createInvitation(scopedDb(db, organizationId), owner, { name: 'New', email: uniqueEmail('new'), role: 'AGENT' })

    const first = await pruneAuthRecords(db)
    expect(first.userTokens).toBeGreaterThanOrEqual(1)
    expect(first.invitations).toBeGreaterThanOrEqual(1)
    const resets = await db.userToken.findMany({ where: { userId: ownerId, purpose: 'RESET_PASSWORD' } })
    expect(resets).toHaveLength(1)
    expect(resets[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now())
    expect((await db.invitation.findMany({ where: { organizationId } })).map((invitation) => invitation.id)).toEqual([live.invitation.id])

    await pruneAuthRecords(db)
    expect(await db.invitation.count({ where: { organizationId } })).toBe(1)
  })
})
