import { withOrg } from '@/lib/auth/with-org'
import { issueRecordingLink } from '@/lib/recordings/playback'
import { recordingsStore } from '@/lib/recordings/recording-jobs'
import { requestOrigin } from '@/lib/recordings/request-origin'

// A presigned GET URL for the player, valid 15 minutes; issued and refused links are audited.
export const POST = withOrg<undefined, { id: string }>({}, async ({ db, user, params, request }) =>
  Response.json(await issueRecordingLink(db, recordingsStore(), user, params.id, 'play', requestOrigin(request))),
)
