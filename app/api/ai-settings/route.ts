import { withOrg } from '@/lib/auth/with-org'
import { receptionistSettingsSchema } from '@/lib/receptionist/settings'
import { readOrganizationSettings, writeOrganizationSettings } from '@/lib/receptionist/settings-api'

// The organization's AI receptionist settings; every member reads them, owners and admins change them.
export const GET = withOrg({}, async ({ organizationId }) => Response.json({ settings: await readOrganizationSettings(organizationId) }))

export const PUT = withOrg({ roles: ['OWNER', 'ADMIN'], body: receptionistSettingsSchema }, async ({ user, organizationId, body }) =>
  Response.json({ settings: await writeOrganizationSettings({ id: user.id, organizationId }, body) }),
)
