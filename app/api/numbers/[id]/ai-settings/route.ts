import { withOrg } from '@/lib/auth/with-org'
import { settingsOverridesSchema } from '@/lib/receptionist/settings'
import { readNumberSettings, writeNumberSettings } from '@/lib/receptionist/settings-api'

type Params = { id: string }

// A number's overrides of the receptionist settings, and the settings its calls get.
export const GET = withOrg<undefined, Params>({}, async ({ db, organizationId, params }) => Response.json(await readNumberSettings(db, organizationId, params.id)))

export const PUT = withOrg<typeof settingsOverridesSchema, Params>({ roles: ['OWNER', 'ADMIN'], body: settingsOverridesSchema }, async ({ db, user, organizationId, body, params }) =>
  Response.json(await writeNumberSettings(db, { id: user.id, organizationId }, params.id, body)),
)
