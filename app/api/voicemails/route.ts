import { withOrg } from '@/lib/auth/with-org'
import { listVoicemails } from '@/lib/calls/voicemails'

export const GET = withOrg({}, async ({ db }) => Response.json({ voicemails: await listVoicemails(db) }))
