import { withOrg } from '@/lib/auth/with-org'
import { markVoicemail, voicemailPatchSchema } from '@/lib/calls/voicemails'

export const PATCH = withOrg<typeof voicemailPatchSchema, { id: string }>({ body: voicemailPatchSchema }, async ({ db, params, body }) =>
  Response.json({ voicemail: await markVoicemail(db, params.id, body.listened) }),
)
