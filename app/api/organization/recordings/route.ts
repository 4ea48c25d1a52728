import { withOrg } from '@/lib/auth/with-org'
import { prisma } from '@/lib/db/client'
import { recordingSettings, recordingSettingsSchema, updateRecordingSettings } from '@/lib/recordings/settings'

export const GET = withOrg({}, async ({ organizationId }) => Response.json({ settings: await recordingSettings(prisma(), organizationId) }))

export const PATCH = withOrg({ roles: ['OWNER', 'ADMIN'], body: recordingSettingsSchema }, async ({ organizationId, user, body }) =>
  Response.json({ settings: await updateRecordingSettings(prisma(), user.id, organizationId, body) }),
)
