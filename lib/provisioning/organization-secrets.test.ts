import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { testPrisma } from '@/lib/db/test-database'
import { parseKeyRing } from '@/lib/crypto/secrets'
import { createOrganization } from '@/lib/testing/factories'
import { loadOrganizationSecrets, storeOrganizationSecrets } from './organization-secrets'

describe('organization secrets at rest', () => {
  const db = testPrisma()
  const keys = parseKeyRing(`1:${randomBytes(32).toString('base64')}`)

  it('the database holds only ciphertext, and the app reads the plaintext back', async () => {
    const { organizationId } = await createOrganization(db, 'secrets')
    const secrets = { authToken: `auth-${randomBytes(16).toString('hex')}`, apiKeySecret: `key-${randomBytes(16).toString('hex')}` }
    await storeOrganizationSecrets(db, organizationId, secrets, keys)

    // Everything the database stores for the organization, as text, in every column and table.
    const rows = await db.$queryRawUnsafe<{ dump: string }[]>(
      `SELECT row_to_json(o)::text AS dump FROM "Organization" o WHERE id = $1
       UNION ALL SELECT row_to_json(a)::text FROM "AuditLog" a WHERE "organizationId" = $1`,
      organizationId,
    )
    const stored = rows.map((row) => row.dump).join('\n')
    expect(stored).toContain('enc1.1.')
    expect(stored).not.toContain(secrets.authToken)
    expect(stored).not.toContain(secrets.apiKeySecret)
    expect(stored).not.toContain(Buffer.from(secrets.authToken).toString('base64'))

    expect(await loadOrganizationSecrets(db, organizationId, keys)).toEqual(secrets)
  })

  it('a ciphertext copied to another organization does not decrypt there', async () => {
    const a = await createOrganization(db, 'copy-a')
    const b = await createOrganization(db, 'copy-b')
    await storeOrganizationSecrets(db, a.organizationId, { authToken: 'token-a', apiKeySecret: 'secret-a' }, keys)
    const sealed = await db.organization.findUniqueOrThrow({ where: { id: a.organizationId } })
    await db.organization.update({ where: { id: b.organizationId }, data: { twilioAuthTokenEnc: sealed.twilioAuthTokenEnc, twilioApiKeySecretEnc: sealed.twilioApiKeySecretEnc } })
    await expect(loadOrganizationSecrets(db, b.organizationId, keys)).rejects.toThrow('failed authentication')
  })
})
