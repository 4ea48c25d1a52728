import { withOrg } from '@/lib/auth/with-org'
import { notFound } from '@/lib/http/problem'
import { deleteRecording } from '@/lib/recordings/deletion'
import { recordingsStore } from '@/lib/recordings/recording-jobs'
import { requestOrigin } from '@/lib/recordings/request-origin'

export const DELETE = withOrg<undefined, { id: string }>({ roles: ['OWNER', 'ADMIN'] }, async ({ db, user, params, request }) => {
  const recording = await db.recording.findUnique({ where: { id: params.id }, select: { id: true, s3Key: true, status: true } })
  if (!recording || recording.status === 'DELETED') throw notFound('No such recording.')
  await deleteRecording(db, recordingsStore(), recording, { actorUserId: user.id, reason: 'member', metadata: { ...requestOrigin(request) } })
  return new Response(null, { status: 204 })
})
