import { withOrg } from '@/lib/auth/with-org'
import { config } from '@/lib/config/env'
import { prisma } from '@/lib/db/client'
import { controlRecording, recordingControlSchema } from '@/lib/recordings/call-control'
import { organizationTwilioClient } from '@/lib/telephony/parent-client'

// On-demand recording of a live call (start, pause, resume, stop), for the softphone.
export const POST = withOrg<typeof recordingControlSchema, { id: string }>({ body: recordingControlSchema }, async ({ db, organizationId, user, params, body }) =>
  Response.json(await controlRecording({ db: prisma(), scoped: db, twilioClient: organizationTwilioClient, publicUrl: config().publicUrl }, organizationId, user, params.id, body.action)),
)
