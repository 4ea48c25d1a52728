import { withOrg } from '@/lib/auth/with-org'
import { issueRecordingLink } from '@/lib/recordings/playback'
import { recordingsStore } from '@/lib/recordings/recording-jobs'
import { requestOrigin } from '@/lib/recordings/request-origin'

// Downloads go through here so each one is audited: the member is sent on to a presigned URL that
// names the file as an attachment.
export const GET = withOrg<undefined, { id: string }>({}, async ({ db, user, params, request }) => {
  const { url } = await issueRecordingLink(db, recordingsStore(), user, params.id, 'download', requestOrigin(request))
  return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store' } })
})
